import pg from 'pg';
import { insertApiToken } from '../server/src/auth/auth.sql.ts';
import { generatePassword } from '../server/src/auth/passwords.ts';
import { newSecret, sha256Hex } from '../server/src/auth/secrets.ts';
import type { Db } from '../server/src/db/db.ts';
import { createUser } from '../server/src/users/users.service.ts';

/** What every benchmark suite gets: the loaded bench database and a server in its own process. */
export interface BenchContext {
  db: Db;
  /** postgres:// URL of the bench database (suites that need their own pg connections). */
  databaseUrl: string;
  /** Base URL of the server under test (a child process, as in production). */
  serverUrl: string;
  /** Bearer header of a whole-installation admin. */
  headers: Record<string, string>;
  /** Measured requests per case. */
  requests: number;
  /**
   * Requests per case run before measuring, not counted. A server runs for weeks: the figures are
   * its steady state, after the JIT has compiled the request path (in the first 1,000 requests the
   * API's median was 0.4 ms slower than in the next thousands on this machine).
   */
  warmup: number;
  scale: number;
}

/** A benchmark suite: `npm run bench -- --only <name>` runs one. Returns JSON-able results. */
export interface BenchSuite {
  name: string;
  /** Not part of a plain `npm run bench` (long runs: the wall soak); `--only <name>` runs it. */
  onlyWhenAsked?: boolean;
  run(ctx: BenchContext): Promise<{ result: unknown; summary: string[] }>;
}

/** Runs one statement on the server's maintenance database (a suite dropping and making its own). */
export async function adminQuery(url: URL, sql: string) {
  const u = new URL(url);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
}

/** An API token for a user of `role` over the whole installation (created once per bench database). */
export async function benchToken(db: Db, role = 'admin', username = 'bench'): Promise<string> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [username]);
  const userId =
    rows[0]?.id ??
    (
      await createUser(db, {
        username,
        displayName: 'benchmark',
        role: role as 'admin',
        jurisdiction: '',
        password: generatePassword(),
      })
    ).id;
  const token = newSecret('token');
  await insertApiToken(db, { tokenHash: sha256Hex(token), name: 'bench', userId, expiresInDays: 1 });
  return token;
}
