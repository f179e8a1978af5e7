import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';

const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;

/** A worker with duty and latest fix, before masking. */
export interface WorkerRow {
  id: number;
  employeeNo: string;
  name: string;
  phone: string | null;
  gridCode: string;
  gridName: string;
  communityCode: string;
  communityName: string;
  onDuty: boolean;
  dutySince: number | null;
  t: number | null;
  lon: number | null;
  lat: number | null;
  accuracyM: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  batteryPct: number | null;
  stillSince: number | null;
  inOwnCell: boolean | null;
}

/**
 * Workers inside the jurisdiction ($1) and region ($2, null = all), optionally one id ($3) or only
 * on/off duty ($4). inOwnCell: the latest fix inside the worker's own cell polygon (SRID 4326).
 */
export async function selectWorkers(
  db: Queryable,
  jurisdiction: string,
  filter: { region?: string | undefined; id?: number | undefined; onDuty?: boolean | undefined },
): Promise<WorkerRow[]> {
  const { rows } = await db.query<WorkerRow>(
    `SELECT w.id, w.employee_no AS "employeeNo", w.name, w.phone, w.grid_code AS "gridCode", g.name AS "gridName",
            left(w.grid_code, 12) AS "communityCode", coalesce(c.name, '') AS "communityName",
            d.id IS NOT NULL AS "onDuty",
            ${ms('coalesce(d.started_at, (SELECT max(started_at) FROM duty_shifts x WHERE x.worker_id = w.id))')}
              AS "dutySince",
            ${ms('l.t')} AS t, l.lon, l.lat, l.accuracy_m AS "accuracyM", l.speed_mps AS "speedMps",
            l.heading_deg AS "headingDeg", l.battery_pct AS "batteryPct",
            CASE WHEN l.still_since < l.t THEN ${ms('l.still_since')} END AS "stillSince",
            CASE WHEN l.worker_id IS NOT NULL THEN ST_Contains(g.geom, l.geom) END AS "inOwnCell"
     FROM grid_workers w
     JOIN regions g ON g.code = w.grid_code
     LEFT JOIN regions c ON c.code = left(w.grid_code, 12)
     LEFT JOIN duty_shifts d ON d.worker_id = w.id AND d.ended_at IS NULL
     LEFT JOIN latest_positions l ON l.worker_id = w.id
     WHERE ${inJurisdiction('w.grid_code', 1)}
       AND ($2::text IS NULL OR (w.grid_code >= $2::text AND w.grid_code < $2::text || ':'))
       AND ($3::int8 IS NULL OR w.id = $3::int8)
       AND ($4::bool IS NULL OR (d.id IS NOT NULL) = $4::bool)
     ORDER BY w.grid_code, w.id`,
    [jurisdiction, filter.region ?? null, filter.id ?? null, filter.onDuty ?? null],
  );
  return rows;
}

/** Opens a shift unless one is open (idempotent). */
export async function insertShift(db: Queryable, workerId: number, lon: number | null, lat: number | null) {
  await db.query(
    `INSERT INTO duty_shifts (worker_id, start_lon, start_lat) VALUES ($1, $2, $3)
     ON CONFLICT (worker_id) WHERE ended_at IS NULL DO NOTHING`,
    [workerId, lon, lat],
  );
}

/** Closes the open shift, if any (idempotent). */
export async function closeShift(db: Queryable, workerId: number, lon: number | null, lat: number | null) {
  await db.query(
    `UPDATE duty_shifts SET ended_at = now(), end_lon = $2, end_lat = $3 WHERE worker_id = $1 AND ended_at IS NULL`,
    [workerId, lon, lat],
  );
}

export async function selectDutyState(db: Queryable, workerId: number) {
  const { rows } = await db.query<{ onDuty: boolean; since: number | null; until: number | null }>(
    `SELECT coalesce(bool_or(ended_at IS NULL), false) AS "onDuty",
            ${ms('max(started_at)')} AS since,
            CASE WHEN bool_or(ended_at IS NULL) THEN NULL ELSE ${ms('max(ended_at)')} END AS until
     FROM duty_shifts WHERE worker_id = $1`,
    [workerId],
  );
  return { workerId, ...rows[0]! };
}

export interface RawTrackRow {
  workerId: number;
  name: string;
  gridCode: string;
  t: number[] | null;
  lon: number[] | null;
  lat: number[] | null;
}

/** Workers per statement of selectRawTracks: a big request is split over this many connections. */
const TRACK_PARTS = 4;

/**
 * Raw points of the visible workers among ids over [from, to), as time-ordered arrays per worker.
 * (worker_id, t) index per worker; only the day partitions of the range are read. Each worker's
 * points come as one bytea of big-endian float8 triples (t ms, lon, lat): three float8[] in text
 * made node-postgres parse ~17 characters per number, most of the 100 worker-day request's time.
 * Several workers are split over up to TRACK_PARTS statements that the pool runs side by side.
 */
