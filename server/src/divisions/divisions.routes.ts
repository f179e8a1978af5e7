import { Router } from 'express';
import { idParamSchema } from '../../../contracts/buildings.ts';
import { divisionCreateSchema, divisionListQuerySchema } from '../../../contracts/divisions.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { audit } from '../audit/audit.service.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
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
  // committing re-draws jurisdictions (who sees which buildings): audited, as is a discard
  r.post('/divisions/:id/commit', manage, async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    const division = await commitDivision(db, id, callerOf(req));
    await audit(db, callerOf(req), requestInfo(req), {
      action: 'divisions.commit',
      target: `division:${id}`,
      params: { region: division.region, cells: division.cells.features.length },
    });
    res.json(division);
  });
  r.delete('/divisions/:id', manage, async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    await discardDivision(db, id, callerOf(req));
    await audit(db, callerOf(req), requestInfo(req), {
      action: 'divisions.discard',
      target: `division:${id}`,
    });
    res.status(204).end();
  });
  return r;
}
