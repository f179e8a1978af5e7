import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { idParamSchema } from '../../../contracts/buildings.ts';
import { searchQuerySchema, unmaskBodySchema } from '../../../contracts/residents.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
import { TooManyRequests } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { searchPeople, unmaskResident } from './residents.service.ts';

export function residentsRoutes({ db, limits, auditKey }: Deps): Router {
  const r = Router();
  // Per caller (not per IP: a command center shares one address); bulk harvesting through search is the risk.
  const searchLimit = rateLimit({
    windowMs: 60_000,
    limit: limits.searchPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => callerOf(req).credential,
    handler: (_req, _res, next, options) =>
      next(new TooManyRequests('too many searches', Math.ceil(options.windowMs / 1000))),
  });
  r.get('/residents/search', requirePermission('people.search'), searchLimit, async (req, res) => {
    const { q, limit } = parse(searchQuerySchema, req.query);
    res.json(await searchPeople(db, q, limit, callerOf(req), requestInfo(req), auditKey));
  });
  r.post('/residents/:id/unmask', requirePermission('people.unmask'), async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    const { reason } = parse(unmaskBodySchema, req.body ?? {}, 'body');
    res.json(await unmaskResident(db, id, reason, callerOf(req), requestInfo(req)));
  });
  return r;
}
