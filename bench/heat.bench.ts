import http, { Agent } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { CASE_CATEGORIES, type CaseMajor } from '../contracts/cases.ts';
import type { HeatAnswer, HeatLayer } from '../contracts/heat.ts';
import { generateDistrict } from '../data/generator/generateDistrict.ts';
import { loadDistrict } from '../data/generator/loadDistrict.ts';
import { Rng } from '../data/generator/random.ts';
import { upsertSequences } from '../server/src/cases/demo.sql.ts';
import type { Db } from '../server/src/db/db.ts';
import { openDb } from '../server/src/db/open.ts';
import { openPostgres } from '../server/src/db/postgres.ts';
import { cellOfPoint } from '../server/src/heat/h3.ts';
import { HeatService } from '../server/src/heat/heat.service.ts';
import { selectHeat, upsertPresence } from '../server/src/heat/heat.sql.ts';
import { presenceRows } from '../server/src/heat/presence.ts';
import { splitWindow } from '../server/src/heat/window.ts';
import type { Caller } from '../server/src/http/caller.ts';
import type { Fix } from '../server/src/positions/positions.clean.ts';
import { insertHistory, type WorkerFixes } from '../server/src/positions/positions.sql.ts';
import { DEFAULT_WRITER, Overloaded, PositionWriter } from '../server/src/positions/positions.writer.ts';
import { loginAs } from '../test/support/auth.ts';
import { spawnServer } from '../test/support/spawnServer.ts';
import { adminQuery, benchToken, type BenchSuite } from './context.ts';
import { postJson } from './positions.fanout.ts';
import { httpGet } from './httpGet.ts';
import { latencyStats, timed, type LatencyStats } from './stats.ts';

/**
 * Heat zones (issue #16) on real PostGIS, in a database of its own (gridcenter_heat_bench, made
 * afresh and dropped after; BENCH_HEAT_KEEP=1 keeps it, BENCH_HEAT_REUSE=1 measures a kept one):
 * the scale-1 demo district, BENCH_HEAT_CASES (1,000,000) cases over a year and BENCH_HEAT_FIXES
 * (9,000,000) fixes of its grid workers over BENCH_HEAT_FIX_DAYS (107: every slider step a week of
 * data), loaded through the paths that keep the rollups (the cases' statement trigger; the writer's
 * COPY + upsertPresence). Then, with the server in its own process and an analyst of the district:
 * (1) the week at hexagon resolutions 9 and 8 through GET /api/heat, beside a bare node:http server
 *     on the same HeatService, the same rollup SQL in this process, and the raw events (cases by
 *     heat_parent(h3); fixes binned by ST_SnapToGrid in squares of a hexagon's area: raw position
 *     rows have no H3 cell, and a square grid is the cheapest PostGIS grouping of them);
 * (2) the slider: BENCH_HEAT_STEPS (100) weeks, each a day earlier;
 * (3) ingest: BENCH_HEAT_CASE_RATE (200) reports/s through POST /api/cases with the rollup triggers
 *     disabled and enabled; BENCH_HEAT_FIX_RATE (20,000) fixes/s through a PositionWriter
 *     (DEFAULT_WRITER) with presence off and on, BENCH_HEAT_INGEST_S (10) s each.
 * Targets: window p99 < 100 ms, slider step p99 < 50 ms, both through the API.
 */
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const N = {
  cases: env('BENCH_HEAT_CASES', 1_000_000),
  fixes: env('BENCH_HEAT_FIXES', 9_000_000),
  fixDays: env('BENCH_HEAT_FIX_DAYS', 107),
  requests: env('BENCH_HEAT_REQUESTS', 200),
  steps: env('BENCH_HEAT_STEPS', 100),
  rawRuns: env('BENCH_HEAT_RAW_RUNS', 10),
  ingestS: env('BENCH_HEAT_INGEST_S', 10),
  caseRate: env('BENCH_HEAT_CASE_RATE', 200),
  fixRate: env('BENCH_HEAT_FIX_RATE', 20_000),
  simWorkers: env('BENCH_HEAT_SIM_WORKERS', 20_000),
};
const DISTRICT = '120106';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WALK_MPS = 1.2;
const M_LAT = 111_320;
const M_LON = M_LAT * Math.cos((39.17 * Math.PI) / 180);
const BATCH = 50_000;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));
/** The local midnight (UTC offset in ms) at or before t: where the rollups' days begin. */
const midnight = (t: number, off: number) => Math.floor((t + off) / DAY) * DAY - off;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

/** Runs tasks with at most n in flight: the loader prepares the next batch while PostgreSQL writes one. */
function inFlight(n: number) {
  const running = new Set<Promise<void>>();
  let failed: unknown;
  return {
    async add(task: () => Promise<unknown>) {
      while (running.size >= n) await Promise.race(running);
      if (failed) throw failed;
      const p: Promise<void> = task().then(
        () => void running.delete(p),
        (e: unknown) => void (running.delete(p), (failed ??= e)),
      );
      running.add(p);
    },
    async done() {
      await Promise.all(running);
      if (failed) throw failed;
    },
  };
}

/** CPU ms of every PostgreSQL process now (pid → ms; the server is local). */
function pgCpu(): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p)))
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!s.includes('(postgres)')) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      m.set(Number(pid), (Number(f[11]) + Number(f[12])) * 10); // utime + stime, 100 ticks/s
    } catch {
      // the process ended meanwhile
    }
  return m;
}
/** PostgreSQL CPU ms since `before` (processes that ended meanwhile are not counted). */
const pgCpuSince = (before: Map<number, number>) =>
  [...pgCpu()].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);

