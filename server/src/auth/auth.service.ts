import type { Queryable } from '../db/db.ts';
import type { Permission } from '../../../contracts/auth.ts';
import { audit } from '../audit/audit.service.ts';
import type { Caller, RequestInfo } from '../http/caller.ts';
import { HttpError, TooManyRequests } from '../http/errors.ts';
import {
  clearLoginFailures,
  insertLoginFailure,
  insertSession,
  revokeApiTokenByHash,
  revokeSession,
  selectDisplayPrincipal,
  selectFailureStats,
  selectLoginUser,
  selectRevoked,
  selectSessionPrincipal,
  selectTokenPrincipal,
  touchCredential,
  type PrincipalRow,
} from './auth.sql.ts';
import { verifyPassword } from './passwords.ts';
import { kindOf, newSecret, sha256Hex, type SecretKind } from './secrets.ts';
import { SESSION_IDLE_S, SESSION_TTL_S } from './sessions.ts';

/**
 * Lockout: 5 failures for one username, or 20 from one IP (a command center shares one address),
 * within 15 minutes lock that username / IP until 15 minutes after the last failure.
 */
export const LOCKOUT = { windowS: 15 * 60, maxPerUser: 5, maxPerIp: 20 } as const;

/** Permissions a public-safe display never has: it shows no personal data at all. */
const PERSONAL: readonly Permission[] = [
  'people.read',
  'people.search',
  'people.unmask',
  'people.key_population',
  // Where each grid worker is, is personal data of the worker: not on a public hall's screen.
  'workers.read',
];

/** A credential as presented: a cookie carries only sessions, a bearer header only tokens and displays. */
export async function resolveCredential(
  db: Queryable,
  presented: { secret: string; via: 'bearer' | 'cookie' },
  opts: { touch: boolean } = { touch: false },
): Promise<Caller | undefined> {
  const kind = kindOf(presented.secret);
  if (!kind || (kind === 'session') !== (presented.via === 'cookie')) return undefined;
  const hash = sha256Hex(presented.secret);
  const row =
    kind === 'session'
      ? await selectSessionPrincipal(db, hash, SESSION_IDLE_S)
      : kind === 'token'
        ? await selectTokenPrincipal(db, hash)
        : await selectDisplayPrincipal(db, hash);
  if (!row) return undefined;
  if (opts.touch) await touchCredential(db, kind, hash);
  return toCaller(row, kind, hash);
}

/**
 * Why a credential that resolved before no longer does: 'revoked' when it was taken away (a
 * display or token revoked, a session ended, its user disabled), else 'expired' (ran out, idle).
 */
export async function whyEnded(
  db: Queryable,
  presented: { secret: string; via: 'bearer' | 'cookie' },
): Promise<'revoked' | 'expired'> {
  const kind = kindOf(presented.secret);
  if (!kind) return 'expired';
  return (await selectRevoked(db, kind, sha256Hex(presented.secret))) ? 'revoked' : 'expired';
}

function toCaller(row: PrincipalRow, kind: SecretKind, hash: string): Caller {
  const permissions = new Set(row.permissions);
  if (row.publicSafe) for (const p of PERSONAL) permissions.delete(p);
  return {
    kind: kind === 'display' ? 'display' : 'user',
    id: row.id,
    name: row.name,
    role: row.role,
    jurisdiction: row.jurisdiction,
    permissions,
    publicSafe: row.publicSafe,
    credential: kind === 'display' ? `display:${row.id}` : `${kind}:${hash}`,
  };
}

/**
 * Checks the lockout, then the password (argon2id), opens a session and audits the attempt either
 * way. Unknown usernames and wrong passwords answer alike and take the same time.
 */
export async function login(
  db: Queryable,
  body: { username: string; password: string },
  from: RequestInfo,
): Promise<{ secret: string; caller: Caller }> {
  const { username, password } = body;
  const ip = from.ip ?? '';
  const stats = await selectFailureStats(db, username, ip, LOCKOUT.windowS);
  const lockedS = Math.max(
    stats.userCount >= LOCKOUT.maxPerUser ? stats.userEndsS : 0,
    stats.ipCount >= LOCKOUT.maxPerIp ? stats.ipEndsS : 0,
  );
  if (lockedS > 0) {
    await audit(db, { username }, from, {
      action: 'auth.login',
      outcome: 'denied',
      params: { reason: 'locked' },
    });
    throw new TooManyRequests('too many failed logins; try again later', lockedS);
  }
  const user = await selectLoginUser(db, username);
  const ok =
    (await verifyPassword(user?.passwordHash ?? null, password)) && user !== undefined && !user.disabled;
  if (!ok) {
    await insertLoginFailure(db, username, ip);
    await audit(db, { username, userId: user?.id ?? null }, from, {
      action: 'auth.login',
      outcome: 'failed',
      params: { reason: user?.disabled ? 'disabled' : 'invalid_credentials' },
    });
    throw new HttpError(401, 'invalid_credentials', 'wrong username or password');
  }
  const secret = newSecret('session');
  await insertSession(db, {
    idHash: sha256Hex(secret),
    userId: user.id,
    ttlS: SESSION_TTL_S,
    ip: from.ip,
    userAgent: from.userAgent,
  });
  await clearLoginFailures(db, username, LOCKOUT.windowS);
  const caller = (await resolveCredential(db, { secret, via: 'cookie' }))!;
  await audit(db, caller, from, { action: 'auth.login' });
  return { secret, caller };
}

/** Ends the credential the caller used: its session, or its API token. Displays are revoked by admins. */
export async function logout(db: Queryable, caller: Caller, from: RequestInfo): Promise<void> {
  const [kind, hash] = caller.credential.split(':') as [string, string];
  if (kind === 'display') throw new HttpError(403, 'forbidden', 'a display is revoked by an administrator');
  if (kind === 'session') await revokeSession(db, hash);
  else await revokeApiTokenByHash(db, hash);
  await audit(db, caller, from, { action: 'auth.logout' });
}
