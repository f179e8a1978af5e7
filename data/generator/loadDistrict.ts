import { bulkInsert, type BulkColumn } from '../../server/src/db/bulk.ts';
import type { Db, Queryable } from '../../server/src/db/db.ts';
import type { District } from './types.ts';

export interface Counts {
  regions: number;
  roads: number;
  buildings: number;
  houses: number;
  residents: number;
  workers: number;
  places: number;
}

export type Progress = (table: string, done: number, total: number) => void;

const col = (name: string, type: BulkColumn['type']): BulkColumn => ({ name, type });

async function maxId(tx: Queryable, table: 'buildings' | 'houses'): Promise<number> {
  const { rows } = await tx.query<{ m: number | string }>(`SELECT coalesce(max(id), 0) AS m FROM ${table}`);
  return Number(rows[0]?.m ?? 0);
}

/** Inserts in chunks so progress can be reported between them. */
async function insert(
  tx: Queryable,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  onProgress: Progress | undefined,
): Promise<number> {
  const step = 20_000;
  let done = 0;
  for (let i = 0; i < rows.length; i += step) {
    done += await bulkInsert(tx, table, columns, rows.slice(i, i + step));
    onProgress?.(table, done, rows.length);
  }
  if (rows.length === 0) onProgress?.(table, 0, 0);
  return done;
}

/**
 * Loads a generated district in one transaction, in dependency order. Buildings and houses get
 * explicit ids (local id + the table's current max id) so children can reference them without a
 * round trip; the sequences are moved past them afterwards. Same SQL on PGlite and PostgreSQL.
 */
export async function loadDistrict(db: Db, d: District, onProgress?: Progress): Promise<Counts> {
  return db.transaction(async (tx) => {
    const regions = await insert(
      tx,
      'regions',
      ['code:text', 'parent_code:text', 'level:text', 'name:text', 'geom:geometry'].map(parseCol),
      d.regions.map((r) => [r.code, r.parentCode, r.level, r.name, r.geom]),
      onProgress,
    );
    const roads = await insert(
      tx,
      'roads',
      ['name:text', 'class:text', 'width_m:float8', 'geom:geometry'].map(parseCol),
      d.roads.map((r) => [r.name, r.class, r.widthM, r.geom]),
      onProgress,
    );
    const b0 = await maxId(tx, 'buildings');
    const buildings = await insert(
      tx,
      'buildings',
      [
        'id:int8',
        'source:text',
        'source_id:text',
        'name:text',
        'address:text',
        'use:text',
        'floors:int4',
        'height_m:float8',
        'grid_code:text',
        'compound:text',
        'footprint:geometry',
      ].map(parseCol),
      d.buildings.map((b) => [
        b0 + b.localId,
        'demo',
        `${d.districtCode}-${d.seed}-${b.localId}`,
        b.name,
        b.address,
        b.use,
        b.floors,
        b.heightM,
        b.gridCode,
        b.compound,
        b.footprint,
      ]),
      onProgress,
    );
    const h0 = await maxId(tx, 'houses');
    const houses = await insert(
      tx,
      'houses',
      [
        'id:int8',
        'building_id:int8',
        'entrance:int4',
        'floor:int4',
        'room:text',
        'status:text',
        'area_m2:float8',
      ].map(parseCol),
      d.houses.map((h) => [
        h0 + h.localId,
        b0 + h.buildingLocalId,
        h.entrance,
        h.floor,
        h.room,
        h.status,
        h.areaM2,
      ]),
      onProgress,
    );
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('buildings', 'id'), (SELECT max(id) FROM buildings))`,
    );
    await tx.query(`SELECT setval(pg_get_serial_sequence('houses', 'id'), (SELECT max(id) FROM houses))`);
    const residents = await insert(
      tx,
      'residents',
      [
        'house_id:int8',
        'grid_code:text',
        'name:text',
        'id_number:text',
        'sex:text',
        'birth_date:date',
        'phone:text',
        'relation:text',
        'category:text',
        'key_tags:text[]',
        'care_tags:text[]',
      ].map(parseCol),
      d.residents.map((r) => [
        h0 + r.houseLocalId,
        r.gridCode,
        r.name,
        r.idNumber,
        r.sex,
        r.birthDate,
        r.phone,
        r.relation,
        r.category,
        r.keyTags,
        r.careTags,
      ]),
      onProgress,
    );
    const workers = await insert(
      tx,
      'grid_workers',
      ['employee_no:text', 'name:text', 'phone:text', 'grid_code:text'].map(parseCol),
      d.workers.map((w) => [w.employeeNo, w.name, w.phone, w.gridCode]),
      onProgress,
    );
    const places = await insert(
      tx,
      'places',
      [
        'kind:text',
        'subtype:text',
        'name:text',
        'address:text',
        'grid_code:text',
        'building_id:int8',
        'attrs:jsonb',
        'geom:geometry',
      ].map(parseCol),
      d.places.map((p) => [
        p.kind,
        p.subtype,
        p.name,
        p.address,
        p.gridCode,
        p.buildingLocalId === null ? null : b0 + p.buildingLocalId,
        p.attrs,
        p.geom,
      ]),
      onProgress,
    );
    return { regions, roads, buildings, houses, residents, workers, places };
  });
}

function parseCol(spec: string): BulkColumn {
  const [name, type] = spec.split(':') as [string, BulkColumn['type']];
  return col(name, type);
}

/**
 * Deletes the demo district (everything under the district code, demo buildings and demo roads)
 * so a fresh one can be loaded. Children first; houses go with their buildings.
 */
export async function deleteDemoData(db: Db, districtCode: string): Promise<void> {
  await db.transaction(async (tx) => {
    const like = `${districtCode}%`;
    await tx.query(
      `DELETE FROM places WHERE grid_code LIKE $1 OR building_id IN (SELECT id FROM buildings WHERE source = 'demo')`,
      [like],
    );
    await tx.query(`DELETE FROM grid_workers WHERE grid_code LIKE $1`, [like]);
    await tx.query(
      `DELETE FROM residents WHERE grid_code LIKE $1 OR house_id IN (SELECT h.id FROM houses h JOIN buildings b ON b.id = h.building_id WHERE b.source = 'demo')`,
      [like],
    );
    await tx.query(`DELETE FROM buildings WHERE source = 'demo' OR grid_code LIKE $1`, [like]);
    await tx.query(`DELETE FROM roads WHERE source = 'demo'`);
    await tx.query(`DELETE FROM regions WHERE code LIKE $1`, [like]);
  });
}
