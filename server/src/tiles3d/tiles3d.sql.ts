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

/** Which database a tileset was built from, and up to which transaction (see 0007_tiles_changes.sql). */
export interface TilesetStamp {
  db: string;
  /** pg_snapshot_xmin at the check before the build, as text (xid8). */
  watermark: string;
}

/**
 * One cheap check: this database's identity, a new watermark, and whether a transaction at or
 * above `since` (another stamp's watermark) wrote buildings, houses or residents and committed.
 * Read before a build: everything below the new watermark had ended, so the build sees it.
 */
export async function selectSourceCheck(
  db: Queryable,
  since: string | null,
): Promise<TilesetStamp & { changed: boolean }> {
  const { rows } = await db.query<TilesetStamp & { changed: boolean }>(
    `SELECT s.db::text AS db, pg_snapshot_xmin(pg_current_snapshot())::text AS watermark,
            ($1::text IS NULL OR $1::xid8 <= s.pruned_below
             OR EXISTS (SELECT 1 FROM tiles3d_changes WHERE xid >= $1::xid8)) AS changed
     FROM tiles3d_source s`,
    [since],
  );
  return rows[0]!;
}

/** Forgets transactions every tileset has long seen (the checks run every few seconds). */
export async function pruneSourceChanges(db: Queryable, below: string): Promise<void> {
  await db.query(
    `WITH gone AS (DELETE FROM tiles3d_changes WHERE xid < $1::xid8 AND at < now() - interval '1 hour'
                   RETURNING xid)
     UPDATE tiles3d_source SET pruned_below = greatest(pruned_below, (SELECT max(xid) FROM gone))
     WHERE EXISTS (SELECT 1 FROM gone)`,
    [below],
  );
}
