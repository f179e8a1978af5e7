import type { Queryable } from '../db/db.ts';

/**
 * Jurisdictions a screen opens with (users and wall displays): the tilesets worth building ahead.
 * Grid workers' phone accounts (linked in grid_workers.user_id) only report positions: building a
 * tileset per phone's cell at start (200 in the demo) only delayed the screens' own.
 */
export async function selectActiveJurisdictions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ j: string }>(
    `SELECT DISTINCT jurisdiction AS j FROM users u
     WHERE NOT EXISTS (SELECT 1 FROM grid_workers w WHERE w.user_id = u.id)
     UNION SELECT DISTINCT jurisdiction FROM displays ORDER BY 1`,
  );
  return rows.map((r) => r.j);
}
