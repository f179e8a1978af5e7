import type { Role } from '../../contracts/auth.ts';
import { generatePassword } from './auth/passwords.ts';
import type { Db } from './db/db.ts';
import { countUsers } from './users/users.sql.ts';
import { createUser } from './users/users.service.ts';

/** On an empty database (no regions, no buildings), generates and loads the demo district. */
export async function seedDemoIfEmpty(db: Db, opts: { seed: number; scale: number }): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM regions) + (SELECT count(*) FROM buildings))::int AS n`,
  );
  if (rows[0]!.n > 0) return false;
  const t0 = Date.now();
  console.log(
    `[demo] empty database: generating the demo district (seed ${opts.seed}, scale ${opts.scale}) …`,
  );
  // Loaded lazily: the generator is only needed once per database.
  const { generateDistrict } = await import('../../data/generator/generateDistrict.ts');
  const { loadDistrict } = await import('../../data/generator/loadDistrict.ts');
  const district = generateDistrict({ seed: opts.seed, scale: opts.scale });
  let last = '';
  const counts = await loadDistrict(db, district, (table, done, total) => {
    if (done === total && table !== last) {
      last = table;
      console.log(`[demo]   ${table}: ${total.toLocaleString('en')}`);
    }
  });
  console.log(`[demo] loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`, counts);
  const { seedDemoMoves } = await import('./occupancy/occupancy.sql.ts');
  const left = await seedDemoMoves(db, opts.seed);
  console.log(`[demo]   moves: who moved in when, and ${left.toLocaleString('en')} who left`);
  const t1 = Date.now();
  const { seedDemoCases } = await import('./cases/demoCases.ts');
  // about one case a day for every three grid cells (workers' reports and hotline calls), so
  // `--scale 10` gives ten times the cases as well as ten times the district
  const grids = district.regions.filter((r) => r.level === 'grid').length;
  const perDay = Math.max(10, Math.round(grids * 0.3));
  const cases = await seedDemoCases(db, { seed: opts.seed, endMs: Date.now(), perDay });
  console.log(
    `[demo]   cases: ${cases.toLocaleString('en')} over a year in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
  );
  return true;
}

/** One demo account per role: [username, role, jurisdiction or 'grid' for the first grid cell of street 001]. */
const DEMO_ACCOUNTS: readonly [string, Role, string][] = [
  ['admin', 'admin', '120106'],
  ['leader', 'leader', '120106'],
  ['operator', 'operator', '120106001'],
  ['analyst', 'analyst', '120106001'],
  ['gridworker', 'grid_worker', 'grid'],
  ['handler', 'handler', '120106'],
];

/**
 * With no user at all (a new database, or one from before accounts existed), creates the demo
 * accounts. The password comes from GRIDCENTER_DEMO_PASSWORD, else one is generated per account
 * and printed once: it is stored only as an argon2id hash.
 */
export async function seedDemoAccountsIfNone(db: Db, password: string | undefined): Promise<boolean> {
  if ((await countUsers(db)) > 0) return false;
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM regions WHERE level = 'grid' AND code LIKE '120106001%' ORDER BY code LIMIT 1`,
  );
  const grid = rows[0]?.code ?? '120106001';
  console.log('[demo] demo accounts (shown once; change them with `npm run users -- reset-password`):');
  for (const [username, role, j] of DEMO_ACCOUNTS) {
    const jurisdiction = j === 'grid' ? grid : j;
    const pw = password ?? generatePassword();
    await createUser(db, { username, displayName: username, role, jurisdiction, password: pw });
    console.log(
      `[demo]   ${username.padEnd(11)} ${role.padEnd(12)} ${jurisdiction.padEnd(16)} ${password ? '(GRIDCENTER_DEMO_PASSWORD)' : pw}`,
    );
  }
  return true;
}
