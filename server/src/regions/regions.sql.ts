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

/**
 * Puts buildings into the grid cell holding ST_PointOnSurface(footprint) after grid cells changed:
 * those inside any of the changed cells (new or old extent) or assigned to one of them before; and
 * their residents follow their building; key places by their point. Returns how many of each were
 * looked at again (buildings and residents: moved; places: placed again).
 */
export async function reassignToGrids(db: Queryable, gridCodes: readonly string[]) {
  const { rows } = await db.query<{ buildings: number; residents: number; places: number }>(
    `WITH touched AS (
       SELECT b.id, ST_PointOnSurface(b.footprint) AS p FROM buildings b
       WHERE b.grid_code = ANY ($1::text[])
          OR b.footprint && (SELECT ST_Extent(geom) FROM regions WHERE code = ANY ($1::text[]))
     ), m AS (
       SELECT t.id, (SELECT r.code FROM regions r WHERE r.level = 'grid' AND r.geom && t.p
                     AND ST_Intersects(r.geom, t.p) ORDER BY r.code LIMIT 1) AS code
       FROM touched t
     ), moved AS (
       UPDATE buildings b SET grid_code = m.code FROM m
       WHERE b.id = m.id AND b.grid_code IS DISTINCT FROM m.code RETURNING b.id, b.grid_code
     ), people AS (
       UPDATE residents r SET grid_code = moved.grid_code
       FROM houses h JOIN moved ON moved.id = h.building_id
       WHERE r.house_id = h.id AND r.grid_code IS DISTINCT FROM moved.grid_code RETURNING r.id
     ), places AS (
       UPDATE places p SET grid_code = (SELECT r.code FROM regions r WHERE r.level = 'grid' AND r.geom && p.geom
                                        AND ST_Intersects(r.geom, p.geom) ORDER BY r.code LIMIT 1)
       WHERE p.grid_code = ANY ($1::text[])
          OR p.geom && (SELECT ST_Extent(geom) FROM regions WHERE code = ANY ($1::text[]))
       RETURNING p.id
     )
     SELECT (SELECT count(*) FROM moved)::int AS buildings, (SELECT count(*) FROM people)::int AS residents,
            (SELECT count(*) FROM places)::int AS places`,
    [gridCodes],
  );
  return rows[0]!;
}
