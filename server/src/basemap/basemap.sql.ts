import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import type { Basemap } from '../../../contracts/basemap.ts';

/** Roads crossing the bbox (public infrastructure: not scoped), simplified to ~1 m. */
export async function selectRoads(db: Queryable, bbox: Bbox): Promise<Basemap['roads']> {
  const { rows } = await db.query<Basemap['roads'][number]>(
    `SELECT id, name, class, width_m AS "widthM", ST_AsGeoJSON(ST_Simplify(geom, 0.00001), 6)::json AS geometry
     FROM roads WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id`,
    bbox,
  );
  return rows;
}

/**
 * Street, community and grid outlines inside the jurisdiction that touch the bbox, with a label
 * point inside each polygon (ST_PointOnSurface, not the centroid, which may fall outside).
 */
export async function selectRegionOutlines(
  db: Queryable,
  bbox: Bbox,
  jurisdiction: string,
): Promise<Basemap['regions']> {
  const { rows } = await db.query<Basemap['regions'][number]>(
    `SELECT code, name, level, ST_AsGeoJSON(ST_Simplify(geom, 0.000005), 6)::json AS geometry,
            json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 6), round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)) AS "labelPoint"
     FROM regions
     WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND level <> 'district' AND ${inJurisdiction('code', 5)}
     ORDER BY code`,
    [...bbox, jurisdiction],
  );
  return rows.map((r) => ({ ...r, labelPoint: [Number(r.labelPoint[0]), Number(r.labelPoint[1])] }));
}
