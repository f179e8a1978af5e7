import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { HeatLayer, HeatRes } from '../../../contracts/heat.ts';
import type { WindowParts } from './window.ts';

export interface HeatFilter {
  layer: HeatLayer;
  jurisdiction: string;
  res: HeatRes;
  window: WindowParts;
  major?: readonly string[] | undefined;
  source?: readonly string[] | undefined;
  red: boolean;
}

/** What a row is grouped by: the parent hexagon (15 hex digits), the grid cell or the community. */
const keyOf = (res: HeatRes, p: (v: unknown) => string) =>
  res === 'grid'
    ? 'grid_code'
    : res === 'community'
      ? 'left(grid_code, 12)'
      : `lpad(to_hex(heat_parent(h3, ${p(res)}::int)), 15, '0')`;

/**
 * One window of a heat layer from the rollups: day rows for the whole local days, hour rows for the
 * edges, grouped by the asked level. Filters become parameters; only fixed fragments are joined.
 */
export async function selectHeat(db: Queryable, f: HeatFilter) {
  const params: unknown[] = [f.jurisdiction];
  const p = (v: unknown) => `$${params.push(v)}`;
  const cases = f.layer === 'cases';
  const where = [inJurisdiction('grid_code', 1)];
  if (cases && f.major) where.push(`major = ANY (${p(f.major)}::text[])`);
  if (cases && f.source) where.push(`source = ANY (${p(f.source)}::text[])`);
  const value = cases ? (f.red ? 'red AS n, red' : 'n, red') : 'fixes AS n, 0 AS red';
  const table = cases ? 'heat_case' : 'heat_presence';
  const parts: string[] = [];
  const { days, hours } = f.window;
  if (days)
    parts.push(`SELECT h3, grid_code, ${value} FROM ${table}_days
      WHERE day >= ${p(days.first)}::date AND day < ${p(days.end)}::date AND ${where.join(' AND ')}`);
  if (hours.length > 0) {
    const ranges = hours.map(
      ([a, b]) =>
        `(hour >= to_timestamp(${p(a / 1000)}::float8) AND hour < to_timestamp(${p(b / 1000)}::float8))`,
    );
    parts.push(`SELECT h3, grid_code, ${value} FROM ${table}_hours
      WHERE (${ranges.join(' OR ')}) AND ${where.join(' AND ')}`);
  }
  const { rows } = await db.query<{ id: string; n: number; red: number }>(
    `WITH e AS (${parts.join(' UNION ALL ')})
     SELECT ${keyOf(f.res, p)} AS id, sum(n)::int AS n, sum(red)::int AS red
     FROM e GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1`,
    params,
  );
  return rows;
}

/** The grid cells of a jurisdiction as GeoJSON (the presence layer's cover: where workers should walk). */
export async function selectGridOutlines(db: Queryable, jurisdiction: string) {
  const { rows } = await db.query<{ geojson: string; areaKm2: number }>(
    `SELECT ST_AsGeoJSON(geom, 7) AS geojson, ST_Area(geom::geography) / 1e6 AS "areaKm2"
     FROM regions WHERE level = 'grid' AND ${inJurisdiction('code', 1)}`,
    [jurisdiction],
  );
  return rows;
}

export async function selectUtcOffset(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ m: number }>(`SELECT utc_offset_minutes AS m FROM heat_config`);
  return rows[0]?.m ?? 480;
}

/**
 * Adds a micro-batch of fixes to the presence rollups, in the writer's transaction. Rows: hour (epoch
 * ms), worker id, H3 cell (decimal), fixes; the worker's grid cell is its row in grid_workers. Grouped
 * and in key order, so two flushes committing at once lock rollup rows in the same order.
 */
export async function upsertPresence(
  tx: Queryable,
  rows: { hour: number[]; worker: number[]; h3: string[]; n: number[] },
): Promise<void> {
  if (rows.hour.length === 0) return;
  const input = `SELECT to_timestamp(u.hour / 1000) AS hour, w.grid_code, u.h3, u.n
    FROM unnest($1::float8[], $2::int8[], $3::int8[], $4::int4[]) AS u(hour, worker, h3, n)
    JOIN grid_workers w ON w.id = u.worker`;
  await tx.query(
    `WITH u AS (${input}), hours AS (
       INSERT INTO heat_presence_hours AS x (hour, grid_code, h3, fixes)
       SELECT hour, grid_code, h3, sum(n) FROM u GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
       ON CONFLICT (hour, grid_code, h3) DO UPDATE SET fixes = x.fixes + excluded.fixes
     )
     INSERT INTO heat_presence_days AS x (day, grid_code, h3, fixes)
     SELECT heat_day(hour), grid_code, h3, sum(n) FROM u GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT (day, grid_code, h3) DO UPDATE SET fixes = x.fixes + excluded.fixes`,
    [rows.hour, rows.worker, rows.h3, rows.n],
  );
}

/** Cases without their H3 cell (written before the heat feature, or by an older importer). */
export async function selectCasesWithoutCell(db: Queryable, limit: number) {
  const { rows } = await db.query<{ id: number; lon: number; lat: number }>(
    `SELECT id::int AS id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM cases WHERE h3 IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Fills in cases' cells (NULL → value does not touch the rollups: the rebuild recounts after). */
export async function updateCaseCells(tx: Queryable, ids: number[], cells: string[]): Promise<void> {
  await tx.query(
    `UPDATE cases c SET h3 = u.h3 FROM unnest($1::int8[], $2::int8[]) AS u(id, h3) WHERE c.id = u.id`,
    [ids, cells],
  );
}

/** Recounts the case rollups from the cases and their histories (one statement per table). */
export async function rebuildCaseRollups(tx: Queryable): Promise<number> {
  await tx.query(`TRUNCATE heat_case_hours, heat_case_days`);
  const red = `EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = c.id AND o.action = 'overdue')`;
  await tx.query(
    `INSERT INTO heat_case_hours (hour, grid_code, h3, major, source, n, red)
     SELECT heat_hour(created_at), grid_code, h3, major, source, count(*), count(*) FILTER (WHERE ${red})
     FROM cases c WHERE h3 IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  );
  await tx.query(
    `INSERT INTO heat_case_days (day, grid_code, h3, major, source, n, red)
     SELECT heat_day(created_at), grid_code, h3, major, source, count(*), count(*) FILTER (WHERE ${red})
     FROM cases c WHERE h3 IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
  );
  const { rows } = await tx.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM heat_case_hours`);
  return rows[0]!.n;
}

export async function truncatePresenceRollups(tx: Queryable): Promise<void> {
  await tx.query(`TRUNCATE heat_presence_hours, heat_presence_days`);
}

/** The hours of position history there are, oldest first (the presence rebuild walks them a day at a time). */
export async function selectHistorySpan(db: Queryable) {
  const { rows } = await db.query<{ first: number | null; last: number | null }>(
    `SELECT (extract(epoch FROM min(t)) * 1000)::float8 AS first, (extract(epoch FROM max(t)) * 1000)::float8 AS last
     FROM position_history`,
  );
  return rows[0]!;
}

export async function selectHistoryFixes(db: Queryable, fromMs: number, toMs: number) {
  const { rows } = await db.query<{ w: number; t: number; lon: number; lat: number }>(
    `SELECT worker_id::int AS w, (extract(epoch FROM t) * 1000)::float8 AS t, lon, lat FROM position_history
     WHERE t >= to_timestamp($1::float8 / 1000) AND t < to_timestamp($2::float8 / 1000)`,
    [fromMs, toMs],
  );
  return rows;
}
