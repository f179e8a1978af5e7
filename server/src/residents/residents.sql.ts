import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Resident } from '../../../contracts/residents.ts';

export type MatchKind = 'name' | 'id_number' | 'id_tail' | 'phone' | 'phone_tail';

/**
 * One predicate per search kind, from this fixed list only. Each matches an index of the
 * residents table (name text_pattern_ops, id_number unique, reverse(id_number|phone) text_pattern_ops
 * for "last digits"). node-postgres and PGlite send unnamed statements, planned with the actual $1,
 * so `$1 || '%'` folds to a constant prefix the btree can use.
 */
const MATCHERS: Record<MatchKind, string> = {
  name: `r.name LIKE $1 || '%'`,
  id_number: `r.id_number = $1`,
  id_tail: `reverse(r.id_number) LIKE reverse($1) || '%'`,
  phone: `r.phone = $1`,
  phone_tail: `reverse(r.phone) LIKE reverse($1) || '%'`,
};

export interface SearchRow {
  id: number;
  name: string;
  sex: 'M' | 'F';
  age: number;
  idNumber: string;
  phone: string | null;
  relation: Resident['relation'];
  category: Resident['category'];
  careTags: Resident['careTags'];
  keyTags: NonNullable<Resident['keyTags']>;
  houseId: number | null;
  entrance: number | null;
  floor: number | null;
  room: string | null;
  buildingId: number | null;
  buildingName: string | null;
  address: string | null;
  gridCode: string | null;
  point: [number, number] | null;
}

/** 以人找房: residents matching q by one kind, with their house, building and a point on it. */
export async function searchResidents(
  db: Queryable,
  kind: MatchKind,
  q: string,
  jurisdiction: string,
  limit: number,
) {
  const { rows } = await db.query<SearchRow>(
    `SELECT r.id, r.name, r.sex, date_part('year', age(r.birth_date))::int AS age,
            r.id_number AS "idNumber", r.phone, r.relation, r.category,
            r.care_tags AS "careTags", r.key_tags AS "keyTags",
            h.id AS "houseId", h.entrance, h.floor, h.room,
            b.id AS "buildingId", b.name AS "buildingName", b.address, r.grid_code AS "gridCode",
            CASE WHEN b.id IS NULL THEN NULL
                 ELSE json_build_array(round(ST_X(p.pt)::numeric, 7), round(ST_Y(p.pt)::numeric, 7)) END AS point
     FROM residents r
     LEFT JOIN houses h ON h.id = r.house_id
     LEFT JOIN buildings b ON b.id = h.building_id
     LEFT JOIN LATERAL (SELECT ST_PointOnSurface(b.footprint) AS pt) p ON b.id IS NOT NULL
     WHERE ${MATCHERS[kind]} AND ${inJurisdiction('r.grid_code', 2)}
     ORDER BY r.name, r.id
     LIMIT $3`,
    [q, jurisdiction, limit],
  );
  return rows;
}

/** One resident with its house and building, if inside the jurisdiction. */
export async function selectResident(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<Omit<SearchRow, 'point'> & { birthDate: string }>(
    `SELECT r.id, r.name, r.sex, date_part('year', age(r.birth_date))::int AS age,
            to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate",
            r.id_number AS "idNumber", r.phone, r.relation, r.category,
            r.care_tags AS "careTags", r.key_tags AS "keyTags",
            h.id AS "houseId", h.entrance, h.floor, h.room,
            b.id AS "buildingId", b.name AS "buildingName", b.address, r.grid_code AS "gridCode"
     FROM residents r
     LEFT JOIN houses h ON h.id = r.house_id
     LEFT JOIN buildings b ON b.id = h.building_id
     WHERE r.id = $1 AND ${inJurisdiction('r.grid_code', 2)}`,
    [id, jurisdiction],
  );
  return rows[0];
}