interface Place {
  gridCode: string;
  buildingId: number;
  lon: number;
  lat: number;
}

const MAJORS = Object.keys(CASE_CATEGORIES) as CaseMajor[];
const MAJOR_W = MAJORS.map(
  (m) => ({ city: 40, dispute: 15, security: 10, service: 20, fire: 5 })[m as 'city'] ?? 5,
);
const SOURCES = ['grid_worker', 'hotline', 'public', 'video_patrol', 'platform'];
const SOURCE_W = [50, 28, 12, 7, 3];
const HOUR_W = [1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 9, 10, 11, 11, 10, 9, 7, 6, 4, 3, 2, 1];
const HOURS = HOUR_W.map((_, h) => h);

/** Cases per day over the year ending at endMs: a summer peak, quieter weekends. */
function casesPerDay(n: number, first: number, days: number, off: number) {
  const w = Array.from({ length: days }, (_, d) => {
    const local = new Date(first + d * DAY + off);
    const doy = (local.getTime() - Date.UTC(local.getUTCFullYear(), 0, 1)) / DAY;
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    return (1 + 0.4 * Math.sin((2 * Math.PI * (doy - 110)) / 365)) * (weekend ? 0.7 : 1);
  });
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => Math.round((n * x) / sum));
}

const CASE_INSERT = `INSERT INTO cases (number, major, minor, source, state, terminal, grid_code, geom, building_id,
    description, description_key, stage_started_at, created_at, updated_at, h3)
  SELECT u.num, u.maj, u.mnr, u.src, 'evaluated', true, u.grid, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.b,
    u.d, lower(u.d), to_timestamp(u.t / 1000), to_timestamp(u.t / 1000), to_timestamp(u.t / 1000), u.h3
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::int8[],
    $9::text[], $10::float8[], $11::int8[]) AS u(num, maj, mnr, src, grid, lon, lat, b, d, t, h3)`;
// A case's first overdue step (the scheduler's) marks it red; the history trigger counts it.
const RED_INSERT = `INSERT INTO case_history (case_id, at, action, from_state, to_state, actor_kind, actor_name)
  SELECT id, created_at + interval '3 hours', 'overdue', 'handling', 'handling', 'system', 'system'
  FROM cases WHERE number = ANY ($1::text[])`;

/**
 * A year of cases ending at endMs, inserted in statements of BATCH rows (the heat trigger counts each
 * statement): 35 % around twelve hot spots, each busiest in its own season; red more often there.
 */
async function loadCases(db: Db, places: Place[], n: number, endMs: number, off: number) {
  const rng = new Rng(16);
  const first = midnight(endMs, off) - 364 * DAY;
  const hots = Array.from({ length: 12 }, () => ({ p: rng.pick(places), peak: rng.float(0, 365) }));
  const pipe = inFlight(2);
  let cols: unknown[][] = Array.from({ length: 11 }, () => []);
  let red: string[] = [];
  const flush = () => {
    const [c, r] = [cols, red];
    [cols, red] = [Array.from({ length: 11 }, () => []), []];
    return pipe.add(() =>
      db.transaction(async (tx) => {
        await tx.query(CASE_INSERT, c);
        await tx.query(RED_INSERT, [r]);
      }),
    );
  };
  const seqs: [string, number][] = [];
  let total = 0;
  for (const [d, count] of casesPerDay(n, first, 365, off).entries()) {
    const day = first + d * DAY;
    const ymd = new Date(day + off).toISOString().slice(0, 10).replace(/-/g, '');
    const hotW = hots.map((h) => 1 + Math.cos((2 * Math.PI * (d - h.peak)) / 365));
    for (let k = 1; k <= count; k++) {
      let t = day + (rng.weighted(HOURS, HOUR_W) + rng.next()) * HOUR;
      if (t >= endMs) t = day + rng.next() * (endMs - day);
      const hot = rng.chance(0.35);
      const p = hot ? rng.weighted(hots, hotW).p : rng.pick(places);
      const sd = hot ? 60 : 15;
      const lon = p.lon + rng.normal(0, sd) / M_LON;
      const lat = p.lat + rng.normal(0, sd) / M_LAT;
      const major = rng.weighted(MAJORS, MAJOR_W);
      const minor = rng.pick(CASE_CATEGORIES[major]);
      const number = `${DISTRICT}${ymd}${String(k).padStart(5, '0')}`;
      const row = [number, major, minor, rng.weighted(SOURCES, SOURCE_W), p.gridCode, lon, lat];
      row.push(p.buildingId, `${minor} ${number}`, t, cellOfPoint(lon, lat));
      row.forEach((v, i) => cols[i]!.push(v));
      if (rng.chance(hot ? 0.15 : 0.05)) red.push(number);
      if (cols[0]!.length >= BATCH) await flush();
    }
    seqs.push([ymd, count]);
    total += count;
  }
  if (cols[0]!.length > 0) await flush();
  await pipe.done();
  await upsertSequences(
    db,
    seqs.map(() => DISTRICT),
    seqs.map((s) => s[0]),
    seqs.map((s) => s[1]),
  );
  return total;
}

