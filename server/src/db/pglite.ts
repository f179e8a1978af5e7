import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';

/**
 * Embedded engine: PostgreSQL compiled to WASM with PostGIS, persisted in dataDir
 * ('memory://' keeps it in memory). PGlite is single-connection, so it serialises queries itself;
 * a transaction holds that one connection until it ends.
 */
export interface PgliteDb extends Db {
  /** The whole data folder as a tarball, for PGlite's loadDataDir (test templates, backups). */
  dumpDataDir(): Promise<Blob>;
}

export async function openPglite(dataDir: string, opts: { loadDataDir?: Blob } = {}): Promise<PgliteDb> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir,
    extensions: { postgis },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows };
    },
    async queryBytes(sql: string, params: readonly unknown[] = []) {
      // PGlite hands back strings; the WASM boundary has already copied them.
      const r = await q.query<Record<string, unknown>>(sql, params as unknown[]);
      const row = r.rows[0];
      return row ? Buffer.from(String(Object.values(row)[0])) : undefined;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // One process holds the embedded database: every NOTIFY comes from this connection, and it
    // cannot be lost.
    async listen(channel, onPayload, onLive) {
      const unlisten = await pg.listen(channel, onPayload);
      onLive(true);
      return () => unlisten();
    },
    close: () => pg.close(),
    dumpDataDir: async () => (await pg.dumpDataDir('gzip')) as Blob,
  };
}
