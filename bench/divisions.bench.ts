import { importBuildings } from '../data/import/importBuildings.ts';
import { importRegions } from '../data/import/importRegions.ts';
import { readImportFile } from '../data/import/input.ts';
import { openDb } from '../server/src/db/open.ts';
import { proposeDivision } from '../server/src/divisions/divisions.service.ts';
import { NYC } from '../test/support/manhattan.ts';
import { ensureDatabase, type BenchContext, type BenchSuite } from './context.ts';

/** Communities of 0.01° × 0.01° (about 840 m × 1.1 km) where Manhattan has buildings. */
const STEP = 0.01;

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + STEP, y],
      [x + STEP, y + STEP],
      [x, y + STEP],
      [x, y],
    ],
  ],
});

/**
 * A real city's regions and grid division, on all of Manhattan's OSM buildings (113,088) in a
 * scratch database of its own (gridcenter_regions_bench; buildings imported once): a district, a
 * street and a community per 0.01° square holding buildings, imported (validated: overlaps, gaps,
 * parents) with the buildings put into them; then every community divided into cells of about 300
 * households (floors × footprint). Beside it, in the same run: the plain ST_Contains join that puts
 * the same buildings into the same communities — the floor any assignment pays. Issue 15's target:
 * within 2× that join.
 */
export const divisionsSuite: BenchSuite = {
  name: 'regions',
  async run(ctx: BenchContext) {
    const url = new URL(ctx.databaseUrl);
    url.pathname = '/gridcenter_regions_bench';
    await ensureDatabase(url.toString());
    const db = await openDb({ databaseUrl: url.toString() });
    try {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM buildings`);
      if (rows[0]!.n < 100_000)
        await importBuildings(db, readImportFile(NYC), { source: 'manhattan', defaultFloors: 2 });
      // a fresh start for the regions: the buildings out of every cell, divisions and regions gone
      await db.exec(`UPDATE buildings SET grid_code = NULL WHERE grid_code IS NOT NULL;
        DELETE FROM grid_division_cells; DELETE FROM grid_divisions; DELETE FROM regions;`);
      const squares = await db.query<{ x: number; y: number; n: number }>(
        `SELECT floor(ST_X(p) / ${STEP}) * ${STEP} AS x, floor(ST_Y(p) / ${STEP}) * ${STEP} AS y, count(*)::int AS n
         FROM (SELECT ST_PointOnSurface(footprint) AS p FROM buildings) s GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const [x0, y0, x1, y1] = squares.rows.reduce(
        (b, s) => [
          Math.min(b[0], s.x),
          Math.min(b[1], s.y),
          Math.max(b[2], s.x + STEP),
          Math.max(b[3], s.y + STEP),
        ],
        [Infinity, Infinity, -Infinity, -Infinity],
      );
      const whole = square(0, 0);
      whole.coordinates = [
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ];
      const features = [
        { code: '990001', name: 'Manhattan', level: 'district', geometry: whole },
        { code: '990001001', name: 'Manhattan street', level: 'street', geometry: whole },
        ...squares.rows.map((s, i) => ({
          code: `990001001${String(i + 1).padStart(3, '0')}`,
          name: `community ${i + 1}`,
          level: 'community',
          geometry: square(s.x, s.y),
        })),
      ].map(({ geometry, ...properties }, i) => ({ row: i + 1, properties, geometry }));

      const tImport = performance.now();
      const report = await importRegions(db, 'manhattan-regions', features);
      const importMs = performance.now() - tImport;

      const tDivide = performance.now();
      const division = await proposeDivision(db, { jurisdiction: '', kind: 'user', id: 0 }, '990001', 300);
      const divideMs = performance.now() - tDivide;

      // the baseline: the same buildings into the same communities, a plain join (run twice, the
      // second counted: the pages are as warm as for our path)
      const join = async () => {
        const t = performance.now();
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM buildings b JOIN regions r
             ON r.level = 'community' AND r.geom && b.footprint AND ST_Contains(r.geom, ST_PointOnSurface(b.footprint))`,
        );
        return { ms: performance.now() - t, rows: r.rows[0]!.n };
      };
      await join();
      const baseline = await join();
      const ours = importMs + divideMs;
      const result = {
        buildings:
          rows[0]!.n >= 100_000
            ? rows[0]!.n
            : (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM buildings`)).rows[0]!.n,
        communities: squares.rows.length,
        regionsImport: {
          ms: Math.round(importMs),
          inserted: report.inserted,
          warnings: report.warnings.length,
        },
        division: {
          ms: Math.round(divideMs),
          cells: division.spread.cells,
          withinShare: division.spread.withinShare,
          households: division.report.communities.reduce((s, c) => s + c.households, 0),
          buildings: division.report.communities.reduce((s, c) => s + c.buildings, 0),
        },
        stContainsJoin: { ms: Math.round(baseline.ms), rows: baseline.rows },
        ratio: Math.round((ours / baseline.ms) * 10) / 10,
      };
      return {
        result,
        summary: [
          `regions: ${result.communities} communities over ${result.buildings.toLocaleString('en')} Manhattan buildings: ` +
            `import + reassignment ${(importMs / 1000).toFixed(1)} s, division into ${result.division.cells} cells ` +
            `(${(result.division.withinShare * 100).toFixed(1)}% within ±20%) ${(divideMs / 1000).toFixed(1)} s; ` +
            `plain ST_Contains join of the same ${baseline.rows.toLocaleString('en')} rows ${(baseline.ms / 1000).toFixed(2)} s → ${result.ratio}× (target ≤ 2×)`,
        ],
      };
    } finally {
      await db.close();
    }
  },
};