/** n fixes every dt ms from start, walking at WALK_MPS between random points of pts, GPS noise 4 m. */
function walk(rng: Rng, pts: readonly [number, number][], start: number, n: number, dt: number): Fix[] {
  let [x, y] = rng.pick(pts);
  let to = rng.pick(pts);
  const fixes = new Array<Fix>(n);
  for (let i = 0; i < n; i++) {
    let left = (WALK_MPS * dt) / 1000;
    for (let guard = 0; guard < 8; guard++) {
      const dx = (to[0] - x) * M_LON;
      const dy = (to[1] - y) * M_LAT;
      const dist = Math.hypot(dx, dy);
      if (dist > left) {
        x += ((dx / dist) * left) / M_LON;
        y += ((dy / dist) * left) / M_LAT;
        break;
      }
      [x, y] = to;
      left -= dist;
      to = rng.pick(pts);
    }
    const [lon, lat] = [x + rng.normal(0, 4) / M_LON, y + rng.normal(0, 4) / M_LAT];
    fixes[i] = {
      t: start + i * dt,
      lon,
      lat,
      accuracyM: 5,
      speedMps: WALK_MPS,
      headingDeg: null,
      batteryPct: 80,
    };
  }
  return fixes;
}

function* presenceFixes(items: readonly WorkerFixes[]) {
  for (const { workerId, fixes } of items) for (const f of fixes) yield { w: workerId, ...f };
}

/**
 * The district's grid workers' history: a shift a day from 08:30–09:00 local for `days` whole days
 * before the last local midnight, written as the position writer writes it (binary COPY of the rows
 * and upsertPresence of their H3 counts in one transaction), BATCH fixes a transaction.
 */
async function loadFixes(db: Db, total: number, days: number, endMs: number, off: number) {
  const { rows } = await db.query<{ id: number; pts: [number, number][] }>(
    `SELECT w.id::int AS id, coalesce(json_agg(json_build_array(ST_X(p), ST_Y(p))) FILTER (WHERE p IS NOT NULL),
              json_build_array(json_build_array(ST_X(ST_PointOnSurface(g.geom)), ST_Y(ST_PointOnSurface(g.geom))))) AS pts
     FROM grid_workers w JOIN regions g ON g.code = w.grid_code
     LEFT JOIN LATERAL (SELECT ST_PointOnSurface(footprint) AS p FROM buildings x WHERE x.grid_code = w.grid_code) b ON true
     GROUP BY w.id, g.geom ORDER BY w.id`,
  );
  const end = midnight(endMs, off);
  const first = end - days * DAY;
  const utc = (t: number) => new Date(t).toISOString().slice(0, 10);
  await db.query(`SELECT positions_ensure_partitions($1::date, $2::date)`, [
    utc(first),
    utc(endMs + 2 * DAY),
  ]);
  const perShift = Math.floor(total / (rows.length * days));
  const dt = (8 * HOUR) / perShift;
  const rng = new Rng(17);
  const pipe = inFlight(2);
  let batch: WorkerFixes[] = [];
  let n = 0;
  for (let d = 0; d < days; d++)
    for (const w of rows) {
      const start = first + d * DAY + (8.5 + rng.float(0, 0.5)) * HOUR;
      batch.push({ workerId: w.id, fixes: walk(rng, w.pts, start, perShift, dt) });
      n += perShift;
      if (batch.length * perShift >= BATCH || (d === days - 1 && w === rows.at(-1))) {
        const items = batch;
        batch = [];
        const presence = presenceRows(presenceFixes(items));
        await pipe.add(() =>
          db.transaction(async (tx) => {
            await insertHistory(tx, items);
            await upsertPresence(tx, presence);
          }),
        );
      }
    }
  await pipe.done();
  return { fixes: n, workers: rows.length, fixEveryS: round(dt / 1000) };
}

/** The scale-1 demo district, then the cases and the fixes; times of each and the rollups' sizes. */
async function loadAll(db: Db, off: number) {
  const t0 = now();
  await loadDistrict(db, generateDistrict({ seed: 1, scale: 1 }));
  const districtMs = now() - t0;
  const { rows: places } = await db.query<Place>(
    `SELECT grid_code AS "gridCode", id::int AS "buildingId", ST_X(p) AS lon, ST_Y(p) AS lat
     FROM (SELECT grid_code, id, ST_PointOnSurface(footprint) AS p FROM buildings WHERE grid_code IS NOT NULL) b
     ORDER BY id`,
  );
  const endMs = Date.now() - HOUR;
  const t1 = now();
  const cases = await loadCases(db, places, N.cases, endMs, off);
  const casesMs = now() - t1;
  const t2 = now();
  const fixes = await loadFixes(db, N.fixes, N.fixDays, endMs, off);
  const fixesMs = now() - t2;
  const t3 = now();
  // What autovacuum would have done by the time anyone asks (it is off on some servers, this one
  // included): hint bits and the visibility map set, statistics fresh; then a checkpoint, so the
  // load's dirty pages are written before the measured commits have to wait behind them.
  await db.exec('VACUUM (ANALYZE)');
  await db.exec('CHECKPOINT');
  const s = (ms: number) => round(ms / 1000);
  return {
    cases,
    ...fixes,
    seconds: {
      district: s(districtMs),
      cases: s(casesMs),
      fixes: s(fixesMs),
      vacuumAndCheckpoint: s(now() - t3),
    },
    totalS: s(now() - t0),
  };
}

