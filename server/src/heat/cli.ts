/**
 * npm run heat -- rebuild
 * Recounts the heat-zone rollups (cases, grid-worker presence) from the raw tables: after an upgrade
 * from before heat zones, a bulk load that bypassed the server, or to check the maintained counts.
 * A thin layer over heat.rebuild.ts; the server keeps the rollups current by itself.
 */
import { openDb } from '../db/open.ts';
import { rebuildHeat } from './heat.rebuild.ts';

async function main(argv: string[]): Promise<number> {
  if (argv[0] !== 'rebuild') {
    console.error('usage: npm run heat -- rebuild');
    return 2;
  }
  const db = await openDb({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './.data',
  });
  try {
    const r = await rebuildHeat(db, (what, done) => {
      if (done % 100_000 === 0) console.log(`[heat] ${what}: ${done.toLocaleString('en')}`);
    });
    console.log(
      `[heat] rebuilt in ${(r.ms / 1000).toFixed(1)} s: ${r.cases.toLocaleString('en')} cases ` +
        `(${r.casesCelled.toLocaleString('en')} given their H3 cell), ${r.fixes.toLocaleString('en')} position fixes`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? `heat failed: ${err.message}` : err);
    process.exitCode = 1;
  },
);
