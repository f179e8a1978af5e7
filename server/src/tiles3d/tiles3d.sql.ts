import type { Queryable } from '../db/db.ts';

/** Jurisdictions someone logs in with (users and wall displays): the tilesets worth building ahead. */
export async function selectActiveJurisdictions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ j: string }>(
    `SELECT DISTINCT jurisdiction AS j FROM users UNION SELECT DISTINCT jurisdiction FROM displays ORDER BY 1`,
  );
  return rows.map((r) => r.j);
}
