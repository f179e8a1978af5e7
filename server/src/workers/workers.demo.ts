import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkers, roadGraph, type Walker } from '../../../data/simulate/walker.ts';
import {
  ensureSimWorkers,
  selectWalkableRoads,
  type SimWorker,
} from '../../../data/simulate/simulate.sql.ts';
import { loadConfig } from '../config.ts';
import { upsertPresence } from '../heat/heat.sql.ts';
import { presenceRows } from '../heat/presence.ts';
import type { Db } from '../db/db.ts';
import { insertHistory, type WorkerFixes } from '../positions/positions.sql.ts';

/** Demo workers moving at once (DEMO_WORKERS); history is seeded for them too. */
const DEFAULT_DEMO_WORKERS = 200;
const REPORT_EVERY_S = 2;
const HISTORY_FIX_S = 20;
/** Demo phone tokens last a month (a demo left running must not stop after a day) and are reused. */
const TOKEN_DAYS = 30;
const TOKENS_FILE = 'demo-phones.json';

/**
 * The demo phones' tokens from the last start (only hashes are in the database), kept beside the
 * embedded database; none for an in-memory one.
 */
function tokenFile(): string | undefined {
  const { dataDir } = loadConfig();
  return dataDir.startsWith('memory://') ? undefined : join(dataDir, TOKENS_FILE);
}

function readTokens(file: string | undefined): Map<number, string> {
  if (!file) return new Map();
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    return new Map(Object.entries(saved).map(([id, token]) => [Number(id), token]));
  } catch {
    return new Map(); // first start, or unreadable: new tokens
  }
}

/**
 * Demo mode only: the district's first workers walk its roads and report through the real HTTP API
 * (each with its own phone token, clocked in), so a fresh `npm start` shows them moving; today's
 * last eight hours of history are seeded first (one fix per 20 s) so playback has something to show.
 * Runs in the background; first start is not held up. Returns a stop function.
 */
export async function startDemoWorkers(db: Db, baseUrl: string): Promise<() => void> {
  const n = Number(process.env.DEMO_WORKERS ?? DEFAULT_DEMO_WORKERS);
  if (!(n > 0)) return () => undefined;
  const started = performance.now();
  const file = tokenFile();
  const known = readTokens(file);
  const sims = await ensureSimWorkers(db, n, { known, days: TOKEN_DAYS });
  const reused = sims.filter((s) => known.get(s.workerId) === s.token).length;
  if (file && reused < sims.length)
    writeFileSync(file, JSON.stringify(Object.fromEntries(sims.map((s) => [s.workerId, s.token]))), {
      mode: 0o600,
    });
  const roads = await selectWalkableRoads(db);
  if (sims.length === 0 || roads.length === 0) return () => undefined;
  const now = Date.now();
  // Walks start at a fixed time of the day (UTC midnight − 8 h), so a restart puts everyone where the
  // last run had them: no jumps the cleaner would drop, history and live path agree.
  const since = now - 8 * 3600_000;
  const ws = walkers(roadGraph(roads), sims.length, 7, new Date(now).setUTCHours(0, 0, 0, 0) - 8 * 3600_000);
  const seeded = await seedHistory(db, sims, ws, since, now);
  await Promise.all(sims.map((s) => post(baseUrl, s, '/api/duty/clock-in', {})));
  const timer = setInterval(() => {
    const t = Date.now();
    for (const [k, s] of sims.entries()) {
      const points = [];
      while (ws[k]!.position().t + 1000 <= t) {
        ws[k]!.advance(1);
        points.push(ws[k]!.sample());
      }
      if (points.length > 0)
        void post(baseUrl, s, '/api/positions', { points: points.slice(-REPORT_EVERY_S) });
    }
  }, REPORT_EVERY_S * 1000);
  timer.unref();
  console.log(
    `[demo] ${sims.length} grid workers walking (DEMO_WORKERS; ${reused} phone tokens reused), ` +
      `${seeded.toLocaleString('en')} history fixes seeded, ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return () => clearInterval(timer);
}

/**
 * Walks everyone up to now, storing one fix per HISTORY_FIX_S after `since` unless the last eight
 * hours have history; returns the fixes stored. Few large statements: PGlite serves one at a time,
 * and the screen's first requests wait behind them.
 */
async function seedHistory(
  db: Db,
  sims: SimWorker[],
  ws: Walker[],
  since: number,
  now: number,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM position_history WHERE t > now() - interval '8 hours' LIMIT 1) x`,
  );
  const seeded = rows[0]!.n > 0;
  let batch: WorkerFixes[] = [];
  let points = 0;
  let stored = 0;
  for (const [k, s] of sims.entries()) {
    const fixes = [];
    const w = ws[k]!;
    while (w.position().t + HISTORY_FIX_S * 1000 < now) {
      w.advance(HISTORY_FIX_S);
      if (!seeded && w.position().t >= since) fixes.push({ ...w.sample(), batteryPct: null });
    }
    batch.push({ workerId: s.workerId, fixes });
    points += fixes.length;
    if (points >= 50_000 || k === sims.length - 1) {
      if (points > 0)
        stored += await db.transaction(async (tx) => {
          const n = await insertHistory(tx, batch);
          await upsertPresence(
            tx,
            presenceRows(batch.flatMap((b) => b.fixes.map((f) => ({ w: b.workerId, ...f })))),
          );
          return n;
        });
      batch = [];
      points = 0;
    }
  }
  return stored;
}

async function post(baseUrl: string, s: SimWorker, path: string, body: unknown) {
  await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    body: JSON.stringify(body),
  }).catch(() => undefined);
}