async function rollupSizes(db: Db) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM position_history)::int AS fixes,
       (SELECT count(*) FROM heat_case_hours)::int AS "caseHours", (SELECT count(*) FROM heat_case_days)::int AS "caseDays",
       (SELECT count(*) FROM heat_presence_hours)::int AS "presenceHours",
       (SELECT count(*) FROM heat_presence_days)::int AS "presenceDays",
       (SELECT coalesce(sum(n), 0) FROM heat_case_days)::int AS "casesCounted",
       (SELECT coalesce(sum(red), 0) FROM heat_case_days)::int AS "redCounted",
       (SELECT coalesce(sum(fixes), 0) FROM heat_presence_days)::int AS "fixesCounted"`,
  );
  return rows[0]!;
}

type Window = [number, number];
const iso = (ms: number) => new Date(ms).toISOString();
const heatQuery = (layer: HeatLayer, res: number, [from, to]: Window) =>
  `layer=${layer}&res=${res}&from=${iso(from)}&to=${iso(to)}`;
/** Side (m) of a square of an H3 hexagon's average area at resolution 9 or 8 (the raw presence bins). */
const SQUARE_M: Record<number, number> = { 9: Math.sqrt(0.105e6), 8: Math.sqrt(0.737e6) };

// The same questions over the raw events: the cases of the window by their cell's parent (red from
// the history, as the rollup counts it); fixes of the district's workers by ST_SnapToGrid squares.
const RAW_CASES = `SELECT lpad(to_hex(heat_parent(h3, $4::int)), 15, '0') AS id, count(*)::int AS n,
    (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = c.id AND o.action = 'overdue')))::int AS red
  FROM cases c WHERE created_at >= to_timestamp($2::float8 / 1000) AND created_at < to_timestamp($3::float8 / 1000)
    AND grid_code >= $1::text AND grid_code < $1::text || ':' AND h3 IS NOT NULL
  GROUP BY 1 ORDER BY 1`;
const RAW_PRESENCE = `SELECT ST_AsText(cell) AS id, n FROM (
    SELECT ST_SnapToGrid(ST_MakePoint(p.lon, p.lat), 0, 0, $4::float8, $5::float8) AS cell, count(*)::int AS n
    FROM position_history p JOIN grid_workers w ON w.id = p.worker_id
    WHERE p.t >= to_timestamp($2::float8 / 1000) AND p.t < to_timestamp($3::float8 / 1000)
      AND w.grid_code >= $1::text AND w.grid_code < $1::text || ':'
    GROUP BY 1) s`;

async function rawEvents(db: Db, layer: HeatLayer, res: number, [from, to]: Window) {
  const { rows } =
    layer === 'cases'
      ? await db.query<{ id: string; n: number; red: number }>(RAW_CASES, [DISTRICT, from, to, res])
      : await db.query<{ id: string; n: number }>(RAW_PRESENCE, [
          DISTRICT,
          from,
          to,
          SQUARE_M[res]! / M_LON,
          SQUARE_M[res]! / M_LAT,
        ]);
  return rows;
}

/** Each path in turn, the order rotating (whoever runs later finds the pages warmer); warmup not counted. */
async function rotate(runs: number, warmup: number, paths: Record<string, (i: number) => Promise<unknown>>) {
  const names = Object.keys(paths);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + runs; i++)
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      const ms = await timed(() => paths[name]!(Math.max(0, i - warmup)));
      if (i >= warmup) samples[name]!.push(ms);
    }
  return Object.fromEntries(names.map((n) => [n, latencyStats(samples[n]!)])) as Record<string, LatencyStats>;
}

interface Target {
  db: Db;
  api: string;
  bare: string;
  headers: Record<string, string>;
  offMin: number;
}

/** The API, the bare server and the rollup SQL in this process, for one layer and resolution. */
function heatPaths(h: Target, layer: HeatLayer, res: number, windowOf: (i: number) => Window) {
  return {
    api: (i: number) => httpGet(`${h.api}/api/heat?${heatQuery(layer, res, windowOf(i))}`, h.headers),
    bare: (i: number) => httpGet(`${h.bare}/heat?${heatQuery(layer, res, windowOf(i))}`, {}),
    rollupSql: (i: number) => {
      const [from, to] = windowOf(i);
      const window = splitWindow(from, to, h.offMin);
      return selectHeat(h.db, { layer, jurisdiction: DISTRICT, res, window, red: false });
    },
  };
}

/** The week before the last local midnight at resolutions 9 and 8, then the slider's steps back. */
async function measureQueries(h: Target) {
  const end = midnight(Date.now(), h.offMin * 60_000);
  const week: Window = [end - 7 * DAY, end];
  const windows: Record<string, unknown> = {};
  for (const layer of ['cases', 'presence'] as const)
    for (const res of [9, 8]) {
      const firstRequestMs = await timed(() =>
        httpGet(`${h.api}/api/heat?${heatQuery(layer, res, week)}`, h.headers),
      );
      const s = await rotate(
        N.requests,
        20,
        heatPaths(h, layer, res, () => week),
      );
      const raw = await rotate(N.rawRuns, 1, { raw: () => rawEvents(h.db, layer, res, week) });
      windows[`${layer}${res}`] = { firstRequestMs: round(firstRequestMs, 2), ...s, rawEvents: raw.raw };
    }
  const slider: Record<string, unknown> = {};
  const step = (i: number): Window => [end - (i + 7) * DAY, end - i * DAY];
  for (const layer of ['cases', 'presence'] as const)
    slider[`${layer}9`] = await rotate(N.steps, 0, heatPaths(h, layer, 9, step));
  return {
    week: { from: iso(week[0]), to: iso(week[1]) },
    windows,
    slider,
    check: await sameAnswer(h, week),
  };
}

/** The API's answer against the raw events: cases cell for cell, presence in total. */
async function sameAnswer(h: Target, week: Window) {
  const get = async (layer: HeatLayer) =>
    (await (
      await fetch(`${h.api}/api/heat?${heatQuery(layer, 9, week)}`, { headers: h.headers })
    ).json()) as HeatAnswer;
  const cases = await get('cases');
  const raw = await rawEvents(h.db, 'cases', 9, week);
  const presence = await get('presence');
  const rawFixes = (await rawEvents(h.db, 'presence', 9, week)).reduce((s, r) => s + r.n, 0);
  return {
    casesCells: cases.cells.length,
    casesSameCells: JSON.stringify(cases.cells) === JSON.stringify(raw),
    casesTotal: cases.total,
    presenceCells: presence.cells.length,
    presenceUnwalked: presence.unwalked?.length ?? null,
    presenceTotal: presence.total,
    rawFixes,
  };
}

/** Open loop: fire(i) starts at t0 + i/rate whatever earlier ones do (no coordinated omission). */
async function openLoop(rate: number, seconds: number, fire: (i: number) => Promise<void>) {
  const t0 = now() + 50;
  const all: Promise<void>[] = [];
  let late = 0;
  for (let i = 0; i < rate * seconds; i++) {
    await sleepUntil(t0 + (i * 1000) / rate);
    late = Math.max(late, now() - (t0 + (i * 1000) / rate));
    all.push(fire(i));
  }
  await Promise.all(all);
  return { wallMs: now() - t0, maxSendLateMs: round(late, 2) };
}

/** The server's own CPU ms (process.cpuUsage via the positions stats route; the analyst may read it). */
async function serverCpuMs(h: Target) {
  const r = await fetch(`${h.api}/api/positions/stats`, { headers: h.headers });
  const s = (await r.json()) as { process: { cpuUserUs: number; cpuSystemUs: number } };
  return (s.process.cpuUserUs + s.process.cpuSystemUs) / 1000;
}

const TRIGGERS = [
  'cases DISABLE TRIGGER heat_cases_insert',
  'case_history DISABLE TRIGGER heat_cases_history',
];

/** Phone reports at N.caseRate/s through POST /api/cases, with the heat triggers on or off. */
async function reportCases(h: Target, token: string, places: Place[], seconds: number, rollups: boolean) {
  const sql = (on: boolean) => TRIGGERS.map((t) => `ALTER TABLE ${on ? t.replace('DISABLE', 'ENABLE') : t};`);
  if (!rollups) await h.db.exec(sql(false).join('\n'));
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const run = Date.now().toString(36);
    const latencies: number[] = [];
    let failed = 0;
    const [cpu0, pg0] = [await serverCpuMs(h), pgCpu()];
    const loop = await openLoop(N.caseRate, seconds, async (i) => {
      const p = places[(i * 7919) % places.length]!;
      const body = JSON.stringify({
        category: { major: 'city', minor: 'garbage' },
        description: `heat bench ${run} #${i}`,
        point: [p.lon, p.lat],
      });
      const t = now();
      const r = await postJson(`${h.api}/api/cases`, token, body, agent);
      if (r.status === 201) latencies.push(now() - t);
      else failed++;
    });
    const [serverMs, pgMs] = [(await serverCpuMs(h)) - cpu0, pgCpuSince(pg0)];
    agent.destroy();
    return { rollups, latencies, failed, serverMs, pgMs, ...loop };
  } finally {
    if (!rollups) await h.db.exec(sql(true).join('\n'));
  }
}

