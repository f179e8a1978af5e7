import { Router } from 'express';
import type { Health } from '../../../contracts/health.ts';
import type { Deps } from '../app.ts';
import { optionalCallerOf } from '../http/caller.ts';
import { selectCounts, selectVersions } from './health.sql.ts';

/**
 * Open to monitoring without a login (engine, versions, capabilities). Counts only for a logged-in
 * caller, inside the caller's jurisdiction: installation totals minus one's own street's counts
 * would tell a sibling street's.
 */
export function healthRoutes({ db, capabilities }: Deps): Router {
  const r = Router();
  r.get('/health', async (req, res) => {
    const caller = optionalCallerOf(req);
    const [versions, counts] = await Promise.all([
      selectVersions(db),
      caller ? selectCounts(db, caller.jurisdiction) : undefined,
    ]);
    const body: Health = {
      status: 'ok',
      engine: db.engine,
      ...versions,
      capabilities,
      ...(counts ? { counts } : {}),
    };
    res.json(body);
  });
  return r;
}
