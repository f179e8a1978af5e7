import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Db } from '../../server/src/db/db.ts';
import { migrate } from '../../server/src/db/migrate.ts';
import { openPglite } from '../../server/src/db/pglite.ts';
import { openPostgres } from '../../server/src/db/postgres.ts';
import { PGLITE_TEMPLATE } from './paths.ts';

export interface TestDb {
  db: Db;
  /** The database's URL (PostgreSQL), for a server process of its own. */
  url?: string;
  /** Closes the engine and drops what the test created. */
  cleanup(): Promise<void>;
}

export interface TestEngine {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDb>;
}

/** Embedded engine, from the migrated template made by globalSetup. */
async function openTestPglite(): Promise<TestDb> {
  let template: Blob | undefined;
  try {
    template = new Blob([readFileSync(PGLITE_TEMPLATE)]);
  } catch {
    template = undefined; // running a file without globalSetup: boot from scratch
  }
  const db = await openPglite('memory://', template ? { loadDataDir: template } : {});
  await migrate(db);
  return { db, cleanup: () => db.close() };
}

/**
 * Real PostgreSQL + PostGIS: a fresh database per call on the server of TEST_DATABASE_URL, so test
 * files running in parallel never see each other's rows; dropped on cleanup.
 */
async function openTestPostgres(adminUrl: string): Promise<TestDb> {
  const name = `gc_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { max: 4 });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The engines integration tests run on: always the embedded one; real PostGIS too when
 * TEST_DATABASE_URL names a server (CI sets it; an unreachable server fails the run, not skips it).
 */
export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [{ name: 'pglite', open: openTestPglite }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: 'postgres', open: () => openTestPostgres(url) });
  return engines;
}
