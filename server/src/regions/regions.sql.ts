import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Geometry } from '../../../contracts/geo.ts';
import type { Occupancy, RegionLevel } from '../../../contracts/regions.ts';

export interface RegionRow {
  code: string;
  parentCode: string | null;
  name: string;
  level: RegionLevel;
}

export async function selectRegions(db: Queryable, jurisdiction: string): Promise<RegionRow[]> {
  const { rows } = await db.query<RegionRow>(
    `SELECT code, parent_code AS "parentCode", name, level FROM regions
     WHERE ${inJurisdiction('code', 1)} ORDER BY code`,
    [jurisdiction],
  );
  return rows;
}

export async function selectRegion(db: Queryable, code: string, jurisdiction: string) {
  const { rows } = await db.query<
    RegionRow & { geometry: Geometry; minLon: number; minLat: number; maxLon: number; maxLat: number }
  >(
    `SELECT code, parent_code AS "parentCode", name, level, ST_AsGeoJSON(geom, 6)::json AS geometry,
            ST_XMin(geom) AS "minLon", ST_YMin(geom) AS "minLat", ST_XMax(geom) AS "maxLon", ST_YMax(geom) AS "maxLat"
     FROM regions WHERE code = $1 AND ${inJurisdiction('code', 2)}`,
    [code, jurisdiction],
  );
  return rows[0];
}

export async function selectChildren(db: Queryable, code: string): Promise<RegionRow[]> {
  const { rows } = await db.query<RegionRow>(
    `SELECT code, parent_code AS "parentCode", name, level FROM regions WHERE parent_code = $1 ORDER BY code`,
    [code],
  );
  return rows;
}

/** Occupancy of everything under a region code prefix. */
export async function selectRegionSummary(db: Queryable, code: string) {
  const { rows } = await db.query<Occupancy & { gridWorkers: number }>(
    `WITH b AS (SELECT id FROM buildings WHERE ${inJurisdiction('grid_code', 1)}),
     h AS (SELECT count(*)::int AS houses,
                  count(*) FILTER (WHERE status = 'rented')::int AS rented,
                  count(*) FILTER (WHERE status = 'vacant')::int AS vacant
           FROM houses WHERE building_id IN (SELECT id FROM b)),
     r AS (SELECT count(*)::int AS residents,
                  count(*) FILTER (WHERE category = 'floating')::int AS floating,
                  count(*) FILTER (WHERE 'elderly_alone' = ANY (care_tags))::int AS "elderlyAlone"
           FROM residents WHERE ${inJurisdiction('grid_code', 1)})
     SELECT (SELECT count(*) FROM b)::int AS buildings, h.*, r.*,
            (SELECT count(*) FROM grid_workers WHERE ${inJurisdiction('grid_code', 1)})::int AS "gridWorkers"
     FROM h, r`,
    [code],
  );
  return rows[0]!;
}
