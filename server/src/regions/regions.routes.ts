import { Router } from 'express';
import { regionCodeSchema } from '../../../contracts/regions.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { regionDetail, regionTree } from './regions.service.ts';

export function regionsRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/regions', requirePermission('regions.read'), async (req, res) => {
    res.json({ regions: await regionTree(db, callerOf(req)) });
  });
  r.get('/regions/:code', requirePermission('regions.read'), async (req, res) => {
    const code = parse(regionCodeSchema, req.params.code, 'code');
    res.json(await regionDetail(db, code, callerOf(req)));
  });
  return r;
}
