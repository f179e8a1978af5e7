import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/src/db/db.ts';
import { importBuildings } from '../../data/import/importBuildings.ts';
import { readImportFile } from '../../data/import/input.ts';
import { ImportFatalError } from '../../data/import/report.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { sharedData } from '../support/sharedData.ts';

const BUND = sharedData('cn-shanghai-bund-osm/buildings.geojson.gz');
const NYC = sharedData('us-nyc-osm-buildings/buildings.geojson.gz');
const FIXTURES = new URL('../fixtures/import/', import.meta.url).pathname;

// A grid cell (with its parent chain) covering the fixture's good polygon but not the others.
const GRID =
  'MULTIPOLYGON(((121.4899 31.2399, 121.4906 31.2399, 121.4906 31.2406, 121.4899 31.2406, 121.4899 31.2399)))';

// Each engine gives a fresh database (PGlite in memory; a throwaway PostgreSQL database when TEST_DATABASE_URL is set).
describe.each(testEngines())('building import on $name', (engine) => {
  let t: TestDb;
  let db: Db;
  const count = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    t = await engine.open();
    db = t.db;
    for (const [code, level, parent] of [
      ['310101', 'district', null],
      ['310101001', 'street', '310101'],
      ['310101001001', 'community', '310101001'],
      ['310101001001001', 'grid', '310101001001'],
    ] as const) {
      await db.query(
        `INSERT INTO regions (code, parent_code, level, name, geom) VALUES ($1, $2, $3, $1, ST_GeomFromText($4, 4326))`,
        [code, parent, level, GRID],
      );
    }
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('imports the real Shanghai Bund file, every feature accounted for', async () => {
    const r = await importBuildings(db, readImportFile(BUND), { source: 'bund' });
    expect(r.total).toBe(1450);
    expect(r.inserted + r.rejected.length).toBe(1450);
    expect(r.inserted).toBe(692);
    // 754 footprints carry no height (and this schema has no levels); 4 have height 0.
    expect(r.rejected.filter((x) => x.field === 'height' && x.code === 'required')).toHaveLength(754);
    expect(r.rejected.filter((x) => x.field === 'height' && x.code === 'out_of_range')).toHaveLength(4);
    expect(r.rejected.every((x) => x.row >= 1 && x.row <= 1450 && x.reason.length > 0)).toBe(true);
    expect(await count(`SELECT count(*) n FROM buildings WHERE source = 'bund'`)).toBe(692);
    // Floors derived from height at 3 m a floor; Polygons stored as MultiPolygons.
    expect(
      await count(`SELECT count(*) n FROM buildings WHERE source = 'bund'
                   AND floors = least(200, greatest(1, round(height_m / 3)))
                   AND GeometryType(footprint) = 'MULTIPOLYGON'`),
    ).toBe(692);
  });

  it('re-importing the same file updates instead of duplicating', async () => {
    const before = await count(`SELECT count(*) n FROM buildings`);
    const r = await importBuildings(db, readImportFile(BUND), { source: 'bund' });
    expect(r.inserted).toBe(0);
    expect(r.updated).toBe(692);
    expect(await count(`SELECT count(*) n FROM buildings`)).toBe(before);
  });

  it('uses --default-floors for features without height', async () => {
    const r = await importBuildings(db, readImportFile(BUND), { source: 'bund-default', defaultFloors: 6 });
    expect(r.inserted).toBe(1446);
    expect(
      await count(
        `SELECT count(*) n FROM buildings WHERE source = 'bund-default' AND floors = 6 AND height_m = 18`,
      ),
    ).toBe(754);
  });

  it('repairs a bowtie, rejects projected, sizeless and degenerate features, keeps the good ones', async () => {
    const r = await importBuildings(db, readImportFile(`${FIXTURES}buildings-small.geojson`), {
      source: 'fixture',
    });
    expect(r.inserted).toBe(3);
    expect(r.repaired).toBe(1);
    expect(r.rejected.map(({ row, id, field, code }) => ({ row, id, field, code }))).toEqual([
      { row: 4, id: 'projected', field: 'geometry', code: 'not_lonlat' },
      { row: 5, id: 'no-height', field: 'height', code: 'required' },
      { row: 6, id: 'flat', field: 'geometry', code: 'invalid_geometry' },
      { row: 7, id: 'point', field: 'geometry', code: 'unsupported_geometry' },
    ]);
    const { rows } = await db.query(
      `SELECT source_id AS "sourceId", floors, height_m AS "heightM", use, ST_NumGeometries(footprint) AS parts,
              grid_code AS "gridCode", ST_IsValid(footprint) AS valid
       FROM buildings WHERE source = 'fixture' ORDER BY source_id`,
    );
    expect(rows).toEqual([
      { sourceId: 'bowtie', floors: 3, heightM: 9, use: 'school', parts: 2, gridCode: null, valid: true },
      {
        sourceId: 'good-multi',
        floors: 4,
        heightM: 12,
        use: 'residential',
        parts: 2,
        gridCode: null,
        valid: true,
      },
      {
        sourceId: 'good-polygon',
        floors: 9,
        heightM: 26,
        use: 'office',
        parts: 1,
        gridCode: '310101001001001',
        valid: true,
      },
    ]);
  });

  it('a bad re-import of a stored building leaves the stored row untouched', async () => {
    const ring = [
      [1e6, 1e6],
      [1e6 + 5, 1e6],
      [1e6, 1e6 + 5],
      [1e6, 1e6],
    ];
    const bad = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'good-polygon',
          properties: { height: 26 },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
      ],
    };
    const r = await importBuildings(
      db,
      { file: 'bad.geojson', content: JSON.stringify(bad) },
      { source: 'fixture' },
    );
    expect(r.rejected).toMatchObject([{ row: 1, id: 'good-polygon', field: 'geometry', code: 'not_lonlat' }]);
    expect(
      await count(
        `SELECT count(*) n FROM buildings WHERE source_id = 'good-polygon' AND ST_XMin(footprint) > 121`,
      ),
    ).toBe(1);
  });

  it('refuses a file that declares a projected CRS, or cannot be read', async () => {
    await expect(
      importBuildings(db, readImportFile(`${FIXTURES}buildings-wrong-crs.geojson`)),
    ).rejects.toThrow(ImportFatalError);
    await expect(importBuildings(db, { file: 'x.geojson', content: '{"type":' })).rejects.toThrow(
      /unparsable/,
    );
    expect(() => readImportFile(`${FIXTURES}missing.geojson`)).toThrow(/not found/);
    expect(await count(`SELECT count(*) n FROM buildings WHERE source_id = 'utm'`)).toBe(0);
  });

  it('imports Manhattan (all 113,089 on PostgreSQL, the first 5,000 features on PGlite)', async () => {
    const full = engine.name === 'postgres';
    const content = full
      ? readFileSync(NYC)
      : JSON.stringify({
          type: 'FeatureCollection',
          features: JSON.parse(gunzipSync(readFileSync(NYC)).toString()).features.slice(0, 5000),
        });
    const r = await importBuildings(db, { file: NYC, content }, { source: 'nyc' });
    expect(r.total).toBe(full ? 113_089 : 5000);
    expect(r.inserted + r.rejected.length).toBe(r.total);
    expect(r.inserted).toBeGreaterThan(r.total * 0.9);
    expect(await count(`SELECT count(*) n FROM buildings WHERE source = 'nyc'`)).toBe(r.inserted);
  }, 300_000);
});
