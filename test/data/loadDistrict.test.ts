import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, type TestDb } from '../support/engines.ts';
import { generateDistrict } from '../../data/generator/generateDistrict.ts';
import { deleteDemoData, loadDistrict } from '../../data/generator/loadDistrict.ts';

const district = generateDistrict({ seed: 7, scale: 0.1 });

describe.each(testEngines())('loadDistrict on $name', (engine) => {
  let t: TestDb;
  const db = () => t.db;
  beforeAll(async () => {
    t = await engine.open();
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  it('loads every row and places each building inside its grid cell', async () => {
    const counts = await loadDistrict(db(), district);
    expect(counts).toEqual({
      regions: district.regions.length,
      roads: district.roads.length,
      buildings: district.buildings.length,
      houses: district.houses.length,
      residents: district.residents.length,
      workers: district.workers.length,
      places: district.places.length,
    });
    const count = async (sql: string) => Number((await db().query<{ n: number }>(sql)).rows[0]?.n);
    expect(await count(`SELECT count(*) AS n FROM residents WHERE grid_code LIKE '120106%'`)).toBe(
      district.residents.length,
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM houses h JOIN buildings b ON b.id = h.building_id WHERE b.source = 'demo'`,
      ),
    ).toBe(district.houses.length);
    const outside = await count(
      `SELECT count(*) AS n FROM buildings b JOIN regions g ON g.code = b.grid_code
       WHERE b.source = 'demo' AND NOT ST_Contains(g.geom, ST_Centroid(b.footprint))`,
    );
    expect(outside).toBe(0);
    const misplaced = await count(
      `SELECT count(*) AS n FROM residents r JOIN houses h ON h.id = r.house_id JOIN buildings b ON b.id = h.building_id
       WHERE r.grid_code IS DISTINCT FROM b.grid_code`,
    );
    expect(misplaced).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM regions WHERE NOT ST_IsValid(geom)`)).toBe(0);
  }, 120_000);

  it('deletes the demo district again, leaving other sources alone', async () => {
    await db().query(`INSERT INTO roads (source, name, class, geom) VALUES ('osm', 'kept', 'primary',
      ST_GeomFromText('LINESTRING(117 39, 117.1 39.1)', 4326))`);
    await deleteDemoData(db(), district.districtCode);
    const { rows } = await db().query<{ r: number; b: number; p: number; roads: string[] }>(
      `SELECT (SELECT count(*) FROM regions)::int AS r, (SELECT count(*) FROM buildings)::int AS b,
              (SELECT count(*) FROM residents)::int AS p, (SELECT array_agg(name) FROM roads) AS roads`,
    );
    expect(rows[0]).toEqual({ r: 0, b: 0, p: 0, roads: ['kept'] });
  }, 120_000);
});
