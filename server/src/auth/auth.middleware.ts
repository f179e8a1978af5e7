import type { RequestHandler } from 'express';
import type { Permission } from '../../../contracts/auth.ts';
import type { Queryable } from '../db/db.ts';
import { optionalCallerOf, setCaller } from '../http/caller.ts';
import { forbidden, unauthenticated } from '../http/errors.ts';
import { resolveCredential } from './auth.service.ts';
import type { CredentialCache } from './credentialCache.ts';
import { presentedSecret } from './sessions.ts';

/**
 * Resolves the session cookie or bearer token to the caller (from the cache when it was resolved
 * in the last few seconds); routes then require what they need.
 */
export function authenticate(db: Queryable, cache: CredentialCache): RequestHandler {
  return async (req, _res, next) => {
    const presented = presentedSecret({ authorization: req.get('authorization'), cookie: req.get('cookie') });
    if (presented) {
      const key = `${presented.via}:${presented.secret}`;
      let caller = cache.get(key);
      if (!caller) {
        caller = await resolveCredential(db, presented, { touch: true });
        if (caller) cache.set(key, caller);
      }
      if (caller) setCaller(req, caller);
    }
    next();
  };
}

/** 401 without a valid credential. */
export const requireAuth: RequestHandler = (req, _res, next) => {
  next(optionalCallerOf(req) ? undefined : unauthenticated());
};

/** 401 without a valid credential, 403 when the caller's role lacks the permission. */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    const caller = optionalCallerOf(req);
    if (!caller) return next(unauthenticated());
    next(caller.permissions.has(permission) ? undefined : forbidden(permission));
  };
}
