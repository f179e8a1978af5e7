import type { Queryable } from '../../server/src/db/db.ts';

/** Which of these building ids exist. */
export async function findBuildingIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM buildings WHERE id = ANY($1::int8[])', [
    ids,
  ]);
  return new Set(rows.map((r) => r.id));
}

/** Building ids by (source, source_id), keyed `source\u0000sourceId`. */
export async function findBuildingIdsBySource(
  db: Queryable,
  refs: readonly { source: string; sourceId: string }[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: number; source: string; sourceId: string }>(
    `SELECT b.id, b.source, b.source_id AS "sourceId"
     FROM buildings b JOIN unnest($1::text[], $2::text[]) AS u(source, source_id)
       ON b.source = u.source AND b.source_id = u.source_id`,
    [refs.map((r) => r.source), refs.map((r) => r.sourceId)],
  );
  return new Map(rows.map((r) => [`${r.source}\u0000${r.sourceId}`, r.id]));
}

/** Which of these house ids exist. */
export async function findHouseIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM houses WHERE id = ANY($1::int8[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

export interface HouseAddress {
  buildingId: number;
  entrance: number;
  floor: number;
  room: string;
}

/** House ids by address, keyed with houseKey(). */
export async function findHouseIdsByAddress(
  db: Queryable,
  addrs: readonly HouseAddress[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<HouseAddress & { id: number }>(
    `SELECT h.id, h.building_id AS "buildingId", h.entrance, h.floor, h.room
     FROM houses h JOIN unnest($1::int8[], $2::int4[], $3::int4[], $4::text[]) AS u(building_id, entrance, floor, room)
       ON h.building_id = u.building_id AND h.entrance = u.entrance AND h.floor = u.floor AND h.room = u.room`,
    [
      addrs.map((a) => a.buildingId),
      addrs.map((a) => a.entrance),
      addrs.map((a) => a.floor),
      addrs.map((a) => a.room),
    ],
  );
  return new Map(rows.map((r) => [houseKey(r), r.id]));
}

export function houseKey(a: HouseAddress): string {
  return `${a.buildingId}/${a.entrance}/${a.floor}/${a.room}`;
}

export interface HouseInsert extends HouseAddress {
  status: string;
  areaM2: number | null;
}

/**
 * Inserts or updates (on building + entrance + floor + room) one chunk of houses; one result per
 * input row, in order. A missing area keeps the stored one.
 */
export async function upsertHouses(
  db: Queryable,
  rows: readonly HouseInsert[],
): Promise<{ id: number; inserted: boolean }[]> {
  const { rows: out } = await db.query<{ id: number; inserted: boolean }>(
    `WITH u AS (
       SELECT * FROM unnest($1::int4[], $2::int8[], $3::int4[], $4::int4[], $5::text[], $6::text[], $7::float8[])
         AS u(ord, building_id, entrance, floor, room, status, area_m2)
     ), ins AS (
       INSERT INTO houses AS h (building_id, entrance, floor, room, status, area_m2)
       SELECT building_id, entrance, floor, room, status, area_m2 FROM u
       ON CONFLICT (building_id, entrance, floor, room) DO UPDATE SET
         status = EXCLUDED.status, area_m2 = COALESCE(EXCLUDED.area_m2, h.area_m2)
       RETURNING h.id, h.building_id, h.entrance, h.floor, h.room, (h.xmax = 0) AS inserted
     )
     SELECT ins.id, ins.inserted FROM u JOIN ins USING (building_id, entrance, floor, room) ORDER BY u.ord`,
    [
      rows.map((_, i) => i),
      rows.map((r) => r.buildingId),
      rows.map((r) => r.entrance),
      rows.map((r) => r.floor),
      rows.map((r) => r.room),
      rows.map((r) => r.status),
      rows.map((r) => r.areaM2),
    ],
  );
  return out;
}
