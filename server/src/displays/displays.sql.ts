import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Display } from '../../../contracts/auth.ts';
import { ISO } from '../auth/auth.sql.ts';

const COLUMNS = `id, name, jurisdiction, public_safe AS "publicSafe", ${ISO('created_at')} AS "createdAt",
  ${ISO('revoked_at')} AS "revokedAt"`;

export async function insertDisplay(
  db: Queryable,
  d: { tokenHash: string; name: string; jurisdiction: string; publicSafe: boolean; createdBy: number | null },
) {
  const { rows } = await db.query<Display>(
    `INSERT INTO displays (token_hash, name, jurisdiction, public_safe, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [d.tokenHash, d.name, d.jurisdiction, d.publicSafe, d.createdBy],
  );
  return rows[0]!;
}

export async function selectDisplays(db: Queryable, jurisdiction: string) {
  const { rows } = await db.query<Display>(
    `SELECT ${COLUMNS} FROM displays WHERE ${inJurisdiction('jurisdiction', 1)} ORDER BY id`,
    [jurisdiction],
  );
  return rows;
}

/** Revokes a display inside the jurisdiction; undefined when there is none (or it lies outside). */
export async function revokeDisplay(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<Display>(
    `UPDATE displays SET revoked_at = coalesce(revoked_at, now())
     WHERE id = $1 AND ${inJurisdiction('jurisdiction', 2)} RETURNING ${COLUMNS}`,
    [id, jurisdiction],
  );
  return rows[0];
}
