import type { Queryable } from '../db/db.ts';
import type { Fix, Stillness } from './positions.clean.ts';
import { encodeHistoryCopy } from './positions.copy.ts';

/** One worker's accepted fixes of a micro-batch. */
export interface WorkerFixes {
  workerId: number;
  fixes: readonly Fix[];
}

/** The newest fix of a worker in a micro-batch, with its still period. */
export interface LatestRow extends Fix, Stillness {
  workerId: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

const HISTORY_COLUMNS = 'worker_id, t, lon, lat, accuracy_m, speed_mps, heading_deg, battery_pct';

/**
 * Appends a micro-batch to the history; rows route to their day's partition. On PostgreSQL one
 * binary COPY (several times cheaper for the server than parsing the INSERT's arrays), on PGlite
 * one multi-row INSERT through unnest().
 */
export async function insertHistory(db: Queryable, batch: readonly WorkerFixes[]): Promise<number> {
  if (db.copyFrom)
    return db.copyFrom(
      `COPY position_history (${HISTORY_COLUMNS}) FROM STDIN (FORMAT binary)`,
      encodeHistoryCopy(batch),
    );
  return insertHistoryUnnest(db, batch);
}

/** The multi-row INSERT of a micro-batch: one array per column through unnest(). */
export async function insertHistoryUnnest(db: Queryable, batch: readonly WorkerFixes[]): Promise<number> {
  const n = batch.reduce((s, b) => s + b.fixes.length, 0);
  const cols = {
    w: new Array<number>(n),
    t: new Array<number>(n),
    lon: new Array<number>(n),
    lat: new Array<number>(n),
  };
  const extra = {
    a: new Array<number | null>(n),
    s: new Array<number | null>(n),
    h: new Array<number | null>(n),
    b: new Array<number | null>(n),
  };
  let i = 0;
  for (const { workerId, fixes } of batch)
    for (const f of fixes) {
      cols.w[i] = workerId;
      cols.t[i] = f.t;
      cols.lon[i] = f.lon;
      cols.lat[i] = f.lat;
      extra.a[i] = f.accuracyM;
      extra.s[i] = f.speedMps;
      extra.h[i] = f.headingDeg;
      extra.b[i] = f.batteryPct;
      i++;
    }
  await db.query(
    `INSERT INTO position_history (${HISTORY_COLUMNS})
     SELECT w, to_timestamp(t / 1000), lon, lat, a, s, h, b
     FROM unnest($1::int8[], $2::float8[], $3::float8[], $4::float8[], $5::float4[], $6::float4[], $7::float4[],
                 $8::float4[]) AS u(w, t, lon, lat, a, s, h, b)`,
    [cols.w, cols.t, cols.lon, cols.lat, extra.a, extra.s, extra.h, extra.b],
  );
  return n;
}

/**
 * Upserts the newest fix per worker; an older fix (a late batch) never replaces a newer one.
 * Rows go in worker order so concurrent flushes lock latest_positions rows in the same order.
 */
export async function upsertLatest(db: Queryable, rows: readonly LatestRow[]): Promise<void> {
  if (rows.length === 0) return;
  const r = [...rows].sort((a, b) => a.workerId - b.workerId);
  await db.query(
    `INSERT INTO latest_positions AS l (worker_id, t, lon, lat, geom, accuracy_m, speed_mps, heading_deg,
                                       battery_pct, still_since, anchor_lon, anchor_lat)
     SELECT u.w, u.t, u.lon, u.lat, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.a, u.s, u.h, u.b, u.ss, u.alon, u.alat
     FROM unnest($1::int8[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float4[], $6::float4[],
                 $7::float4[], $8::float4[], $9::timestamptz[], $10::float8[], $11::float8[])
          AS u(w, t, lon, lat, a, s, h, b, ss, alon, alat)
     ON CONFLICT (worker_id) DO UPDATE SET
       t = EXCLUDED.t, lon = EXCLUDED.lon, lat = EXCLUDED.lat, geom = EXCLUDED.geom,
       accuracy_m = EXCLUDED.accuracy_m, speed_mps = EXCLUDED.speed_mps, heading_deg = EXCLUDED.heading_deg,
       battery_pct = EXCLUDED.battery_pct, still_since = EXCLUDED.still_since,
       anchor_lon = EXCLUDED.anchor_lon, anchor_lat = EXCLUDED.anchor_lat
     WHERE l.t < EXCLUDED.t`,
    [
      r.map((x) => x.workerId),
      r.map((x) => iso(x.t)),
      r.map((x) => x.lon),
      r.map((x) => x.lat),
      r.map((x) => x.accuracyM),
      r.map((x) => x.speedMps),
      r.map((x) => x.headingDeg),
      r.map((x) => x.batteryPct),
      r.map((x) => iso(x.stillSince)),
      r.map((x) => x.anchorLon),
      r.map((x) => x.anchorLat),
    ],
  );
}

/** The stored newest fix and still period of a worker (the device state after a restart). */
export async function selectLatest(db: Queryable, workerId: number): Promise<LatestRow | undefined> {
  const { rows } = await db.query<LatestRow>(
    `SELECT worker_id AS "workerId", (extract(epoch FROM t) * 1000)::float8 AS t, lon, lat,
            accuracy_m AS "accuracyM", speed_mps AS "speedMps", heading_deg AS "headingDeg",
            battery_pct AS "batteryPct", (extract(epoch FROM still_since) * 1000)::float8 AS "stillSince",
            anchor_lon AS "anchorLon", anchor_lat AS "anchorLat"
     FROM latest_positions WHERE worker_id = $1`,
    [workerId],
  );
  return rows[0];
}

/**
 * The times (epoch microseconds) at which a worker's history holds a fix within [fromMs, toMs]:
 * for points older than everything the server remembers of the device (a batch sent again after
 * its answer was lost or the server restarted), by the (worker_id, t) index.
 */
export async function selectStoredTimes(
  db: Queryable,
  workerId: number,
  fromMs: number,
  toMs: number,
): Promise<Set<number>> {
  const { rows } = await db.query<{ us: number }>(
    `SELECT (extract(epoch FROM t) * 1000000)::int8 AS us FROM position_history
     WHERE worker_id = $1 AND t BETWEEN to_timestamp($2::float8 / 1000) AND to_timestamp($3::float8 / 1000)`,
    [workerId, fromMs, toMs],
  );
  return new Set(rows.map((r) => Number(r.us)));
}

/** Daily partitions for the UTC days [first, last] ('YYYY-MM-DD'); returns how many were made. */
export async function ensurePartitions(db: Queryable, first: string, last: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT positions_ensure_partitions($1::date, $2::date) AS n`,
    [first, last],
  );
  return rows[0]!.n;
}

export interface WorkerIdentity {
  id: number;
  gridCode: string;
  employeeNo: string;
  deviceId: string | null;
  onDuty: boolean;
}

const IDENTITY = `w.id, w.grid_code AS "gridCode", w.employee_no AS "employeeNo", w.device_id AS "deviceId",
  EXISTS (SELECT 1 FROM duty_shifts d WHERE d.worker_id = w.id AND d.ended_at IS NULL) AS "onDuty"`;

/** The worker an account reports for (grid_workers.user_id). */
export async function selectWorkerOfUser(db: Queryable, userId: number): Promise<WorkerIdentity | undefined> {
  const { rows } = await db.query<WorkerIdentity>(
    `SELECT ${IDENTITY} FROM grid_workers w WHERE w.user_id = $1`,
    [userId],
  );
  return rows[0];
}

/** Every worker's cell and duty state, for the live fan-out's directory. */
export async function selectWorkerDirectory(db: Queryable): Promise<WorkerIdentity[]> {
  const { rows } = await db.query<WorkerIdentity>(`SELECT ${IDENTITY} FROM grid_workers w`);
  return rows;
}
