import { parseArgs } from 'node:util';
import { openDb } from '../../server/src/db/open.ts';
import { generateDistrict } from './generateDistrict.ts';
import { deleteDemoData, loadDistrict } from './loadDistrict.ts';

/** npx tsx data/generator/cli.ts --seed 1 --scale 10 [--force] — generates the demo district and loads it. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      'district-code': { type: 'string', default: '120106' },
      'district-name': { type: 'string', default: '红桥区' },
      force: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  const scale = Number(values.scale);
  const districtCode = values['district-code'];
  const db = await openDb({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './.data',
  });
  try {
    const { rows } = await db.query<{ n: number | string }>(
      `SELECT (SELECT count(*) FROM regions) + (SELECT count(*) FROM buildings) AS n`,
    );
    if (Number(rows[0]?.n ?? 0) > 0) {
      if (!values.force)
        throw new Error(
          'the database already holds regions or buildings; use --force to replace the demo data',
        );
      await deleteDemoData(db, districtCode);
    }
    let t = performance.now();
    const district = generateDistrict({ seed, scale, districtCode, districtName: values['district-name'] });
    console.log(`generated seed=${seed} scale=${scale} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const counts = await loadDistrict(db, district, (table, done, total) => {
      process.stdout.write(`\r  ${table}: ${done}/${total}   `);
      if (done === total) process.stdout.write('\n');
    });
    console.log(`loaded into ${db.engine} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.table(counts);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
