/**
 * `npm run fuzz`: the fuzz suites with more inputs (FUZZ_RUNS, default 200,000) from a new seed
 * each time (FUZZ_SEED to replay one), on the engines `npm test` uses (TEST_DATABASE_URL adds
 * PostgreSQL). The seed is printed first, so a finding can be replayed.
 */
import { spawnSync } from 'node:child_process';

const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '200000';
console.log(
  `[fuzz] seed ${seed}, ${runs} inputs per engine (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz)`,
);
const r = spawnSync('npx', ['vitest', 'run', 'test/server/fuzz', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
process.exit(r.status ?? 1);
