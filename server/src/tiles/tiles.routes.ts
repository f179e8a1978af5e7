import { Router } from 'express';
import { tileParamsSchema } from '../../../contracts/tiles.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { buildingsTile } from './tiles.service.ts';

export function tilesRoutes({ db, capabilities }: Deps): Router {
  const r = Router();
  r.get('/tiles/buildings/:z/:x/:y.mvt', requirePermission('buildings.read'), async (req, res) => {
    const t = parse(tileParamsSchema, req.params, 'tile');
    const mvt = await buildingsTile(db, t, callerOf(req).jurisdiction, capabilities.mvt);
    // Per user (jurisdiction-scoped): the browser may keep it briefly, shared caches may not.
    res.set('Cache-Control', 'private, max-age=60');
    if (mvt.length === 0) return void res.status(204).end();
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(mvt));
  });
  return r;
}
