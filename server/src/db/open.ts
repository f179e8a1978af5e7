import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface OpenDbOptions {
  /** postgres://… — use a real PostgreSQL + PostGIS server; otherwise the embedded engine. */
  databaseUrl?: string | undefined;
  /** Embedded engine's data folder, or 'memory://'. */
  dataDir?: string;
}

/** Opens the configured engine and brings its schema up to date. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl)
    : await openPglite(opts.dataDir ?? './.data');
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