/** The runs of one setting (off, on, on, off: neither goes first only) as one figure. */
function casesOf(runs: Awaited<ReturnType<typeof reportCases>>[], rollups: boolean) {
  const r = runs.filter((x) => x.rollups === rollups);
  const sum = (f: (x: (typeof r)[number]) => number) => r.reduce((s, x) => s + f(x), 0);
  const n = sum((x) => x.latencies.length);
  return {
    rollups,
    runs: r.length,
    accepted: n,
    failed: sum((x) => x.failed),
    perS: round(n / (sum((x) => x.wallMs) / 1000)),
    latency: latencyStats(r.flatMap((x) => x.latencies)),
    perRunP50: r.map((x) => latencyStats(x.latencies).p50),
    serverCpuMsPerCase: round(sum((x) => x.serverMs) / n, 3),
    postgresCpuMsPerCase: round(sum((x) => x.pgMs) / n, 3),
    maxSendLateMs: Math.max(...r.map((x) => x.maxSendLateMs)),
  };
}

/** Workers for the writer's load: N.simWorkers phones round the grid cells, each at a building of its cell. */
async function simWorkers(db: Db) {
  await db.query(
    `INSERT INTO grid_workers (employee_no, name, grid_code)
     SELECT 'HEAT' || lpad(s::text, 6, '0'), 'heat bench ' || s, g.codes[1 + s % cardinality(g.codes)]
     FROM generate_series(1, $1::int) s, (SELECT array_agg(code ORDER BY code) AS codes FROM regions WHERE level = 'grid') g
     ON CONFLICT (employee_no) DO NOTHING`,
    [N.simWorkers],
  );
  const { rows } = await db.query<{ id: number; lon: number; lat: number }>(
    `SELECT w.id::int AS id, ST_X(p.p) AS lon, ST_Y(p.p) AS lat FROM grid_workers w
     JOIN LATERAL (SELECT ST_PointOnSurface(footprint) AS p FROM buildings b WHERE b.grid_code = w.grid_code
                   ORDER BY b.id OFFSET (w.id % 7) LIMIT 1) p ON true
     WHERE w.employee_no LIKE 'HEAT%' ORDER BY w.id`,
  );
  return rows;
}

