import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { TileParams } from '../../../contracts/tiles.ts';
import type { Geometry } from '../../../contracts/geo.ts';

/** Columns every building feature carries in the 'buildings' layer. */
const PROPS = `b.id, b.floors, b.height_m AS "heightM", b.use, b.grid_code AS "gridCode"`;

/**
 * Real PostGIS: the database cuts and encodes the tile (ST_AsMVT). The tile envelope is built in
 * 3857 and transformed to 4326 for the filter, so the GiST index on footprint (4326) is used.
 */
export async function selectBuildingsMvt(
  db: Queryable,
  t: TileParams,
  jurisdiction: string,
): Promise<Uint8Array> {
  const { rows } = await db.query<{ mvt: Uint8Array }>(
    `WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS geom),
     feats AS (
       SELECT ${PROPS}, ST_AsMVTGeom(ST_Transform(b.footprint, 3857), bounds.geom, 4096, 64, true) AS geom
       FROM buildings b, bounds
       WHERE b.footprint && ST_Transform(bounds.geom, 4326) AND ${inJurisdiction('b.grid_code', 4)})
     SELECT ST_AsMVT(feats.*, 'buildings', 4096, 'geom', 'id') AS mvt FROM feats WHERE geom IS NOT NULL`,
    [t.z, t.x, t.y, jurisdiction],
  );
  return rows[0]?.mvt ?? new Uint8Array();
}

export interface TileFeatureRow {
  id: number;
  floors: number;
  heightM: number;
  use: string;
  gridCode: string | null;
  geometry: Geometry;
}

/** Embedded engine: the features of the tile (with a small buffer) as GeoJSON, for encoding in JS. */
export async function selectBuildingsForTile(db: Queryable, t: TileParams, jurisdiction: string) {
  const { rows } = await db.query<TileFeatureRow>(
    `WITH bounds AS (SELECT ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.02), 4326) AS geom)
     SELECT ${PROPS}, ST_AsGeoJSON(b.footprint, 7)::json AS geometry
     FROM buildings b, bounds WHERE b.footprint && bounds.geom AND ${inJurisdiction('b.grid_code', 4)}`,
    [t.z, t.x, t.y, jurisdiction],
  );
  return rows;
}
