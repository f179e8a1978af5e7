import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Db, Queryable, StatementOptions } from './db.ts';

// int8 (bigserial ids, count(*)) as JS numbers, the same as PGlite returns them; ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// date as 'YYYY-MM-DD' text, not a local-midnight Date, matching what the API sends.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** Real PostgreSQL + PostGIS through a node-postgres pool. */
export async function openPostgres(connectionString: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  await pool.query('SELECT 1');
  const wrap = (c: pg.Pool | pg.PoolClient, pooled: boolean): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = [], opts: StatementOptions = {}) {
      const r = opts.name
        ? await c.query({ name: opts.name, text: sql, values: params as unknown[] })
        : await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[] };
    },
    async queryBytes(sql: string, params: readonly unknown[] = [], opts: StatementOptions = {}) {
      // Binary result format, no type parsing: a text column comes back as a Buffer of its UTF-8.
      const r = await c.query<Record<string, Buffer>>({
        ...(opts.name ? { name: opts.name } : {}),
        text: sql,
        values: params as unknown[],
        binary: true,
        types: { getTypeParser: () => (v: string | Buffer) => v },
      } as pg.QueryConfig);
      const row = r.rows[0];
      return row ? Object.values(row)[0] : undefined;
    },
    async exec(sql: string) {
      await c.query(sql);
    },
    async copyFrom(sql: string, payload: Buffer) {
      // A COPY stream needs one connection for its whole duration: the transaction's, or a pooled one.
      if (!pooled) return copy(c as pg.PoolClient, sql, payload);
      return withClient(pool, (client) => copy(client, sql, payload));
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool, true),
    transaction: (fn) =>
      withClient(pool, async (client) => {
        await client.query('BEGIN');
        try {
          const out = await fn(wrap(client, false));
          await client.query('COMMIT');
          return out;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    listen: (channel, onPayload, onLive) => listenWithReconnect(connectionString, channel, onPayload, onLive),
    close: () => pool.end(),
  };
}

async function copy(client: pg.PoolClient, sql: string, payload: Buffer) {
  const stream = client.query(copyFromStdin(sql));
  await pipeline(Readable.from([payload]), stream);
  return stream.rowCount;
}

/**
 * A client checked out of the pool for fn. While checked out, the pool no longer listens for its
 * errors: a connection lost between two queries (the database restarting mid-transaction) is
 * emitted on the client, and with no listener it would end the process. Listened to here, the
 * loss fails fn's next query instead, and the broken client is destroyed on release, not reused.
 */
async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => (lost = err);
  client.on('error', onError);
  try {
    return await fn(client);
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/**
 * LISTEN on its own connection (a pooled one would be handed to queries). When the connection
 * drops, says so (onLive(false)) and reconnects every 2 s until it listens again.
 */
async function listenWithReconnect(
  connectionString: string,
  channel: string,
  onPayload: (payload: string) => void,
  onLive: (live: boolean) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '');
    });
    let lost = false;
    const onLost = () => {
      if (lost || stopped) return;
      lost = true;
      client = undefined;
      onLive(false);
      void c.end().catch(() => undefined);
      retry = setTimeout(() => void connect().catch(() => undefined), 2000);
      retry.unref();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    try {
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    } catch (err) {
      onLost();
      throw err;
    }
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
    onLive(true);
  };
  await connect().catch(() => undefined); // onLive(false) said so; retrying every 2 s
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