export async function selectRawTracks(
  db: Queryable,
  ids: readonly number[],
  from: number,
  to: number,
  jurisdiction: string,
): Promise<RawTrackRow[]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const size = Math.max(8, Math.ceil(sorted.length / TRACK_PARTS));
  const parts: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) parts.push(sorted.slice(i, i + size));
  const answers = await Promise.all(
    parts.map((part) =>
      db.query<Omit<RawTrackRow, 't' | 'lon' | 'lat'> & { pts: Uint8Array | null }>(
        `SELECT w.id AS "workerId", w.name, w.grid_code AS "gridCode", p.pts
         FROM grid_workers w
         LEFT JOIN LATERAL (
           SELECT string_agg(float8send(${ms('h.t')}) || float8send(h.lon) || float8send(h.lat), ''::bytea
                             ORDER BY h.t) AS pts
           FROM position_history h WHERE h.worker_id = w.id AND h.t >= $2 AND h.t < $3) p ON true
         WHERE w.id = ANY ($1::int8[]) AND ${inJurisdiction('w.grid_code', 4)}
         ORDER BY w.id`,
        [part, new Date(from).toISOString(), new Date(to).toISOString(), jurisdiction],
      ),
    ),
  );
  return answers.flatMap((a) => a.rows.map(({ pts, ...w }) => ({ ...w, ...columnsOf(pts) })));
}

/** The (t, lon, lat) float8 triples of selectRawTracks as three arrays; nulls without points. */
function columnsOf(pts: Uint8Array | null): Pick<RawTrackRow, 't' | 'lon' | 'lat'> {
  if (!pts || pts.byteLength === 0) return { t: null, lon: null, lat: null };
  const v = new DataView(pts.buffer, pts.byteOffset, pts.byteLength);
  const n = pts.byteLength / 24;
  const t = new Array<number>(n);
  const lon = new Array<number>(n);
  const lat = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    t[i] = v.getFloat64(24 * i);
    lon[i] = v.getFloat64(24 * i + 8);
    lat[i] = v.getFloat64(24 * i + 16);
  }
  return { t, lon, lat };
}

/**
 * Grid cells crossed by each worker's path (segments between consecutive vertices, SRID 4326) with
 * the time of the first vertex of the first crossing segment; and the cell of each stop.
 */
export async function selectCellsVisited(
  db: Queryable,
  v: { w: number[]; lon: number[]; lat: number[]; t: number[] },
): Promise<{ workerId: number; code: string; firstT: number }[]> {
  const { rows } = await db.query<{ workerId: number; code: string; firstT: number }>(
    `WITH v AS (SELECT * FROM unnest($1::int8[], $2::float8[], $3::float8[], $4::float8[]) WITH ORDINALITY AS u(w, lon, lat, t, i)),
     s AS (SELECT w, t, ST_SetSRID(CASE WHEN nlon IS NULL THEN ST_MakePoint(lon, lat)
                         ELSE ST_MakeLine(ST_MakePoint(lon, lat), ST_MakePoint(nlon, nlat)) END, 4326) AS geom
           FROM (SELECT *, lead(lon) OVER o AS nlon, lead(lat) OVER o AS nlat FROM v WINDOW o AS (PARTITION BY w ORDER BY i)) x)
     SELECT s.w AS "workerId", g.code, min(s.t) AS "firstT"
     FROM s JOIN regions g ON g.level = 'grid' AND ST_Intersects(g.geom, s.geom)
     GROUP BY s.w, g.code ORDER BY s.w, min(s.t), g.code`,
    [v.w, v.lon, v.lat, v.t],
  );
  return rows;
}

/** The grid cell containing each point (null outside every cell), in input order. */
export async function selectCellsAt(db: Queryable, lon: number[], lat: number[]): Promise<(string | null)[]> {
  if (lon.length === 0) return [];
  const { rows } = await db.query<{ code: string | null }>(
    `SELECT (SELECT g.code FROM regions g WHERE g.level = 'grid'
               AND ST_Contains(g.geom, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)) LIMIT 1) AS code
     FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i) ORDER BY u.i`,
    [lon, lat],
  );
  return rows.map((r) => r.code);
}

/** Links a phone account to the worker it reports for (demo, simulator, tests, administration). */
export async function linkWorkerUser(db: Queryable, workerId: number, userId: number | null) {
  await db.query(`UPDATE grid_workers SET user_id = NULL WHERE user_id = $2 AND id <> $1`, [
    workerId,
    userId,
  ]);
  await db.query(`UPDATE grid_workers SET user_id = $2 WHERE id = $1`, [workerId, userId]);
}