/** A phone's last 10 s of 1 Hz fixes at wall time t, walking 1.2 m/s to and fro over 360 m from home. */
function phoneFixes(home: { lon: number; lat: number }, t: number): Fix[] {
  return Array.from({ length: 10 }, (_, i) => {
    const s = (t / 1000 - 9 + i) % 600;
    const lon = home.lon + (WALK_MPS * (s < 300 ? s : 600 - s)) / M_LON;
    return {
      t: t - (9 - i) * 1000,
      lon,
      lat: home.lat,
      accuracyM: 5,
      speedMps: WALK_MPS,
      headingDeg: 90,
      batteryPct: 80,
    };
  });
}

/**
 * N.fixRate fixes/s into a PositionWriter (DEFAULT_WRITER, presence on or off) in this process: each
 * phone sends its last 10 s of fixes every 10 s. Times each flush's transaction (COPY, latest
 * positions, the presence rollup: presenceRows' H3 runs inside it) and samples the backlog.
 */
async function writeFixes(
  url: string,
  workers: { id: number; lon: number; lat: number }[],
  seconds: number,
  presence: boolean,
) {
  const db = await openPostgres(url);
  const flushes: number[] = [];
  const timedDb: Db = {
    ...db,
    transaction: async (fn) => {
      const t = now();
      try {
        return await db.transaction(fn);
      } finally {
        flushes.push(now() - t);
      }
    },
  };
  const writer = new PositionWriter(timedDb, { ...DEFAULT_WRITER, presence });
  const acks: number[] = [];
  const backlog: number[] = [];
  let refused = 0;
  const TICK = 50;
  const perTick = Math.round((N.fixRate * TICK) / 1000 / 10); // phones per tick, 10 fixes each
  const [cpu0, pg0] = [process.cpuUsage(), pgCpu()];
  const pending: Promise<void>[] = [];
  let k = 0;
  const loop = await openLoop(1000 / TICK, seconds, async () => {
    backlog.push(writer.backlog);
    const t = Date.now();
    for (let j = 0; j < perTick; j++) {
      const w = workers[k++ % workers.length]!;
      const fixes = phoneFixes(w, t);
      const last = fixes[9]!;
      const latest = [
        { workerId: w.id, ...last, stillSince: last.t, anchorLon: last.lon, anchorLat: last.lat },
      ];
      const sent = now();
      const ack = writer.submit([{ workerId: w.id, fixes }], latest).then(
        () => void acks.push(now() - sent),
        (e: unknown) => {
          if (!(e instanceof Overloaded)) throw e;
          refused += 10;
        },
      );
      pending.push(ack);
    }
  });
  const backlogAtEnd = writer.backlog;
  await Promise.all(pending);
  await writer.close();
  const cpu = process.cpuUsage(cpu0);
  const pgMs = pgCpuSince(pg0);
  await db.close();
  const { points, flushes: n, failed } = writer.stats;
  const offered = perTick * 10 * (1000 / TICK) * seconds;
  return {
    presence,
    offered,
    points,
    n,
    failed,
    refused,
    flushes,
    acks,
    backlog,
    backlogAtEnd,
    cpu,
    pgMs,
    ...loop,
  };
}

/** The runs of one setting (off, on, on, off) as one figure. */
function fixesOf(runs: Awaited<ReturnType<typeof writeFixes>>[], presence: boolean) {
  const r = runs.filter((x) => x.presence === presence);
  const sum = (f: (x: (typeof r)[number]) => number) => r.reduce((s, x) => s + f(x), 0);
  const points = sum((x) => x.points);
  return {
    presence,
    runs: r.length,
    offered: sum((x) => x.offered),
    committed: points,
    refused: sum((x) => x.refused),
    failed: sum((x) => x.failed),
    committedPerS: Math.round(points / (sum((x) => x.wallMs) / 1000)),
    backlogMax: Math.max(...r.flatMap((x) => x.backlog)),
    backlogAtEnd: Math.max(...r.map((x) => x.backlogAtEnd)),
    flushes: sum((x) => x.n),
    pointsPerFlush: Math.round(points / sum((x) => x.n)),
    flushMs: latencyStats(r.flatMap((x) => x.flushes)),
    ackMs: latencyStats(r.flatMap((x) => x.acks)),
    // this process: the load generator (the same in both settings) and the writer, presenceRows' H3 included
    writerProcessCpuUsPerFix: round(sum((x) => x.cpu.user + x.cpu.system) / points, 2),
    postgresCpuUsPerFix: round((sum((x) => x.pgMs) * 1000) / points, 2),
    maxSendLateMs: Math.max(...r.map((x) => x.maxSendLateMs)),
  };
}

