/**
 * npm run bench [-- --scale 10 --requests 1100 --warmup 1000 --only people-houses,cases]
 *                [-- --only soak --soak-minutes 240]   (the wall soak runs only when asked)
 * On real PostgreSQL + PostGIS (BENCH_DATABASE_URL, default: database gridcenter_bench on the local
 * server, created and loaded with the --scale district on first run). Each suite (bench/suites.ts)
 * measures our path beside a baseline in the same run. Writes bench/results/*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb } from '../server/src/db/open.ts';
import { selectCounts, selectVersions } from '../server/src/health/health.sql.ts';
import { seedDemoIfEmpty } from '../server/src/demo.ts';
import { benchToken, ensureDatabase } from './context.ts';
import { machine } from './machine.ts';
import { spawnServer } from '../test/support/spawnServer.ts';
import { SUITES } from './suites.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    requests: { type: 'string', default: '1100' },
    warmup: { type: 'string', default: '1000' },
    only: { type: 'string' },
    // the wall soak's length (default 30; hours: --soak-minutes 240)
    'soak-minutes': { type: 'string' },
    url: {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridcenter_bench',
    },
  },
});
const scale = Number(args.scale);
const requests = Number(args.requests);
const warmup = Number(args.warmup);
const only = args.only?.split(',');
const suites = SUITES.filter((s) => (only ? only.includes(s.name) : !s.onlyWhenAsked));
if (args['soak-minutes']) process.env.BENCH_SOAK_MIN = args['soak-minutes'];
if (suites.length === 0)
  throw new Error(`no suite named ${args.only}; have ${SUITES.map((s) => s.name).join(', ')}`);

await ensureDatabase(args.url);
const db = await openDb({ databaseUrl: args.url });
await seedDemoIfEmpty(db, { seed: 1, scale });
await db.exec('ANALYZE');
const counts = await selectCounts(db, '');
console.log('[bench] district:', counts);
// The server runs in its own process, as in production; this process is the load client and the
// raw-SQL baseline, so the client's work and GC never sit inside the server's event loop.
const server = await spawnServer(args.url, { SEARCH_PER_MINUTE: '1000000000' });
const headers = { Authorization: `Bearer ${await benchToken(db)}` };
const m = machine();
const results: Record<string, unknown> = {};
const summary: string[] = [];
try {
  for (const suite of suites) {
    console.log(`[bench] ${suite.name} …`);
    const out = await suite.run({
      db,
      databaseUrl: args.url,
      serverUrl: server.url,
      headers,
      requests,
      warmup,
      scale,
    });
    results[suite.name] = out.result;
    summary.push(...out.summary);
  }
} finally {
  await server.close();
}
const at = new Date().toISOString();
const result = {
  at,
  machine: m,
  database: { engine: db.engine, ...(await selectVersions(db)), counts },
  scale,
  requestsPerCase: requests,
  warmup,
  results,
};
await db.close();

mkdirSync('bench/results', { recursive: true });
const file = `bench/results/bench-${at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
console.log(
  `[bench] ${m.cpu}, ${m.cores} cores, PostgreSQL ${result.database.postgres}, PostGIS ${result.database.postgis}`,
);
for (const l of summary) console.log(l);
console.log(`[bench] written ${file}`);
