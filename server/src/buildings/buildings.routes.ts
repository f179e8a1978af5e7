import { Router } from 'express';
import { buildingsQuerySchema, idParamSchema } from '../../../contracts/buildings.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { buildingDetail, buildingResidentsJson, buildingsInBbox } from './buildings.service.ts';

export function buildingsRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/buildings', requirePermission('buildings.read'), async (req, res) => {
    const { bbox, limit } = parse(buildingsQuerySchema, req.query);
    res.json(await buildingsInBbox(db, bbox, limit, callerOf(req)));
  });
  r.get('/buildings/:id', requirePermission('buildings.read'), async (req, res) => {
    res.json(await buildingDetail(db, parse(idParamSchema, req.params.id, 'id'), callerOf(req)));
  });
  r.get('/buildings/:id/residents', requirePermission('people.read'), async (req, res) => {
    const body = await buildingResidentsJson(db, parse(idParamSchema, req.params.id, 'id'), callerOf(req));
    res.type('application/json').send(body);
  });
  return r;
}