/**
 * The floor of the HTTP hop (spawned as this file with BENCH_HEAT_CHILD=bare): node:http and the
 * same HeatService on the same pool; no Express, login, validation or security headers. It answers
 * anyone as an analyst of the district. Not a product path.
 */
async function bareServer() {
  const db = await openPostgres(process.env.DATABASE_URL!);
  const heat = new HeatService(db);
  const caller: Caller = {
    kind: 'user',
    id: 0,
    name: 'bare',
    role: 'analyst',
    jurisdiction: DISTRICT,
    permissions: new Set(['cases.read', 'workers.read']),
    publicSafe: false,
    credential: 'bare',
  };
  const server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://bare').searchParams;
    const query = {
      layer: q.get('layer') as HeatLayer,
      from: q.get('from')!,
      to: q.get('to')!,
      res: Number(q.get('res')),
    };
    heat.heat(caller, query).then(
      (a) => void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(a)),
      () => void res.writeHead(500).end(),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number };
    console.log(`bare server is running: http://127.0.0.1:${a.port}`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void db.close().then(() => process.exit(0));
  });
}
if (process.env.BENCH_HEAT_CHILD === 'bare') await bareServer();

type Row = Record<string, LatencyStats>;
const pp = (s: LatencyStats | undefined) =>
  (s ? `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}` : '—').padEnd(17);
const verdict = (s: LatencyStats, ms: number) => `${s.p99 < ms ? 'PASS' : 'MISS'} (p99 < ${ms} ms)`;

function summarise(
  load: Awaited<ReturnType<typeof loadAll>> | null,
  sizes: Record<string, number>,
  q: Awaited<ReturnType<typeof measureQueries>>,
  ingest: {
    cases: ReturnType<typeof casesOf>[];
    fixes: ReturnType<typeof fixesOf>[];
  },
) {
  const en = (n: number) => n.toLocaleString('en');
  const lines = [
    load
      ? `heat: ${en(load.cases)} cases (a year) + ${en(load.fixes)} fixes (${load.workers} grid workers × ${N.fixDays} days, one per ${load.fixEveryS} s) = ${en(load.cases + load.fixes)} events loaded in ${load.totalS} s (district ${load.seconds.district} s; cases ${load.seconds.cases} s through their statement trigger; fixes ${load.seconds.fixes} s through COPY + upsertPresence; VACUUM (ANALYZE) + CHECKPOINT ${load.seconds.vacuumAndCheckpoint} s)`
      : `heat: a kept database (BENCH_HEAT_REUSE=1): ${en(sizes.cases!)} cases, ${en(sizes.fixes!)} fixes`,
    `heat rollup rows: case hours ${en(sizes.caseHours!)}, case days ${en(sizes.caseDays!)}, presence hours ${en(sizes.presenceHours!)}, presence days ${en(sizes.presenceDays!)}`,
    `heat week ${q.week.from} – ${q.week.to}, whole district; p50 / p99 ms:`,
    `  ${'question'.padEnd(22)}${'API'.padEnd(17)}${'bare http'.padEnd(17)}${'rollup SQL'.padEnd(17)}${'raw events'.padEnd(17)}raw/API p50  first API  target`,
  ];
  for (const [k, v] of Object.entries(q.windows) as [
    string,
    Row & { firstRequestMs: number; rawEvents: LatencyStats },
  ][]) {
    const name = `${k.startsWith('cases') ? 'cases' : 'presence'} res ${k.slice(-1)}`;
    const ratio = `${round(v.rawEvents.p50 / v.api!.p50)}×`.padEnd(13);
    lines.push(
      `  ${name.padEnd(22)}${pp(v.api)}${pp(v.bare)}${pp(v.rollupSql)}${pp(v.rawEvents)}${ratio}${`${v.firstRequestMs} ms`.padEnd(11)}${verdict(v.api!, 100)}`,
    );
  }
  for (const [k, v] of Object.entries(q.slider) as [string, Row][])
    lines.push(
      `  ${`slider ${k.startsWith('cases') ? 'cases' : 'presence'} res 9`.padEnd(22)}${pp(v.api)}${pp(v.bare)}${pp(v.rollupSql)}${''.padEnd(17)}${''.padEnd(13)}${''.padEnd(11)}${verdict(v.api!, 50)}`,
    );
  const c = q.check;
  lines.push(
    `  raw events: ${N.rawRuns} runs each; cases by heat_parent(h3) over the cases table (same cells as the API: ${c.casesSameCells ? 'yes' : 'NO'}, ${c.casesCells} cells, ${en(c.casesTotal)} cases); presence: position_history joined to grid_workers, ST_SnapToGrid squares of a hexagon's area (${en(c.rawFixes)} fixes; API ${en(c.presenceTotal)} in ${c.presenceCells} hexagons, ${c.presenceUnwalked ?? '?'} unwalked)`,
  );
  const [cOff, cOn] = [ingest.cases.find((r) => !r.rollups)!, ingest.cases.find((r) => r.rollups)!];
  for (const r of [cOff, cOn])
    lines.push(
      `heat ingest cases ${N.caseRate}/s, triggers ${r.rollups ? 'on ' : 'off'}: ${r.perS}/s accepted (${r.failed} failed), POST p50 ${r.latency.p50.toFixed(1)} / p99 ${r.latency.p99.toFixed(1)} ms (per run p50 ${r.perRunP50.map((x) => x.toFixed(1)).join(', ')}), server CPU ${r.serverCpuMsPerCase} ms/case, PostgreSQL CPU ${r.postgresCpuMsPerCase} ms/case`,
    );
  lines.push(
    `  → with the rollups: POST p50 ×${round(cOn.latency.p50 / cOff.latency.p50, 2)}, PostgreSQL CPU per case ×${round(cOn.postgresCpuMsPerCase / cOff.postgresCpuMsPerCase, 2)} (kept up with ${N.caseRate}/s: ${cOn.perS >= 0.95 * N.caseRate && cOn.failed === 0 ? 'yes' : 'NO'})`,
  );
  const [fOff, fOn] = [ingest.fixes.find((r) => !r.presence)!, ingest.fixes.find((r) => r.presence)!];
  for (const r of [fOff, fOn])
    lines.push(
      `heat ingest fixes ${en(N.fixRate)}/s, presence ${r.presence ? 'on ' : 'off'}: ${en(r.committedPerS)}/s committed (${r.refused} refused), backlog max ${en(r.backlogMax)} / at end ${en(r.backlogAtEnd)} (queue ${en(DEFAULT_WRITER.maxQueued)}), ${r.flushes} flushes of ~${en(r.pointsPerFlush)}, flush p50 ${r.flushMs.p50.toFixed(1)} / p99 ${r.flushMs.p99.toFixed(1)} ms, ack p99 ${r.ackMs.p99.toFixed(1)} ms, CPU µs/fix: this process ${r.writerProcessCpuUsPerFix}, PostgreSQL ${r.postgresCpuUsPerFix}`,
    );
  lines.push(
    `  → with presence: flush p50 ×${round(fOn.flushMs.p50 / fOff.flushMs.p50, 2)}, CPU per fix ×${round((fOn.writerProcessCpuUsPerFix + fOn.postgresCpuUsPerFix) / (fOff.writerProcessCpuUsPerFix + fOff.postgresCpuUsPerFix), 2)} (kept up: ${fOn.committed === fOn.offered && fOn.backlogMax < DEFAULT_WRITER.maxQueued / 2 ? 'yes' : 'NO'})`,
  );
  return lines;
}

