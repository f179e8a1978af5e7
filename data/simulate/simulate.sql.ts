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

/**
 * The first n grid workers (creating SIM workers round-robin over the cells when the district has
 * fewer), each with a phone account (grid_worker of its cell, an unknown password) linked to it and a
 * fresh day-long API token. Returns the tokens: they exist nowhere else.
 */
export async function ensureSimWorkers(db: Queryable, n: number): Promise<SimWorker[]> {
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
  const tokens = rows.map(() => newSecret('token'));
  await db.query(
    `INSERT INTO api_tokens (token_hash, name, user_id, expires_at)
     SELECT h, 'simulator', u, now() + interval '1 day' FROM unnest($1::text[], $2::int8[]) AS x(h, u)`,
    [tokens.map(sha256Hex), rows.map((r) => r.userId)],
  );
  return rows.map((r, k) => ({
    workerId: r.workerId,
    gridCode: r.gridCode,
    home: [r.lon, r.lat],
    token: tokens[k]!,
  }));
}
