/**
 * npm run bench [-- --scale 10 --requests 1100]
 * On real PostgreSQL + PostGIS (BENCH_DATABASE_URL, default: database gridcenter_bench on the local
 * server, created and loaded with the --scale district on first run). Writes bench/results/*.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../server/src/db/open.ts';
import { selectCounts, selectVersions } from '../server/src/health/health.sql.ts';
import { seedDemoIfEmpty } from '../server/src/demo.ts';
import { spawnServer } from './spawnServer.ts';
import { insertApiToken } from '../server/src/auth/auth.sql.ts';
import { generatePassword } from '../server/src/auth/passwords.ts';
import { newSecret, sha256Hex } from '../server/src/auth/secrets.ts';
import type { Db } from '../server/src/db/db.ts';
import { createUser } from '../server/src/users/users.service.ts';
import { machine } from './machine.ts';
import { benchPeopleHouses, pickInputs } from './peopleHouses.bench.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '10' },
    requests: { type: 'string', default: '1100' },
    url: {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridcenter_bench',
    },
  },
});
const scale = Number(args.scale);
const requests = Number(args.requests);

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
}

/** A whole-installation admin's API token (the user is created once per bench database). */
async function benchToken(db: Db): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = 'bench'`);
  const userId =
    rows[0]?.id ??
    (
      await createUser(db, {
        username: 'bench',
        displayName: 'benchmark',
        role: 'admin',
        jurisdiction: '',
        password: generatePassword(),
      })
    ).id;
  const token = newSecret('token');
  await insertApiToken(db, { tokenHash: sha256Hex(token), name: 'bench', userId, expiresInDays: 1 });
  return token;
}

await ensureDatabase(args.url);
const db = await openDb({ databaseUrl: args.url });
await seedDemoIfEmpty(db, { seed: 1, scale });
await db.exec('ANALYZE');
const counts = await selectCounts(db, '');
console.log('[bench] district:', counts);
// The API is measured as a dispatcher uses it: authenticated (bearer token), every search audited.
// The server runs in its own process, as in production; this process is the load client and the
// raw-SQL baseline, so the client's work and GC never sit inside the server's event loop.
const server = await spawnServer(args.url, { SEARCH_PER_MINUTE: '1000000000' });
const headers = { Authorization: `Bearer ${await benchToken(db)}` };

const inputs = await pickInputs(db, requests);
const peopleHouses = await benchPeopleHouses(db, server.url, inputs, headers);

const result = {
  at: new Date().toISOString(),
  machine: machine(),
  database: { engine: db.engine, ...(await selectVersions(db)), counts },
  scale,
  requestsPerCase: requests,
  warmup: 100,
  peopleHouses,
};
await server.close();
await db.close();

mkdirSync('bench/results', { recursive: true });
const file = `bench/results/bench-${result.at.replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
const row = (name: string, r: (typeof peopleHouses)['findPeopleByHouse']) =>
  console.log(
    `${name.padEnd(22)} API p50 ${r.api.p50.toFixed(2)} ms  p99 ${r.api.p99.toFixed(2)} ms | raw SQL p50 ${r.sql.p50.toFixed(2)} ms  p99 ${r.sql.p99.toFixed(2)} ms | API/SQL p99 ${r.p99Ratio}×`,
  );
console.log(
  `[bench] ${result.machine.cpu}, ${result.machine.cores} cores, PostgreSQL ${result.database.postgres}, PostGIS ${result.database.postgis}`,
);
row('find people by house', peopleHouses.findPeopleByHouse);
row('person search', peopleHouses.personSearch);
console.log(`[bench] written ${file}`);