export const heatSuite: BenchSuite = {
  name: 'heat',
  async run(ctx) {
    const url = new URL(ctx.databaseUrl);
    url.pathname = '/gridcenter_heat_bench';
    const reuse = process.env.BENCH_HEAT_REUSE === '1';
    if (!reuse) {
      await adminQuery(url, `DROP DATABASE IF EXISTS gridcenter_heat_bench WITH (FORCE)`);
      await adminQuery(url, `CREATE DATABASE gridcenter_heat_bench`);
    }
    const db = await openDb({ databaseUrl: url.toString() });
    const servers: { close(): Promise<void> }[] = [];
    try {
      const offMin = (await db.query<{ m: number }>(`SELECT utc_offset_minutes AS m FROM heat_config`))
        .rows[0]!.m;
      const loaded = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`)).rows[0]!.n > 0;
      console.log(`[heat] ${loaded ? 'measuring the kept database' : 'loading …'}`);
      const load = loaded ? null : await loadAll(db, offMin * 60_000);
      if (load) console.log(`[heat] loaded in ${load.totalS} s`, load.seconds);
      const sizes = await rollupSizes(db);
      const server = await spawnServer(url.toString());
      servers.push(server);
      const bare = await spawnServer(url.toString(), { BENCH_HEAT_CHILD: 'bare' }, 'bench/heat.bench.ts');
      servers.push(bare);
      const analyst = await loginAs(db, server.url, 'analyst', DISTRICT, `heat-analyst-${Date.now()}`);
      const h: Target = { db, api: server.url, bare: bare.url, headers: analyst.headers, offMin };
      const queries = await measureQueries(h);
      console.log('[heat] queries done; ingest …');
      const places = (
        await db.query<Place>(
          `SELECT grid_code AS "gridCode", id::int AS "buildingId", ST_X(ST_PointOnSurface(footprint)) AS lon,
             ST_Y(ST_PointOnSurface(footprint)) AS lat FROM buildings WHERE grid_code IS NOT NULL ORDER BY id`,
        )
      ).rows;
      const token = await benchToken(db, 'grid_worker', 'heat-reporter');
      // off, on, on, off, N.ingestS / 2 s each: each setting N.ingestS s, neither only first or last
      const abba = [false, true, true, false];
      await reportCases(h, token, places, 3, true); // warm-up, not counted
      const caseRuns = [];
      for (const on of abba) caseRuns.push(await reportCases(h, token, places, N.ingestS / 2, on));
      const workers = await simWorkers(db);
      await writeFixes(url.toString(), workers, 3, true); // warm-up
      const fixRuns = [];
      for (const on of abba) fixRuns.push(await writeFixes(url.toString(), workers, N.ingestS / 2, on));
      const cases = [casesOf(caseRuns, false), casesOf(caseRuns, true)];
      const fixes = [fixesOf(fixRuns, false), fixesOf(fixRuns, true)];
      const ingest = { cases, fixes };
      return {
        result: { sizes: N, load, rollups: sizes, ...queries, ingest },
        summary: summarise(load, sizes, queries, ingest),
      };
    } finally {
      for (const s of servers.reverse()) await s.close();
      await db.close();
      if (process.env.BENCH_HEAT_KEEP !== '1')
        await adminQuery(url, `DROP DATABASE IF EXISTS gridcenter_heat_bench WITH (FORCE)`);
    }
  },
};
