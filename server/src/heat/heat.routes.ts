import { Router } from 'express';
import { heatQuerySchema } from '../../../contracts/heat.ts';
import type { Deps } from '../app.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { HeatService } from './heat.service.ts';

/** Heat zones from the rollups (contracts/heat.ts); the layer names its permission. */
export function heatRoutes({ db }: Deps): Router {
  const r = Router();
  const heat = new HeatService(db);
  r.get('/heat', async (req, res) => {
    res.json(await heat.heat(callerOf(req), parse(heatQuerySchema, req.query)));
  });
  return r;
}
