import { Router } from 'express';
import { firstAdminSchema } from '../../../contracts/installation.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { areaOf, createFirstAdmin, isFromThisMachine, setupNeeded } from './installation.service.ts';

/** Public: whether the installation needs its first administrator, and the basemap source. */
export function installationRoutes({ db, basemap }: Deps): Router {
  const r = Router();
  r.get('/installation', async (req, res) => {
    res.json({ setupNeeded: await setupNeeded(db), local: isFromThisMachine(req), basemap: basemap ?? null });
  });
  r.post('/installation/admin', async (req, res) => {
    if (!isFromThisMachine(req))
      throw new HttpError(
        403,
        'not_local',
        'the first administrator is made on the machine the server runs on (http://localhost…/setup) or with npm run users',
      );
    const body = parse(firstAdminSchema, req.body, 'body');
    res.status(201).json(await createFirstAdmin(db, body, requestInfo(req)));
  });
  return r;
}

/** Where the caller's screen opens and what its jurisdiction holds (the empty screen says what to import). */
export function areaRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/area', requirePermission('regions.read'), async (req, res) => {
    res.json(await areaOf(db, callerOf(req).jurisdiction));
  });
  return r;
}
