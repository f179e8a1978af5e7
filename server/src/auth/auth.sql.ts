import type { Queryable } from '../db/db.ts';
import type { Permission, Role } from '../../../contracts/auth.ts';

export interface PrincipalRow {
  id: number;
  name: string;
  role: Role;
  jurisdiction: string;
  permissions: Permission[];
  publicSafe: boolean;
}

export const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PERMISSIONS = (role: string) =>
  `ARRAY(SELECT permission FROM role_permissions WHERE role = ${role} ORDER BY permission) AS permissions`;

/** A live session (not revoked, not expired, not idle longer than idleS) of an enabled user. */
export async function selectSessionPrincipal(db: Queryable, idHash: string, idleS: number) {
  const { rows } = await db.query<PrincipalRow>(
    `SELECT u.id, u.username AS name, u.role, u.jurisdiction, ${PERMISSIONS('u.role')}, false AS "publicSafe"
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_seen_at > now() - make_interval(secs => $2) AND NOT u.disabled`,
    [idHash, idleS],
  );
  return rows[0];
}

export async function selectTokenPrincipal(db: Queryable, tokenHash: string) {
  const { rows } = await db.query<PrincipalRow>(
    `SELECT u.id, u.username AS name, u.role, u.jurisdiction, ${PERMISSIONS('u.role')}, false AS "publicSafe"
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  return rows[0];
}

/** Displays act with the leader role's permissions; public-safe ones lose people.* in the service. */
export async function selectDisplayPrincipal(db: Queryable, tokenHash: string) {
  const { rows } = await db.query<PrincipalRow>(
    `SELECT d.id, d.name, 'leader' AS role, d.jurisdiction, ${PERMISSIONS(`'leader'`)}, d.public_safe AS "publicSafe"
     FROM displays d WHERE d.token_hash = $1 AND d.revoked_at IS NULL`,
    [tokenHash],
  );
  return rows[0];
}

/** Marks a credential used; written at most once a minute per credential. */
export async function touchCredential(db: Queryable, kind: 'session' | 'token' | 'display', hash: string) {
  const sql = {
    session: `UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1 AND last_seen_at < now() - interval '1 minute'`,
    token: `UPDATE api_tokens SET last_used_at = now()
             WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    display: `UPDATE displays SET last_used_at = now()
               WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
  }[kind];
  await db.query(sql, [hash]);
}

export async function selectLoginUser(db: Queryable, username: string) {
  const { rows } = await db.query<{ id: number; passwordHash: string; disabled: boolean }>(
    `SELECT id, password_hash AS "passwordHash", disabled FROM users WHERE username = $1`,
    [username],
  );
  return rows[0];
}

export async function insertSession(
  db: Queryable,
  s: { idHash: string; userId: number; ttlS: number; ip: string | null; userAgent: string | null },
) {
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, expires_at, ip, user_agent)
     VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5)`,
    [s.idHash, s.userId, s.ttlS, s.ip, s.userAgent],
  );
}

export async function revokeSession(db: Queryable, idHash: string) {
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL`, [
    idHash,
  ]);
}

export async function revokeUserSessions(db: Queryable, userId: number) {
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
    userId,
  ]);
}

/** Failed logins inside the window for this username and for this IP, and seconds until each lock ends. */
export async function selectFailureStats(db: Queryable, username: string, ip: string, windowS: number) {
  const { rows } = await db.query<{ userCount: number; ipCount: number; userEndsS: number; ipEndsS: number }>(
    `SELECT count(*) FILTER (WHERE username = $1)::int AS "userCount",
            count(*) FILTER (WHERE ip = $2)::int AS "ipCount",
            coalesce(ceil(extract(epoch FROM max(at) FILTER (WHERE username = $1)
                                  + make_interval(secs => $3) - now())), 0)::int AS "userEndsS",
            coalesce(ceil(extract(epoch FROM max(at) FILTER (WHERE ip = $2)
                                  + make_interval(secs => $3) - now())), 0)::int AS "ipEndsS"
     FROM login_failures
     WHERE (username = $1 OR ip = $2) AND at > now() - make_interval(secs => $3)`,
    [username, ip, windowS],
  );
  return rows[0]!;
}

export async function insertLoginFailure(db: Queryable, username: string, ip: string) {
  await db.query(`INSERT INTO login_failures (username, ip) VALUES ($1, $2)`, [username, ip]);
}

/** A successful login clears that username's failures; old rows of everyone are pruned. */
export async function clearLoginFailures(db: Queryable, username: string, windowS: number) {
  await db.query(`DELETE FROM login_failures WHERE username = $1 OR at < now() - make_interval(secs => $2)`, [
    username,
    windowS,
  ]);
}

export async function insertApiToken(
  db: Queryable,
  t: { tokenHash: string; name: string; userId: number; expiresInDays: number },
) {
  const { rows } = await db.query<TokenRow>(
    `INSERT INTO api_tokens (token_hash, name, user_id, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))
     RETURNING ${TOKEN_COLUMNS}`,
    [t.tokenHash, t.name, t.userId, t.expiresInDays],
  );
  return rows[0]!;
}

export interface TokenRow {
  id: number;
  name: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}
const TOKEN_COLUMNS = `id, name, ${ISO('created_at')} AS "createdAt", ${ISO('expires_at')} AS "expiresAt",
  ${ISO('revoked_at')} AS "revokedAt"`;

export async function selectApiTokens(db: Queryable, userId: number) {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id`,
    [userId],
  );
  return rows;
}

/** Revokes one of the user's tokens; returns its hash (for closing its sockets) or undefined. */
export async function revokeApiToken(db: Queryable, id: number, userId: number) {
  const { rows } = await db.query<{ tokenHash: string }>(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2
     RETURNING token_hash AS "tokenHash"`,
    [id, userId],
  );
  return rows[0]?.tokenHash;
}

export async function revokeApiTokenByHash(db: Queryable, tokenHash: string) {
  await db.query(`UPDATE api_tokens SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [
    tokenHash,
  ]);
}

/** Whether a credential that no longer resolves was taken away (revoked, its user disabled) rather than run out. */
export async function selectRevoked(db: Queryable, kind: 'session' | 'token' | 'display', hash: string) {
  const sql = {
    session: `SELECT s.revoked_at IS NOT NULL OR u.disabled AS revoked FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`,
    token: `SELECT t.revoked_at IS NOT NULL OR u.disabled AS revoked FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
    display: `SELECT revoked_at IS NOT NULL AS revoked FROM displays WHERE token_hash = $1`,
  }[kind];
  const { rows } = await db.query<{ revoked: boolean }>(sql, [hash]);
  return rows[0]?.revoked === true;
}
