import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBuildings } from '../data/import/importBuildings.ts';
import { readImportFile } from '../data/import/input.ts';
import { openDb } from '../server/src/db/open.ts';
import { buildTileset } from '../tiles/src/build.ts';
import { postgisSource, selectFootprints, selectTileIndex } from '../tiles/src/buildings.sql.ts';
import { parseWkbPolygons } from '../tiles/src/footprint.ts';
import { ensureDatabase, type BenchContext, type BenchSuite } from './context.ts';
import { sharedData } from '../test/support/sharedData.ts';

const MANHATTAN = sharedData('us-nyc-osm-buildings/buildings.geojson.gz');

/**
 * Tiling throughput on the real Manhattan building set (113,088 footprints), in its own scratch
 * database (gridcenter_tiles_bench, imported once and reused). Side by side: the raw SQL read of
 * the same footprints (the floor any PostGIS-fed builder pays), a full build into an empty folder,
 * a no-change rebuild and a one-building edit. pg2b3dm's published figure for France is ≈1,600
 * buildings/s; the target here is ≥ 5,000 buildings/s.
 */
export const tilesSuite: BenchSuite = {
  name: 'tiles',
  async run(ctx: BenchContext) {
    const url = new URL(ctx.databaseUrl);
    url.pathname = '/gridcenter_tiles_bench';
    await ensureDatabase(url.toString());
    const db = await openDb({ databaseUrl: url.toString() });
    const out = await mkdtemp(join(tmpdir(), 'gc-tiles-bench-'));
    try {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM buildings`);
      if (rows[0]!.n < 100_000)
        await importBuildings(db, readImportFile(MANHATTAN), { source: 'manhattan', defaultFloors: 2 });

      const t0 = performance.now();
      const indexRows = (await selectTileIndex(db, '')).length;
      const t1 = performance.now();
      const wkb = await selectFootprints(db, '', 'all');
      const t2 = performance.now();
      let rings = 0;
      for (const r of wkb) rings += parseWkbPolygons(r.wkb).length;
      const t3 = performance.now();

      const full = await buildTileset(postgisSource(db, ''), out);
      const same = await buildTileset(postgisSource(db, ''), out);
      const { rows: one } = await db.query<{ id: number }>(
        `UPDATE buildings SET height_m = height_m + 1 WHERE id = (SELECT min(id) FROM buildings) RETURNING id::float8 AS id`,
      );
      const edit = await buildTileset(postgisSource(db, ''), out);
      await db.query(`UPDATE buildings SET height_m = height_m - 1 WHERE id = $1`, [one[0]!.id]);

      const perS = (n: number, ms: number) => Math.round(n / (ms / 1000));
      const result = {
        buildings: full.buildings,
        indexRows,
        tiles: full.tiles,
        sqlIndexMs: t1 - t0,
        sqlFootprintsMs: t2 - t1,
        wkbParseMs: t3 - t2,
        polygons: rings,
        full: {
          ...full.ms,
          buildingsPerS: perS(full.buildings, full.ms.total),
          changedTiles: full.changedTiles,
        },
        noChange: { ...same.ms, changedTiles: same.changedTiles },
        oneEdit: {
          ...edit.ms,
          changedTiles: edit.changedTiles,
          versionChanged: edit.version !== full.version,
        },
      };
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      return {
        result,
        summary: [
          `tiles: ${full.buildings.toLocaleString('en')} Manhattan buildings → ${full.tiles} tiles in ${s(full.ms.total)}: ` +
            `${result.full.buildingsPerS.toLocaleString('en')} buildings/s (target ≥ 5,000; pg2b3dm ≈ 1,600)`,
          `  baseline raw SQL: index ${s(t1 - t0)} + footprints ${s(t2 - t1)} (WKB parse ${s(t3 - t2)}) = ` +
            `${perS(full.buildings, t2 - t0).toLocaleString('en')} buildings/s just to read`,
          `  build split: index ${s(full.ms.index)}, read ${s(full.ms.read)}, mesh+GLB ${s(full.ms.mesh)}, write ${s(full.ms.write)}`,
          `  no change: ${s(same.ms.total)}, ${same.changedTiles} tiles written; one edit: ${s(edit.ms.total)}, ` +
            `${edit.changedTiles} tiles written, version changed: ${result.oneEdit.versionChanged}`,
        ],
      };
    } finally {
      await db.close();
      await rm(out, { recursive: true, force: true });
    }
  },
};
