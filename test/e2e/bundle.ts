import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_DIST = `${ROOT}client/dist`;
export const SHOTS = `${ROOT}test-results/screens`;

/**
 * Builds the production bundle, as `npm start` serves it, once per test run: several end-to-end
 * files run in parallel processes, the first one builds (mkdir is the lock), the others wait.
 */
export async function ensureBundle(): Promise<string> {
  const run = inject('runId');
  const tmp = `${ROOT}.tmp`;
  mkdirSync(tmp, { recursive: true });
  const lock = `${tmp}/bundle-${run}.lock`;
  const done = `${tmp}/bundle-${run}.done`;
  const failed = `${tmp}/bundle-${run}.failed`;
  if (takeLock(lock)) {
    // vitest sets NODE_ENV=test, which vite would keep in the bundle.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: `${ROOT}vite.config.ts`, logLevel: 'warn', mode: 'production' });
      writeFileSync(done, '');
    } catch (e) {
      writeFileSync(failed, String(e));
      throw e;
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    return CLIENT_DIST;
  }
  for (let waited = 0; waited < 300_000; waited += 250) {
    if (existsSync(done)) return CLIENT_DIST;
    if (existsSync(failed)) throw new Error('the client bundle failed to build (see the other e2e file)');
    await sleep(250);
  }
  throw new Error('timed out waiting for the client bundle');
}

/** mkdir is atomic: exactly one process creates the folder. */
function takeLock(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
