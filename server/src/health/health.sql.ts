import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';

export async function selectVersions(db: Queryable) {
  const { rows } = await db.query<{ postgres: string; postgis: string }>(
    `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis`,
  );
  return rows[0]!;
}

/** Exact counts inside a jurisdiction; cheap at district scale (index scans on grid_code). */
export async function selectCounts(db: Queryable, jurisdiction: string) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM regions WHERE ${inJurisdiction('code', 1)})::int AS regions,
            (SELECT count(*) FROM buildings WHERE ${inJurisdiction('grid_code', 1)})::int AS buildings,
            (SELECT count(*) FROM houses h JOIN buildings b ON b.id = h.building_id
              WHERE ${inJurisdiction('b.grid_code', 1)})::int AS houses,
            (SELECT count(*) FROM residents WHERE ${inJurisdiction('grid_code', 1)})::int AS residents,
            (SELECT count(*) FROM grid_workers WHERE ${inJurisdiction('grid_code', 1)})::int AS "gridWorkers",
            (SELECT count(*) FROM places WHERE ${inJurisdiction('grid_code', 1)})::int AS places`,
    [jurisdiction],
  );
  return rows[0] as {
    regions: number;
    buildings: number;
    houses: number;
    residents: number;
    gridWorkers: number;
    places: number;
  };
}

/**
 * Whether ST_AsMVT works: PGlite's PostGIS is compiled without protobuf-c, so vector tiles must be
 * encoded in JS there; on real PostGIS the database encodes them.
 */
export async function detectMvt(db: Queryable): Promise<boolean> {
  try {
    await db.query(
      `SELECT ST_AsMVT(q) FROM (SELECT ST_AsMVTGeom(ST_Point(0, 0), ST_MakeEnvelope(-1, -1, 1, 1)) AS g) q`,
    );
    return true;
  } catch {
    return false;
  }
}
