import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBuildings } from '../../data/import/importBuildings.ts';
import { importRegions } from '../../data/import/importRegions.ts';
import { commitDivision, proposeDivision } from '../../server/src/divisions/divisions.service.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { manhattanFeatures, NYC } from '../support/manhattan.ts';

/** The East Village: 3,748 OSM buildings, row houses and towers, no houses recorded (estimated). */
const BOX = [-73.995, 40.72, -73.975, 40.733] as const;
const COMMUNITY = '990001001001';

const rect = ([x0, y0, x1, y1]: readonly number[]) => ({
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

/**
 * The figures of a division of real data: 3,657 Manhattan buildings (floors × footprint, as a
 * customer without a house register has) into cells of about 300 households. The report's spread
 * is the target (90 % within ±20 %); the cells tile the community, split no building, and
 * each building is in exactly one; committed, every building has its grid cell.
 */
describe.each(testEngines())('dividing Manhattan buildings on $name', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await engine.open();
    const regions = [
      { code: '990001', name: 'Manhattan', level: 'district' },
      { code: '990001001', name: 'Lower East Side', level: 'street' },
      { code: COMMUNITY, name: 'East Village', level: 'community' },
    ].map((properties, i) => ({ row: i + 1, properties, geometry: rect(BOX) }));
    await importRegions(t.db, 'manhattan.geojson', regions);
    const features = manhattanFeatures(BOX);
    await importBuildings(
      t.db,
      { file: NYC, content: JSON.stringify({ type: 'FeatureCollection', features }) },
      { source: 'nyc' },
    );
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reports 90 % of the cells within ±20 % of 300 households, tiling the community', async () => {
    const d = await proposeDivision(t.db, { jurisdiction: '', kind: 'user', id: 0 }, COMMUNITY, 300);
    const c = d.report.communities[0]!;
    console.log(
      `[divide] ${engine.name}: ${c.buildings} buildings, ${c.households} households (${c.estimatedBuildings} estimated) → ` +
        `${d.spread.cells} cells, ${(d.spread.withinShare * 100).toFixed(1)}% within ±20% (${d.spread.min}–${d.spread.max})`,
    );
    expect(c.buildings).toBeGreaterThan(3500);
    expect(d.spread.cells).toBe(Math.round(c.households / 300));
    expect(d.spread.withinShare).toBeGreaterThanOrEqual(0.9);
    expect(d.cells.features).toHaveLength(d.spread.cells);
    const { rows } = await t.db.query<{
      placed: number;
      distinct: number;
      area: number;
      overlap: number;
      footprints: number;
    }>(
      `WITH c AS (SELECT * FROM grid_division_cells WHERE division_id = $1)
       SELECT (SELECT count(*) FROM c, unnest(c.building_ids))::int AS placed,
              (SELECT count(DISTINCT x) FROM c, unnest(c.building_ids) x)::int AS distinct,
              (SELECT sum(ST_Area(geom)) FROM c) / (SELECT ST_Area(geom) FROM regions WHERE code = $2) AS area,
              (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM c a JOIN c b
                 ON a.ord < b.ord AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom))
                / (SELECT ST_Area(geom) FROM regions WHERE code = $2) AS overlap,
              -- OSM outlines that overlap each other (a building and its parts): no division can separate them
              (SELECT coalesce(sum(ST_Area(ST_Intersection(a.footprint, b.footprint))), 0) FROM buildings a JOIN buildings b
                 ON a.id < b.id AND a.footprint && b.footprint AND ST_Intersects(a.footprint, b.footprint))
                / (SELECT ST_Area(geom) FROM regions WHERE code = $2) AS footprints`,
      [d.id, COMMUNITY],
    );
    expect(rows[0]!.placed).toBe(c.buildings);
    expect(rows[0]!.distinct).toBe(c.buildings);
    expect(rows[0]!.area).toBeCloseTo(1, 2);
    // cells overlap only where the data's own outlines do
    expect(rows[0]!.overlap).toBeLessThan(rows[0]!.footprints + 0.0005);

    await commitDivision(t.db, d.id, { jurisdiction: '' });
    const placed = await t.db.query<{ outside: number; grids: number }>(
      `SELECT (SELECT count(*) FROM buildings b JOIN grid_division_cells c ON b.id = ANY (c.building_ids)
                WHERE c.division_id = $1 AND (b.grid_code IS NULL OR b.grid_code <> c.community_code || lpad(c.ord::text, 3, '0')))::int AS outside,
              (SELECT count(*) FROM regions WHERE level = 'grid')::int AS grids`,
      [d.id],
    );
    expect(placed.rows[0]).toEqual({ outside: 0, grids: d.spread.cells });
  }, 120_000);
});
