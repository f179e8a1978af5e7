import type { Queryable } from '../../server/src/db/db.ts';
import { inJurisdiction } from '../../server/src/db/jurisdiction.ts';
import { OCCUPANCY_CTES } from '../../server/src/buildings/buildings.sql.ts';
import type { BuildingUse } from '../../contracts/buildings.ts';
import type { BuildingSource, IndexedBuilding } from './build.ts';
import { parseWkbPolygons, type Polygon } from './footprint.ts';

interface IndexSqlRow {
  id: number;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  geomMd5: string;
  floors: number;
  heightM: number;
  use: BuildingUse;
  houses: number;
  residents: number;
  floating: number;
  rented: number;
  vacant: number;
  elderlyAlone: number;
}

/**
 * Buildings of a jurisdiction with their bbox, an md5 of the footprint and the occupancy counts
 * (aggregates only: no person leaves this query), counted as the API counts them (OCCUPANCY_CTES).
 */
export async function selectTileIndex(db: Queryable, jurisdiction: string): Promise<IndexSqlRow[]> {
  const { rows } = await db.query<IndexSqlRow>(
    `WITH b AS (SELECT id, floors, height_m, use, footprint, footprint::box2d AS box FROM buildings
                WHERE ${inJurisdiction('grid_code', 1)}),
     ${OCCUPANCY_CTES}
     SELECT b.id::float8 AS id, ST_XMin(b.box) AS xmin, ST_YMin(b.box) AS ymin, ST_XMax(b.box) AS xmax,
            ST_YMax(b.box) AS ymax, md5(ST_AsBinary(b.footprint)) AS "geomMd5",
            b.floors, b.height_m::float8 AS "heightM", b.use,
            coalesce(h.houses, 0) AS houses, coalesce(r.residents, 0) AS residents,
            coalesce(r.floating, 0) AS floating, coalesce(h.rented, 0) AS rented,
            coalesce(h.vacant, 0) AS vacant, coalesce(r."elderlyAlone", 0) AS "elderlyAlone"
     FROM b LEFT JOIN h ON h.building_id = b.id LEFT JOIN r ON r.building_id = b.id`,
    [jurisdiction],
  );
  return rows;
}

/** Footprints as WKB (parsed in JS: faster than JSON for this volume), all of a jurisdiction or by id. */
export async function selectFootprints(
  db: Queryable,
  jurisdiction: string,
  ids: readonly number[] | 'all',
): Promise<Array<{ id: number; wkb: Uint8Array }>> {
  const { rows } =
    ids === 'all'
      ? await db.query<{ id: number; wkb: Uint8Array }>(
          `SELECT id::float8 AS id, ST_AsBinary(footprint) AS wkb FROM buildings WHERE ${inJurisdiction('grid_code', 1)}`,
          [jurisdiction],
        )
      : await db.query<{ id: number; wkb: Uint8Array }>(
          `SELECT id::float8 AS id, ST_AsBinary(footprint) AS wkb FROM buildings
           WHERE id = ANY ($1::bigint[]) AND ${inJurisdiction('grid_code', 2)}`,
          [ids, jurisdiction],
        );
  return rows;
}

/** The database as a BuildingSource for one jurisdiction ('' = the whole installation). */
export function postgisSource(db: Queryable, jurisdiction: string): BuildingSource {
  return {
    async index() {
      const rows = await selectTileIndex(db, jurisdiction);
      return rows.map(toIndexed);
    },
    async footprints(ids) {
      const out = new Map<number, Polygon[]>();
      for (const r of await selectFootprints(db, jurisdiction, ids)) out.set(r.id, parseWkbPolygons(r.wkb));
      return out;
    },
  };
}

function toIndexed(r: IndexSqlRow): IndexedBuilding {
  const { geomMd5, ...rest } = r;
  const share = (a: number, b: number) => (b > 0 ? a / b : 0);
  const props = {
    ...rest,
    occupancy: share(r.houses - r.vacant, r.houses),
    floatingShare: share(r.floating, r.residents),
    rentedShare: share(r.rented, r.houses),
  };
  return {
    ...props,
    digest: `${geomMd5}:${r.floors}:${r.heightM}:${r.use}:${r.houses}:${r.residents}:${r.floating}:${r.rented}:${r.vacant}:${r.elderlyAlone}`,
  };
}
