import { generatePassword, hashPassword } from '../../server/src/auth/passwords.ts';
import { newSecret, sha256Hex } from '../../server/src/auth/secrets.ts';
import type { Queryable } from '../../server/src/db/db.ts';

export interface SimWorker {
  workerId: number;
  gridCode: string;
  /** A point inside the worker's own cell (lon, lat). */
  home: [number, number];
  token: string;
}

/** Road polylines of the district (footways and streets a grid worker walks; no trunk roads). */
export async function selectWalkableRoads(db: Queryable): Promise<[number, number][][]> {
  const { rows } = await db.query<{ c: [number, number][] }>(
    `SELECT (ST_AsGeoJSON(geom)::json -> 'coordinates') AS c FROM roads WHERE class <> 'trunk' ORDER BY id`,
  );
  return rows.map((r) => (typeof r.c === 'string' ? (JSON.parse(r.c) as [number, number][]) : r.c));
}

export interface SimTokenOptions {
  /** Tokens handed out before (worker id → token): reused while valid for at least another day. */
  known?: ReadonlyMap<number, string>;
  /** Lifetime of new tokens (default 1 day). */
  days?: number;
}

/**
 * The first n grid workers (creating SIM workers round-robin over the cells when the district has
 * fewer), each with a phone account (grid_worker of its cell, an unknown password) linked to it and an
 * API token: a known one that is still good, else a fresh one. Returns the tokens: only their hashes
 * are stored, so a caller that wants to reuse them (the demo) keeps them itself.
 */
export async function ensureSimWorkers(
  db: Queryable,
  n: number,
  opts: SimTokenOptions = {},
): Promise<SimWorker[]> {
  const { rows: have } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM grid_workers`);
  const missing = n - have[0]!.n;
  if (missing > 0)
    await db.query(
      `INSERT INTO grid_workers (employee_no, name, grid_code)
       SELECT 'SIM' || lpad((s + $2)::text, 6, '0'), '模拟网格员' || (s + $2), g.code
       FROM generate_series(1, $1) s
       JOIN LATERAL (SELECT code FROM regions WHERE level = 'grid' ORDER BY code
                     OFFSET (s % greatest(1, (SELECT count(*) FROM regions WHERE level = 'grid'))) LIMIT 1) g ON true`,
      [missing, have[0]!.n],
    );
  // One argon2 hash for all: nobody knows the password, the phones use tokens.
  const hash = await hashPassword(generatePassword(24));
  const first = `SELECT id FROM grid_workers ORDER BY id LIMIT $1`;
  await db.query(
    `INSERT INTO users (username, display_name, role, jurisdiction, password_hash)
     SELECT 'sim-' || w.id, 'simulated phone', 'grid_worker', w.grid_code, $2
     FROM grid_workers w WHERE w.id IN (${first}) AND w.user_id IS NULL
     ON CONFLICT (username) DO NOTHING`,
    [n, hash],
  );
  await db.query(
    `UPDATE grid_workers w SET user_id = u.id FROM users u
     WHERE u.username = 'sim-' || w.id AND w.user_id IS NULL AND w.id IN (${first})`,
    [n],
  );
  const { rows } = await db.query<{
    workerId: number;
    gridCode: string;
    lon: number;
    lat: number;
    userId: number;
  }>(
    `SELECT w.id AS "workerId", w.grid_code AS "gridCode", w.user_id AS "userId",
            ST_X(ST_PointOnSurface(g.geom)) AS lon, ST_Y(ST_PointOnSurface(g.geom)) AS lat
     FROM grid_workers w JOIN regions g ON g.code = w.grid_code WHERE w.id IN (${first}) ORDER BY w.id`,
    [n],
  );
  const good = await validTokens(db, rows, opts.known);
  const tokens = rows.map((r) => good.get(r.workerId) ?? newSecret('token'));
  const fresh = rows.flatMap((r, k) =>
    good.has(r.workerId) ? [] : [{ userId: r.userId, token: tokens[k]! }],
  );
  if (fresh.length > 0)
    await db.query(
      `INSERT INTO api_tokens (token_hash, name, user_id, expires_at)
     SELECT h, 'simulator', u, now() + make_interval(days => $3) FROM unnest($1::text[], $2::int8[]) AS x(h, u)`,
      [fresh.map((f) => sha256Hex(f.token)), fresh.map((f) => f.userId), opts.days ?? 1],
    );
  return rows.map((r, k) => ({
    workerId: r.workerId,
    gridCode: r.gridCode,
    home: [r.lon, r.lat],
    token: tokens[k]!,
  }));
}

/** The known tokens that still let the worker's own account in for at least a day. */
async function validTokens(
  db: Queryable,
  workers: readonly { workerId: number; userId: number }[],
  known: ReadonlyMap<number, string> | undefined,
): Promise<Map<number, string>> {
  const asked = workers.filter((w) => known?.has(w.workerId));
  if (asked.length === 0) return new Map();
  const { rows } = await db.query<{ i: number }>(
    `SELECT x.i FROM unnest($1::text[], $2::int8[]) WITH ORDINALITY AS x(h, u, i)
     JOIN api_tokens t ON t.token_hash = x.h AND t.user_id = x.u
     WHERE t.revoked_at IS NULL AND t.expires_at > now() + interval '1 day'`,
    [asked.map((w) => sha256Hex(known!.get(w.workerId)!)), asked.map((w) => w.userId)],
  );
  return new Map(rows.map(({ i }) => [asked[i - 1]!.workerId, known!.get(asked[i - 1]!.workerId)!]));
}
