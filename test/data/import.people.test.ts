import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/db.ts';
import { writeInChunks } from '../../data/import/chunks.ts';
import { upsertHouses } from '../../data/import/houses.sql.ts';
import { importBuildings } from '../../data/import/importBuildings.ts';
import { importHouses } from '../../data/import/importHouses.ts';
import { importResidents } from '../../data/import/importResidents.ts';
import { readImportFile } from '../../data/import/input.ts';
import type { ImportReport } from '../../data/import/report.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;
const brief = (r: ImportReport) => r.rejected.map(({ row, field, code }) => ({ row, field, code }));

describe.each(testEngines())('houses and residents import on $name', (engine) => {
  let t: TestDb;
  let db: Db;

  beforeAll(async () => {
    t = await engine.open();
    db = t.db;
    // One grid cell over the fixture building "good-polygon": residents copy its grid_code.
    const cell =
      'MULTIPOLYGON(((121.4899 31.2399, 121.4906 31.2399, 121.4906 31.2406, 121.4899 31.2406, 121.4899 31.2399)))';
    for (const [code, level, parent] of [
      ['310101', 'district', null],
      ['310101001', 'street', '310101'],
      ['310101001001', 'community', '310101001'],
      ['310101001001001', 'grid', '310101001001'],
    ] as const) {
      await db.query(
        'INSERT INTO regions (code, parent_code, level, name, geom) VALUES ($1, $2, $3, $1, ST_GeomFromText($4, 4326))',
        [code, parent, level, cell],
      );
    }
    await importBuildings(db, readImportFile(`${FIXTURES}buildings-small.geojson`), { source: 'fixture' });
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('imports houses, rejecting unknown buildings, bad enums, missing and out-of-range floors and duplicates', async () => {
    const r = await importHouses(db, readImportFile(`${FIXTURES}houses.csv`));
    expect(r).toMatchObject({ kind: 'houses', total: 8, inserted: 3, updated: 0 });
    expect(brief(r)).toEqual([
      { row: 5, field: 'building_source_id', code: 'unknown_building' },
      { row: 6, field: 'status', code: 'invalid_enum' },
      { row: 7, field: 'floor', code: 'required' },
      { row: 8, field: 'room', code: 'duplicate' },
      { row: 9, field: 'floor', code: 'out_of_range' },
    ]);
    const { rows } = await db.query(
      `SELECT h.entrance, h.floor, h.room, h.status, h.area_m2 AS "areaM2" FROM houses h ORDER BY h.entrance, h.floor`,
    );
    expect(rows).toEqual([
      { entrance: 1, floor: 1, room: '101', status: 'self_occupied', areaM2: 89.5 },
      { entrance: 1, floor: 2, room: '201', status: 'rented', areaM2: null },
      { entrance: 2, floor: 3, room: '301', status: 'rented', areaM2: 75 },
    ]);
    const again = await importHouses(db, readImportFile(`${FIXTURES}houses.csv`));
    expect(again).toMatchObject({ inserted: 0, updated: 3 });
  });

  it('imports residents: ID checks, references, enums, duplicates; stored people untouched by bad rows', async () => {
    // Already on file: 郑一 (its row in the fixture is bad) and 冯老二 (its row in the fixture is good → updated).
    const seed =
      'name,id_number,category,building_source,building_source_id,floor,room\n' +
      '郑一,310101196006060314,registered,fixture,good-polygon,1,101\n' +
      '冯老二,310101196202020424,registered,fixture,good-polygon,1,101\n';
    expect(await importResidents(db, { file: 'seed.csv', content: seed })).toMatchObject({
      inserted: 2,
      rejected: [],
    });

    const r = await importResidents(db, readImportFile(`${FIXTURES}residents.csv`));
    expect(r).toMatchObject({ kind: 'residents', total: 12, inserted: 2, updated: 1 });
    expect(brief(r)).toEqual([
      { row: 4, field: 'id_number', code: 'id_checksum' },
      { row: 5, field: 'birth_date', code: 'id_mismatch' },
      { row: 6, field: 'sex', code: 'id_mismatch' },
      { row: 7, field: 'building_source_id', code: 'unknown_building' },
      { row: 8, field: 'category', code: 'invalid_enum' },
      { row: 9, field: 'name', code: 'required' },
      { row: 10, field: 'id_number', code: 'duplicate' },
      { row: 11, field: 'house_id', code: 'unknown_house' },
      { row: 12, field: 'category', code: 'invalid_enum' },
    ]);
    expect(r.rejected[0]!.id).toBe('310101198001010110');

    const { rows } = await db.query(
      `SELECT r.name, r.sex, r.birth_date::text AS "birthDate", r.phone, r.category, r.key_tags AS "keyTags",
              r.care_tags AS "careTags", r.grid_code AS "gridCode", h.entrance, h.room
       FROM residents r JOIN houses h ON h.id = r.house_id ORDER BY r.id_number`,
    );
    expect(rows).toEqual([
      {
        name: '张三',
        sex: 'M',
        birthDate: '1950-03-01',
        phone: '13800138000',
        category: 'registered',
        keyTags: [],
        careTags: ['elderly_alone', 'empty_nest'],
        gridCode: '310101001001001',
        entrance: 1,
        room: '101',
      },
      {
        name: '李四',
        sex: 'F',
        birthDate: '1952-07-15',
        phone: '13800138001',
        category: 'floating',
        keyTags: ['petitioner'],
        careTags: ['disabled', 'low_income'],
        gridCode: '310101001001001',
        entrance: 1,
        room: '101',
      },
      {
        name: '郑一',
        sex: 'M',
        birthDate: '1960-06-06',
        phone: null,
        category: 'registered',
        keyTags: [],
        careTags: [],
        gridCode: '310101001001001',
        entrance: 1,
        room: '101',
      },
      {
        name: '冯二',
        sex: 'F',
        birthDate: '1962-02-02',
        phone: null,
        category: 'lodger',
        keyTags: [],
        careTags: [],
        gridCode: '310101001001001',
        entrance: 2,
        room: '301',
      },
    ]);
  });

  it('refuses a residents file without an id_number column', async () => {
    await expect(importResidents(db, { file: 'x.csv', content: 'name,house_id\n张三,1\n' })).rejects.toThrow(
      /missing column id_number/,
    );
  });

  it('a chunk failing in the database is retried row by row: only the culprit is lost', async () => {
    const { rows } = await db.query<{ id: number }>(
      `SELECT id FROM buildings WHERE source_id = 'good-multi'`,
    );
    const buildingId = rows[0]!.id;
    const house = (room: string, entrance: number) => ({
      buildingId,
      entrance,
      floor: 1,
      room,
      status: 'vacant',
      areaM2: null,
    });
    const failed: string[] = [];
    // entrance 100 passes no JS validation here and breaks the CHECK (entrance BETWEEN 1 AND 99).
    const out = await writeInChunks(
      [house('a', 1), house('b', 100), house('c', 1)],
      (c) => upsertHouses(db, c),
      (r) => failed.push(r.room),
    );
    expect(failed).toEqual(['b']);
    expect(out.map((o) => o.row.room)).toEqual(['a', 'c']);
    const n = await db.query<{ n: number }>('SELECT count(*) n FROM houses WHERE building_id = $1', [
      buildingId,
    ]);
    expect(Number(n.rows[0]!.n)).toBe(2);
  });
});
