import { Router } from 'express';
import { basemapQuerySchema, type Basemap } from '../../../contracts/basemap.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { selectRegionOutlines, selectRoads } from './basemap.sql.ts';

export function basemapRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/basemap', requirePermission('regions.read'), async (req, res) => {
    const { bbox } = parse(basemapQuerySchema, req.query);
    const caller = callerOf(req);
    const [roads, regions] = await Promise.all([
      selectRoads(db, bbox),
      selectRegionOutlines(db, bbox, caller.jurisdiction),
    ]);
    const body: Basemap = { roads, regions };
    res.set('Cache-Control', 'private, max-age=300').json(body);
  });
  return r;
}
