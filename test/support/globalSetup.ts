import { mkdirSync, writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../server/src/db/pglite.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { PGLITE_TEMPLATE } from './paths.ts';

/**
 * Boots PGlite with PostGIS and the migrations once per test run and saves the data folder;
 * each test file then starts from that template in a few seconds instead of ~10.
 */
export default async function setup(project: TestProject) {
  // Files that share per-run work (the e2e bundle) key it by this id.
  project.provide('runId', `${process.pid}-${Date.now()}`);
  const db = await openPglite('memory://');
  await migrate(db);
  const dump = await db.dumpDataDir();
  await db.close();
  mkdirSync(new URL('.', PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
  }
}
