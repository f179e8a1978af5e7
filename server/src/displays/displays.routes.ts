import { Router } from 'express';
import { createDisplayBodySchema } from '../../../contracts/auth.ts';
import { idParamSchema } from '../../../contracts/buildings.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { createDisplay, listDisplays, removeDisplay } from './displays.service.ts';

export function displaysRoutes({ db, revocations }: Deps): Router {
  const r = Router();
  const manage = requirePermission('displays.manage');
  r.get('/displays', manage, async (req, res) => {
    res.json({ displays: await listDisplays(db, callerOf(req)) });
  });
  r.post('/displays', manage, async (req, res) => {
    const body = parse(createDisplayBodySchema, req.body ?? {}, 'body');
    res.status(201).json(await createDisplay(db, callerOf(req), body, requestInfo(req)));
  });
  r.delete('/displays/:id', manage, async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    await removeDisplay(db, callerOf(req), id, requestInfo(req));
    revocations.revoke(`display:${id}`);
    res.status(204).end();
  });
  return r;
}
