import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Bbox, Geometry } from '../../../contracts/geo.ts';
import type { BuildingProps, HouseStatus } from '../../../contracts/buildings.ts';
import type { Resident } from '../../../contracts/residents.ts';

/** Per-building occupancy over the building ids in CTE `b`; joins h (houses) and r (residents). */
const OCCUPANCY_CTES = `
  h AS (SELECT building_id, count(*)::int AS houses,
               count(*) FILTER (WHERE status = 'rented')::int AS rented,
               count(*) FILTER (WHERE status = 'vacant')::int AS vacant
        FROM houses WHERE building_id IN (SELECT id FROM b) GROUP BY building_id),
  r AS (SELECT hs.building_id, count(*)::int AS residents,
               count(*) FILTER (WHERE re.category = 'floating')::int AS floating,
               count(*) FILTER (WHERE 'elderly_alone' = ANY (re.care_tags))::int AS "elderlyAlone"
        FROM residents re JOIN houses hs ON hs.id = re.house_id
        WHERE hs.building_id IN (SELECT id FROM b) GROUP BY hs.building_id)`;

const PROPS = `b.id, b.name, b.address, b.floors, b.height_m AS "heightM", b.use, b.grid_code AS "gridCode",
  coalesce(h.houses, 0) AS houses, coalesce(r.residents, 0) AS residents, coalesce(r.floating, 0) AS floating,
  coalesce(h.rented, 0) AS rented, coalesce(h.vacant, 0) AS vacant, coalesce(r."elderlyAlone", 0) AS "elderlyAlone"`;

export type BuildingRow = BuildingProps & { geometry: Geometry };

/**
 * Buildings whose footprint intersects the bbox (WGS84). The box is built in SRID 4326, the
 * column's SRID, so the GiST index serves `&&`. Fetches limit + 1 rows to tell truncation.
 */
export async function selectBuildingsInBbox(db: Queryable, bbox: Bbox, jurisdiction: string, limit: number) {
  const { rows } = await db.query<BuildingRow>(
    `WITH b AS (
       SELECT id, name, address, floors, height_m, use, grid_code, footprint FROM buildings
       WHERE footprint && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ${inJurisdiction('grid_code', 5)}
       ORDER BY id LIMIT $6),
     ${OCCUPANCY_CTES}
     SELECT ${PROPS}, ST_AsGeoJSON(b.footprint, 7)::json AS geometry
     FROM b LEFT JOIN h ON h.building_id = b.id LEFT JOIN r ON r.building_id = b.id ORDER BY b.id`,
    [...bbox, jurisdiction, limit + 1],
  );
  return rows;
}

export async function selectBuilding(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<
    BuildingRow & { center: [number, number]; entrances: number; gridName: string | null }
  >(
    `WITH b AS (SELECT * FROM buildings WHERE id = $1 AND ${inJurisdiction('grid_code', 2)}),
     ${OCCUPANCY_CTES}
     SELECT ${PROPS}, ST_AsGeoJSON(b.footprint, 7)::json AS geometry,
            json_build_array(ST_X(ST_PointOnSurface(b.footprint)), ST_Y(ST_PointOnSurface(b.footprint))) AS center,
            (SELECT count(DISTINCT entrance) FROM houses WHERE building_id = b.id)::int AS entrances,
            g.name AS "gridName"
     FROM b LEFT JOIN h ON h.building_id = b.id LEFT JOIN r ON r.building_id = b.id
     LEFT JOIN regions g ON g.code = b.grid_code`,
    [id, jurisdiction],
  );
  return rows[0];
}

export async function selectGridWorkers(db: Queryable, gridCode: string) {
  const { rows } = await db.query<{ id: number; name: string; phone: string | null }>(
    `SELECT id, name, phone FROM grid_workers WHERE grid_code = $1 ORDER BY id`,
    [gridCode],
  );
  return rows;
}

export interface HouseResidentRow {
  houseId: number;
  entrance: number;
  floor: number;
  room: string;
  status: HouseStatus;
  areaM2: number | null;
  residentId: number | null;
  name: string | null;
  sex: 'M' | 'F' | null;
  age: number | null;
  idNumber: string | null;
  phone: string | null;
  relation: Resident['relation'] | null;
  category: Resident['category'] | null;
  careTags: Resident['careTags'] | null;
  keyTags: Resident['keyTags'] | null;
}

/** 以房找人: every house of the building with its residents, one row per (house, resident). */
export async function selectHouseResidents(db: Queryable, buildingId: number) {
  const { rows } = await db.query<HouseResidentRow>(
    `SELECT h.id AS "houseId", h.entrance, h.floor, h.room, h.status, h.area_m2 AS "areaM2",
            r.id AS "residentId", r.name, r.sex, date_part('year', age(r.birth_date))::int AS age,
            r.id_number AS "idNumber", r.phone, r.relation, r.category,
            r.care_tags AS "careTags", r.key_tags AS "keyTags"
     FROM houses h LEFT JOIN residents r ON r.house_id = h.id
     WHERE h.building_id = $1
     ORDER BY h.entrance, h.floor, h.room, r.relation = 'head' DESC, r.birth_date, r.id`,
    [buildingId],
  );
  return rows;
}

/** The building's name and address if it exists inside the jurisdiction. */
export async function selectBuildingHeader(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<{ id: number; name: string | null; address: string | null }>(
    `SELECT id, name, address FROM buildings WHERE id = $1 AND ${inJurisdiction('grid_code', 2)}`,
    [id, jurisdiction],
  );
  return rows[0];
}
