/**
 * npm run grid -- divide --region CODE [--households 300] [--commit] [--report FILE]
 * Divides a community (or every community of a street or district) into grid cells of about N
 * households: a proposal, printed with its spread, to review on the screen (网格划分 in the region
 * tree) and commit there, or at once with --commit. A thin layer over divisions.service.ts.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/src/db/open.ts';
import { commitDivision, proposeDivision } from '../../server/src/divisions/divisions.service.ts';

const USAGE = 'usage: npm run grid -- divide --region CODE [--households 300] [--commit] [--report FILE]';

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      region: { type: 'string' },
      households: { type: 'string', default: '300' },
      commit: { type: 'boolean', default: false },
      report: { type: 'string' },
    },
  });
  const households = Number(o.households);
  if (positionals[0] !== 'divide' || !o.region || !/^[0-9]{6}([0-9]{3}){0,2}$/.test(o.region)) {
    console.error(USAGE);
    return 2;
  }
  if (!Number.isInteger(households) || households < 10 || households > 5000) {
    console.error('--households must be an integer 10–5000');
    return 2;
  }
  const db = await openDb({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './.data',
  });
  try {
    const whole = { jurisdiction: '', kind: 'user' as const, id: 0 };
    let d = await proposeDivision(db, whole, o.region, households);
    for (const c of d.report.communities)
      console.log(
        `${c.code} ${c.name}: ${c.buildings} buildings, ${c.households} households` +
          `${c.estimatedBuildings ? ` (${c.estimatedBuildings} buildings estimated)` : ''}, ${c.roads} road pieces → ${c.cells} cells`,
      );
    const s = d.report.spread;
    console.log(
      `division ${d.id}: ${s.cells} cells, ${(s.withinShare * 100).toFixed(0)} % within ±${s.tolerance * 100} % of ${households} households (min ${s.min}, max ${s.max})`,
    );
    if (o.commit) {
      d = await commitDivision(db, d.id, whole);
      console.log(`committed: ${d.cells.features.length} grid cells written`);
    } else console.log(`proposed: review it on the screen (网格划分) or run again with --commit`);
    if (o.report) writeFileSync(o.report, JSON.stringify(d, null, 2) + '\n');
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? `grid failed: ${err.message}` : err);
    process.exitCode = 1;
  },
);
