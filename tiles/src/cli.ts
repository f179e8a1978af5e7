/**
 * npm run tiles -- build [--jurisdiction CODE] [--out DIR]
 * Builds (or updates: only changed tiles) the 3D Tiles of the buildings in the configured database
 * (DATABASE_URL, else the embedded PGlite in DATA_DIR) into DIR (default <DATA_DIR>/tiles/buildings/<jurisdiction or 'all'>).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/src/config.ts';
import { openDb } from '../../server/src/db/open.ts';
import { buildTileset } from './build.ts';
import { postgisSource } from './buildings.sql.ts';
import { tilesetDir } from './paths.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { jurisdiction: { type: 'string', default: '' }, out: { type: 'string' } },
});
if (positionals[0] !== 'build') {
  console.error('usage: npm run tiles -- build [--jurisdiction CODE] [--out DIR]');
  process.exit(2);
}
const config = loadConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const out = values.out ?? tilesetDir(join(config.dataDir, 'tiles'), values.jurisdiction);
  const r = await buildTileset(postgisSource(db, values.jurisdiction), out);
  const perS = r.buildings / (r.ms.total / 1000);
  console.log(
    `tiles: ${r.buildings.toLocaleString('en')} buildings, ${r.tiles} tiles (${r.changedTiles} written) in ${(r.ms.total / 1000).toFixed(2)} s` +
      ` (${Math.round(perS).toLocaleString('en')} buildings/s; index ${r.ms.index.toFixed(0)} ms, read ${r.ms.read.toFixed(0)} ms,` +
      ` mesh+glb ${r.ms.mesh.toFixed(0)} ms, write ${r.ms.write.toFixed(0)} ms) → ${out}/tileset.json, version ${r.version}`,
  );
} finally {
  await db.close();
}
