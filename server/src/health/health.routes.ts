import { Router } from 'express';
import type { Health } from '../../../contracts/health.ts';
import type { Deps } from '../app.ts';
import { callerOf } from '../http/caller.ts';
import { selectCounts, selectVersions } from './health.sql.ts';

/** Any authenticated caller; the counts are aggregates inside the caller's jurisdiction. */
export function healthRoutes({ db, capabilities }: Deps): Router {
  const r = Router();
  r.get('/health', async (req, res) => {
    const [versions, counts] = await Promise.all([
      selectVersions(db),
      selectCounts(db, callerOf(req).jurisdiction),
    ]);
    const body: Health = { status: 'ok', engine: db.engine, ...versions, capabilities, counts };
    res.json(body);
  });
  return r;
}
