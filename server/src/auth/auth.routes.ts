import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { createTokenBodySchema, loginBodySchema, type Me } from '../../../contracts/auth.ts';
import { idParamSchema } from '../../../contracts/buildings.ts';
import type { Deps } from '../app.ts';
import { callerOf, requestInfo, type Caller } from '../http/caller.ts';
import { notFound, TooManyRequests } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { requireAuth } from './auth.middleware.ts';
import { login, logout } from './auth.service.ts';
import { clearSessionCookie, setSessionCookie } from './sessions.ts';
import { createToken, listTokens, revokeToken } from './tokens.service.ts';

export const meOf = (c: Caller): Me => ({
  kind: c.kind,
  id: c.id,
  name: c.name,
  role: c.role,
  jurisdiction: c.jurisdiction,
  permissions: [...c.permissions].sort(),
  publicSafe: c.publicSafe,
});

export function authRoutes({ db, revocations, limits }: Deps): Router {
  const r = Router();
  // Per IP, in front of the per-username/IP lockout: blunts password spraying across usernames.
  const loginLimit = rateLimit({
    windowMs: 60_000,
    limit: limits.loginPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next, options) =>
      next(new TooManyRequests('too many login attempts', Math.ceil(options.windowMs / 1000))),
  });
  r.post('/auth/login', loginLimit, async (req, res) => {
    const body = parse(loginBodySchema, req.body ?? {}, 'body');
    const { secret, caller } = await login(db, body, requestInfo(req));
    setSessionCookie(req, res, secret);
    res.json(meOf(caller));
  });
  r.post('/auth/logout', requireAuth, async (req, res) => {
    const caller = callerOf(req);
    await logout(db, caller, requestInfo(req));
    revocations.revoke(caller.credential);
    clearSessionCookie(req, res);
    res.status(204).end();
  });
  r.get('/auth/me', requireAuth, (req, res) => {
    res.json(meOf(callerOf(req)));
  });
  // Bearer tokens for devices and other platforms: a user's own, with that user's role and jurisdiction.
  r.get('/auth/tokens', requireAuth, async (req, res) => {
    res.json({ tokens: await listTokens(db, callerOf(req)) });
  });
  r.post('/auth/tokens', requireAuth, async (req, res) => {
    const body = parse(createTokenBodySchema, req.body ?? {}, 'body');
    res.status(201).json(await createToken(db, callerOf(req), body, requestInfo(req)));
  });
  r.delete('/auth/tokens/:id', requireAuth, async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    const credential = await revokeToken(db, callerOf(req), id, requestInfo(req));
    if (!credential) throw notFound(`token ${id}`, 'id');
    revocations.revoke(credential);
    res.status(204).end();
  });
  return r;
}
