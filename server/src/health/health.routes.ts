import { Router } from 'express';
import type { Health } from '../../../contracts/health.ts';
import type { Deps } from '../app.ts';
import { selectCounts, selectVersions } from './health.sql.ts';

export function healthRoutes({ db, capabilities }: Deps): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const [versions, counts] = await Promise.all([selectVersions(db), selectCounts(db)]);
    const body: Health = { status: 'ok', engine: db.engine, ...versions, capabilities, counts };
    res.json(body);
  });
  return r;
}
