import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { User } from '../../../contracts/auth.ts';

const USER_COLUMNS = `id, username, display_name AS "displayName", role, jurisdiction, disabled`;

export async function insertUser(
  db: Queryable,
  u: { username: string; displayName: string; role: string; jurisdiction: string; passwordHash: string },
) {
  const { rows } = await db.query<User>(
    `INSERT INTO users (username, display_name, role, jurisdiction, password_hash)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [u.username, u.displayName, u.role, u.jurisdiction, u.passwordHash],
  );
  return rows[0];
}

/** Users whose jurisdiction lies inside the given one. */
export async function selectUsers(db: Queryable, jurisdiction: string) {
  const { rows } = await db.query<User>(
    `SELECT ${USER_COLUMNS} FROM users WHERE ${inJurisdiction('jurisdiction', 1)} ORDER BY username`,
    [jurisdiction],
  );
  return rows;
}

export async function countUsers(db: Queryable) {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
  return rows[0]!.n;
}

/** New password hash; every session and API token of the user ends. Returns the user id. */
export async function updatePassword(db: Queryable, username: string, passwordHash: string) {
  const { rows } = await db.query<{ id: number }>(
    `WITH u AS (UPDATE users SET password_hash = $2, password_changed_at = now() WHERE username = $1 RETURNING id),
     s AS (UPDATE sessions SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL),
     t AS (UPDATE api_tokens SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL)
     SELECT id FROM u`,
    [username, passwordHash],
  );
  return rows[0]?.id;
}
