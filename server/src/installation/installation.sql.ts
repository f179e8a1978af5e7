import { MAX_BBOX_SPAN_DEG, type Bbox } from '../../../contracts/geo.ts';
import type { Area } from '../../../contracts/installation.ts';
import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';

const toBbox = (r: { x0: number | null; y0: number; x1: number; y1: number }): Bbox | null =>
  r.x0 === null ? null : [r.x0, r.y0, r.x1, r.y1];
const span = (b: Bbox) => Math.max(b[2] - b[0], b[3] - b[1]);

/**
 * The jurisdiction's top regions (the coarsest level it holds), those with buildings first, with
 * their extent and building count; the union when it fits MAX_BBOX_SPAN_DEG, else the region with
 * the most buildings (an installation of two cities opens on the larger). No region: the extent of
 * the jurisdiction's buildings.
 */
export async function selectAreaBbox(db: Queryable, jurisdiction: string): Promise<Bbox | null> {
  const { rows } = await db.query<{ x0: number; y0: number; x1: number; y1: number; buildings: number }>(
    `WITH mine AS (SELECT code, level, geom FROM regions WHERE ${inJurisdiction('code', 1)}),
          top AS (SELECT * FROM mine WHERE length(code) = (SELECT min(length(code)) FROM mine))
     SELECT ST_XMin(t.geom)::float8 AS x0, ST_YMin(t.geom)::float8 AS y0,
            ST_XMax(t.geom)::float8 AS x1, ST_YMax(t.geom)::float8 AS y1,
            -- by place, not code: buildings imported before the grid cells have none yet
            (SELECT count(*) FROM buildings b WHERE b.footprint && t.geom
               AND ST_Intersects(t.geom, ST_PointOnSurface(b.footprint)) AND ${inJurisdiction('b.grid_code', 1)})::int AS buildings
     FROM top t ORDER BY buildings DESC, t.code`,
    [jurisdiction],
  );
  if (rows.length > 0) {
    const withBuildings = rows.filter((r) => r.buildings > 0);
    const use = withBuildings.length > 0 ? withBuildings : rows;
    const union = use.reduce<Bbox>(
      (a, r) => [Math.min(a[0], r.x0), Math.min(a[1], r.y0), Math.max(a[2], r.x1), Math.max(a[3], r.y1)],
      [use[0]!.x0, use[0]!.y0, use[0]!.x1, use[0]!.y1],
    );
    if (span(union) <= MAX_BBOX_SPAN_DEG) return union;
    const first = use[0]!;
    const one: Bbox = [first.x0, first.y0, first.x1, first.y1];
    return span(one) <= MAX_BBOX_SPAN_DEG ? one : clip(one);
  }
  const b = await db.query<{ x0: number | null; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e)::float8 AS x0, ST_YMin(e)::float8 AS y0, ST_XMax(e)::float8 AS x1, ST_YMax(e)::float8 AS y1
     FROM (SELECT ST_Extent(footprint) AS e FROM buildings WHERE ${inJurisdiction('grid_code', 1)}) s`,
    [jurisdiction],
  );
  const box = toBbox(b.rows[0]!);
  return box && span(box) > MAX_BBOX_SPAN_DEG ? clip(box) : box;
}

/** The widest box the map loads at once, around the centre of a larger one. */
function clip(b: Bbox): Bbox {
  const half = MAX_BBOX_SPAN_DEG / 2;
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  return [
    Math.max(b[0], cx - half),
    Math.max(b[1], cy - half),
    Math.min(b[2], cx + half),
    Math.min(b[3], cy + half),
  ];
}

export async function selectAreaCounts(db: Queryable, jurisdiction: string, bbox: Bbox | null) {
  const { rows } = await db.query<Area['counts']>(
    `SELECT (SELECT count(*) FROM regions WHERE ${inJurisdiction('code', 1)})::int AS regions,
            (SELECT count(*) FROM regions WHERE level = 'grid' AND ${inJurisdiction('code', 1)})::int AS grids,
            (SELECT count(*) FROM buildings WHERE ${inJurisdiction('grid_code', 1)})::int AS buildings,
            (SELECT count(*) FROM houses h JOIN buildings b ON b.id = h.building_id
              WHERE ${inJurisdiction('b.grid_code', 1)})::int AS houses,
            (SELECT count(*) FROM residents WHERE ${inJurisdiction('grid_code', 1)})::int AS residents,
            (SELECT count(*) FROM roads WHERE $2::float8 IS NOT NULL
               AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326))::int AS roads`,
    [jurisdiction, ...(bbox ?? [null, null, null, null])],
  );
  return rows[0]!;
}
