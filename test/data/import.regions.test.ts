import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import type { Db } from '../../server/src/db/db.ts';
import { parseCoordOptions } from '../../data/import/coords.ts';
import { readFeatures, type RawFeature } from '../../data/import/features.ts';
import { importRegions } from '../../data/import/importRegions.ts';
import { ImportFatalError } from '../../data/import/report.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { sharedData } from '../support/sharedData.ts';

const SHENZHEN = sharedData('cn-admin-boundaries/shenzhen_districts.geojson.gz');

/** A lon/lat rectangle as a GeoJSON Polygon. */
const rect = (x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const feature = (row: number, properties: Record<string, unknown>, geometry: unknown): RawFeature => ({
  row,
  properties,
  geometry,
});

describe.each(testEngines())('regions import on $name', (engine) => {
  let t: TestDb;
  let db: Db;
  const region = async (code: string) =>
    (
      await db.query<{
        code: string;
        parent: string | null;
        level: string;
        name: string;
        source: string | null;
      }>(
        `SELECT code, parent_code AS parent, level, name, source_code AS source FROM regions WHERE code = $1`,
        [code],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await engine.open();
    db = t.db;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('imports the real Shenzhen districts: codes made, names kept, GCJ-02 removed on request', async () => {
    const features = await readFeatures(SHENZHEN);
    const r = await importRegions(db, SHENZHEN, features, {
      level: 'district',
      coords: parseCoordOptions(undefined, 'gcj02'),
    });
    expect(r).toMatchObject({ total: 10, inserted: 10, updated: 0, rejected: [] });
    expect(r.coordinates).toMatch(/GCJ-02 offset removed/);
    expect(r.generated.map((g) => g.code)).toEqual([
      '900001',
      '900002',
      '900003',
      '900004',
      '900005',
      '900006',
      '900007',
      '900008',
      '900009',
      '900010',
    ]);
    const names = (
      await db.query<{ name: string }>(`SELECT name FROM regions WHERE level = 'district' ORDER BY code`)
    ).rows;
    expect(names.map((n) => n.name)).toContain('南山');
    // the offset removed: 福田's centroid moved by the GCJ-02 shift (a few hundred metres), the right way
    const futian = features.find((f) => f.properties.qh === '福田')!;
    const [cx, cy] = [Number(futian.properties.centroid_x), Number(futian.properties.centroid_y)];
    const [wx, wy] = gcoord.transform([cx, cy], gcoord.GCJ02, gcoord.WGS84);
    const stored = (
      await db.query<{ x: number; y: number }>(
        `SELECT ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM regions WHERE name = '福田'`,
      )
    ).rows[0]!;
    const off = (x: number, y: number) => Math.hypot(stored.x - x, stored.y - y);
    // the file's centroid is the offset one: the stored polygon's lies near the WGS84 point, far from it
    expect(off(wx, wy)).toBeLessThan(off(cx, cy) / 3);
    // a re-import updates in place: the same codes, nothing new
    const again = await importRegions(db, SHENZHEN, await readFeatures(SHENZHEN), {
      level: 'district',
      coords: parseCoordOptions(undefined, 'gcj02'),
    });
    expect(again).toMatchObject({ inserted: 0, updated: 10, generated: [] });
  });

  it('resolves parents by code, by the customer’s code and by containment; reports overlaps, gaps and parts outside', async () => {
    const features = [
      feature(1, { code: '440305', name: '南山区' }, rect(113.9, 22.5, 114.0, 22.6)),
      // street by code prefix
      feature(2, { code: '440305001', name: '南头街道' }, rect(113.9, 22.5, 113.95, 22.6)),
      // street with the customer's own code, parent given by our code
      feature(
        3,
        { code: 'NS-02', name: '粤海街道', level: 'street', parent: '440305' },
        rect(113.95, 22.5, 113.99, 22.6),
      ),
      // communities: one names its parent by the customer's code, one by nothing (containment)
      feature(
        4,
        { code: 'C-1', name: '深大社区', level: '社区', parent: 'NS-02' },
        rect(113.95, 22.5, 113.97, 22.6),
      ),
      feature(5, { name: '科技园社区', level: 'community' }, rect(113.97, 22.5, 113.99, 22.6)),
      // a grid cell reaching out of its community, and a sibling overlapping it
      feature(6, { name: '深大第一网格', level: 'grid', parent: 'C-1' }, rect(113.95, 22.5, 113.975, 22.55)),
      feature(7, { name: '深大第二网格', level: 'grid', parent: 'C-1' }, rect(113.955, 22.54, 113.97, 22.6)),
      // duplicate code, unknown parent, no level, not a polygon
      feature(8, { code: '440305001', name: '重复' }, rect(113.9, 22.5, 113.95, 22.6)),
      feature(
        9,
        { name: '孤儿社区', level: 'community', parent: '999999001' },
        rect(113.9, 22.5, 113.91, 22.51),
      ),
      feature(10, { name: '无级别' }, rect(113.9, 22.5, 113.91, 22.51)),
      feature(
        11,
        { code: '440305002', name: '线' },
        {
          type: 'LineString',
          coordinates: [
            [113.9, 22.5],
            [114, 22.6],
          ],
        },
      ),
      // a self-intersecting ring (bow tie): repaired, kept
      feature(
        12,
        { code: '440305003', name: '蝴蝶街道' },
        {
          type: 'Polygon',
          coordinates: [
            [
              [113.9, 22.5],
              [113.95, 22.55],
              [113.95, 22.5],
              [113.9, 22.55],
              [113.9, 22.5],
            ],
          ],
        },
      ),
    ];
    const r = await importRegions(db, 'test.geojson', features);
    expect(r.rejected.map((x) => [x.row, x.code])).toEqual([
      [8, 'duplicate'],
      [9, 'unknown_parent'],
      [10, 'required'],
      [11, 'unsupported_geometry'],
    ]);
    expect(r.inserted).toBe(8);
    expect(r.repaired).toBe(1);
    const yuehai = r.generated.find((g) => g.name === '粤海街道')!;
    expect(yuehai).toMatchObject({ code: '440305002', sourceCode: 'NS-02' });
    expect(await region(yuehai.code)).toMatchObject({ parent: '440305', level: 'street', source: 'NS-02' });
    const shenda = r.generated.find((g) => g.name === '深大社区')!.code;
    expect(shenda).toBe('440305002001');
    const keji = r.generated.find((g) => g.name === '科技园社区')!.code;
    expect(await region(keji)).toMatchObject({ parent: '440305002', level: 'community' }); // by containment
    const cell1 = r.generated.find((g) => g.name === '深大第一网格')!.code;
    const cell2 = r.generated.find((g) => g.name === '深大第二网格')!.code;
    expect([cell1, cell2]).toEqual(['440305002001001', '440305002001002']);
    const w = (code: string, region: string) =>
      r.warnings.find((x) => x.code === code && x.region === region);
    expect(w('outside_parent', cell1)).toMatchObject({ other: shenda });
    expect(w('outside_parent', cell1)!.share).toBeCloseTo(0.2, 2); // 0.005° of 0.025° wide
    expect(w('overlap', cell1) ?? w('overlap', cell2)).toBeTruthy();
    expect(w('gap', shenda)!.share).toBeGreaterThan(0.05); // the cells leave part of 深大社区 uncovered
    expect(w('gap', '440305')).toBeTruthy(); // the streets do not cover the whole district (bow tie aside)
  });

  it('reassigns buildings and their residents to the cells as imported, and again after a re-import moves a cell', async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO buildings (source, source_id, use, floors, height_m, footprint) VALUES
         ('t', 'in1', 'residential', 6, 18, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(113.96, 22.52), 4326), 0.0002)))
       RETURNING id`,
    );
    const building = rows[0]!.id;
    const house = await db.query<{ id: number }>(
      `INSERT INTO houses (building_id, floor, room) VALUES ($1, 1, '101') RETURNING id`,
      [building],
    );
    await db.query(
      `INSERT INTO residents (house_id, name, id_number, sex, birth_date, category)
       VALUES ($1, '测试', '110101199003070011', 'M', '1990-03-07', 'registered')`,
      [house.rows[0]!.id],
    );
    const cells = [
      feature(1, { code: '440305002001001', name: '深大第一网格' }, rect(113.95, 22.5, 113.97, 22.55)),
    ];
    const r = await importRegions(db, 'cells.geojson', cells);
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    expect(r.reassigned.buildings).toBeGreaterThanOrEqual(1);
    const gridOf = async () =>
      (
        await db.query<{ b: string | null; r: string | null }>(
          `SELECT b.grid_code AS b, (SELECT grid_code FROM residents WHERE house_id = $2) AS r FROM buildings b WHERE b.id = $1`,
          [building, house.rows[0]!.id],
        )
      ).rows[0];
    expect(await gridOf()).toEqual({ b: '440305002001001', r: '440305002001001' });
    // the cell shrinks away from the building: it belongs to no cell now
    await importRegions(db, 'cells.geojson', [
      feature(1, { code: '440305002001001', name: '深大第一网格' }, rect(113.965, 22.53, 113.97, 22.55)),
    ]);
    expect(await gridOf()).toEqual({ b: null, r: null });
  });

  it('reads projected CGCS2000 (a Gauss-Krüger zone) and refuses a CRS it does not know', async () => {
    // EPSG:4547: CGCS2000 / 3-degree Gauss-Kruger CM 114E, metres
    const { rows } = await db.query<{ g: string }>(
      `SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromText('POLYGON((114.05 22.53,114.06 22.53,114.06 22.54,114.05 22.54,114.05 22.53))', 4326), 4547)) AS g`,
    );
    const r = await importRegions(
      db,
      'gk.geojson',
      [feature(1, { name: '福田区', level: 'district' }, JSON.parse(rows[0]!.g))],
      {
        coords: parseCoordOptions('EPSG:4547', undefined),
      },
    );
    expect(r.coordinates).toMatch(/EPSG:4547 transformed to WGS84/);
    const code = r.generated[0]!.code;
    const b = (
      await db.query<{ x0: number; y0: number }>(
        `SELECT ST_XMin(geom) AS x0, ST_YMin(geom) AS y0 FROM regions WHERE code = $1`,
        [code],
      )
    ).rows[0]!;
    expect(b.x0).toBeCloseTo(114.05, 6);
    expect(b.y0).toBeCloseTo(22.53, 6);
    expect(() => parseCoordOptions('mercator', undefined)).toThrow(ImportFatalError);
    expect(() => parseCoordOptions('EPSG:4547', 'gcj02')).toThrow(/cannot go with the projected/);
  });
});
