import type { Request } from 'express';
import type { Permission, Role } from '../../../contracts/auth.ts';
import { unauthenticated } from './errors.ts';

/**
 * Who is asking and what they may see, resolved from the session cookie or bearer token by
 * auth.middleware.ts. Every query takes the caller's jurisdiction (a region code prefix, '' = the
 * whole installation) as a SQL parameter; permissions come from the role_permissions table.
 */
export interface Caller {
  kind: 'user' | 'display';
  /** users.id or displays.id */
  id: number;
  /** username or display name */
  name: string;
  role: Role;
  jurisdiction: string;
  permissions: ReadonlySet<Permission>;
  /** A public-safe wall display: no personal data at all. */
  publicSafe: boolean;
  /** What authenticated the request ('session:<sha256>', 'token:<sha256>', 'display:<id>'), for revocation. */
  credential: string;
}

const callers = new WeakMap<Request, Caller>();

export function setCaller(req: Request, caller: Caller): void {
  callers.set(req, caller);
}

export function optionalCallerOf(req: Request): Caller | undefined {
  return callers.get(req);
}

/** The authenticated caller; a request without one never reaches a handler (requireAuth), so this is a 401. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (!caller) throw unauthenticated();
  return caller;
}

/** Whether a region code (or jurisdiction) lies inside the caller's jurisdiction. */
export const isInside = (caller: Pick<Caller, 'jurisdiction'>, code: string) =>
  code.startsWith(caller.jurisdiction);

/** Where a request came from, for the audit log and the lockout. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export function requestInfo(req: Request): RequestInfo {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 256) ?? null };
}
