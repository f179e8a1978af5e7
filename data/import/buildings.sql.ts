import type { Queryable } from '../../server/src/db/db.ts';
import type { BuildingRow } from './geojson.ts';

export interface UpsertedBuilding {
  /** Index into the rows passed in. */
  ord: number;
  /** null when the footprint was empty after ST_MakeValid (nothing written). */
  id: number | null;
  inserted: boolean | null;
  repaired: boolean;
}

/**
 * Inserts or updates (on source + source_id) one chunk of buildings in one statement.
 * Invalid footprints are repaired with ST_MakeValid keeping only polygonal parts
 * (ST_CollectionExtract(…, 3)); those still empty or invalid are skipped and come back with id null.
 * `xmax = 0` tells a fresh insert from an update of an existing row.
 */
export async function upsertBuildings(
  db: Queryable,
  source: string,
  rows: readonly BuildingRow[],
  /** The footprints' CRS (EPSG), transformed to WGS84 here; 4326 by default. */
  srid = 4326,
): Promise<UpsertedBuilding[]> {
  const { rows: out } = await db.query<UpsertedBuilding>(
    `WITH u AS (
       SELECT u.*, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(u.geojson), $9::int), 4326) AS raw
       FROM unnest($2::int4[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::float8[], $8::text[])
         AS u(ord, source_id, name, use, floors, height_m, geojson)
     ), f AS (
       SELECT u.ord, u.source_id, u.name, u.use, u.floors, u.height_m, NOT v.ok AS repaired,
         CASE WHEN v.ok THEN ST_Multi(u.raw) ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(u.raw), 3)) END AS footprint
       FROM u CROSS JOIN LATERAL (SELECT ST_IsValid(u.raw) AS ok) v
     ), ins AS (
       INSERT INTO buildings AS b (source, source_id, name, use, floors, height_m, footprint)
       SELECT $1, f.source_id, f.name, f.use, f.floors, f.height_m, f.footprint FROM f
       WHERE NOT ST_IsEmpty(f.footprint) AND ST_IsValid(f.footprint)
       ON CONFLICT (source, source_id) DO UPDATE SET
         name = EXCLUDED.name, use = EXCLUDED.use, floors = EXCLUDED.floors, height_m = EXCLUDED.height_m,
         footprint = EXCLUDED.footprint, updated_at = now()
       RETURNING b.id, b.source_id, (b.xmax = 0) AS inserted
     )
     SELECT f.ord, ins.id, ins.inserted, f.repaired FROM f LEFT JOIN ins ON ins.source_id = f.source_id ORDER BY f.ord`,
    [
      source,
      rows.map((_, i) => i),
      rows.map((r) => r.sourceId),
      rows.map((r) => r.name),
      rows.map((r) => r.use),
      rows.map((r) => r.floors),
      rows.map((r) => r.heightM),
      rows.map((r) => JSON.stringify(r.footprint)),
      srid,
    ],
  );
  return out;
}

/**
 * Sets grid_code from the grid cell (regions.level = 'grid') containing ST_PointOnSurface(footprint);
 * null outside every grid. Only rows whose grid changes are written.
 */
export async function assignBuildingGrids(db: Queryable, buildingIds: readonly number[]): Promise<number> {
  const { rows } = await db.query(
    `WITH m AS (
       SELECT b.id, (SELECT r.code FROM regions r
                     WHERE r.level = 'grid' AND ST_Intersects(r.geom, ST_PointOnSurface(b.footprint))
                     ORDER BY r.code LIMIT 1) AS code
       FROM buildings b WHERE b.id = ANY($1::int8[])
     )
     UPDATE buildings b SET grid_code = m.code FROM m
     WHERE b.id = m.id AND b.grid_code IS DISTINCT FROM m.code
     RETURNING b.id`,
    [buildingIds],
  );
  return rows.length;
}

/** Keeps residents.grid_code in step with their building's grid after a re-import moved a footprint. */
export async function syncResidentGrids(db: Queryable, buildingIds: readonly number[]): Promise<void> {
  await db.query(
    `UPDATE residents r SET grid_code = b.grid_code
     FROM houses h JOIN buildings b ON b.id = h.building_id
     WHERE r.house_id = h.id AND b.id = ANY($1::int8[]) AND r.grid_code IS DISTINCT FROM b.grid_code`,
    [buildingIds],
  );
}
