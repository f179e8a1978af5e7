import { Router } from 'express';
import { idParamSchema } from '../../../contracts/buildings.ts';
import { divisionCreateSchema, divisionListQuerySchema } from '../../../contracts/divisions.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import {
  commitDivision,
  discardDivision,
  divisionOf,
  listDivisions,
  proposeDivision,
} from './divisions.service.ts';

/** Grid division proposals (contracts/divisions.ts), reviewed on the screen, then committed. */
export function divisionsRoutes({ db }: Deps): Router {
  const r = Router();
  const manage = requirePermission('regions.manage');
  r.get('/divisions', manage, async (req, res) => {
    const { region } = parse(divisionListQuerySchema, req.query);
    res.json({ divisions: await listDivisions(db, region, callerOf(req).jurisdiction) });
  });
  r.post('/divisions', manage, async (req, res) => {
    const body = parse(divisionCreateSchema, req.body, 'body');
    res.status(201).json(await proposeDivision(db, callerOf(req), body.region, body.households));
  });
  r.get('/divisions/:id', manage, async (req, res) => {
    res.json(await divisionOf(db, parse(idParamSchema, req.params.id, 'id'), callerOf(req).jurisdiction));
  });
  r.post('/divisions/:id/commit', manage, async (req, res) => {
    res.json(await commitDivision(db, parse(idParamSchema, req.params.id, 'id'), callerOf(req)));
  });
  r.delete('/divisions/:id', manage, async (req, res) => {
    await discardDivision(db, parse(idParamSchema, req.params.id, 'id'), callerOf(req));
    res.status(204).end();
  });
  return r;
}
