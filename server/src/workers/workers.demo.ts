import { walkers, roadGraph, type Walker } from '../../../data/simulate/walker.ts';
import {
  ensureSimWorkers,
  selectWalkableRoads,
  type SimWorker,
} from '../../../data/simulate/simulate.sql.ts';
import type { Db } from '../db/db.ts';
import { insertHistory } from '../positions/positions.sql.ts';

/** Demo workers moving at once (DEMO_WORKERS); history is seeded for them too. */
const DEFAULT_DEMO_WORKERS = 200;
const REPORT_EVERY_S = 2;
const HISTORY_FIX_S = 20;

/**
 * Demo mode only: the district's first workers walk its roads and report through the real HTTP API
 * (each with its own phone token, clocked in), so a fresh `npm start` shows them moving; today's
 * last eight hours of history are seeded first (one fix per 20 s) so playback has something to show.
 * Runs in the background; first start is not held up. Returns a stop function.
 */
export async function startDemoWorkers(db: Db, baseUrl: string): Promise<() => void> {
  const n = Number(process.env.DEMO_WORKERS ?? DEFAULT_DEMO_WORKERS);
  if (!(n > 0)) return () => undefined;
  const sims = await ensureSimWorkers(db, n);
  const roads = await selectWalkableRoads(db);
  if (sims.length === 0 || roads.length === 0) return () => undefined;
  const now = Date.now();
  const ws = walkers(roadGraph(roads), sims.length, 7, now - 8 * 3600_000);
  await seedHistory(db, sims, ws, now);
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
  console.log(`[demo] ${sims.length} grid workers walking (DEMO_WORKERS), history of today seeded`);
  return () => clearInterval(timer);
}

/** Walks everyone from eight hours ago to now, storing one fix per HISTORY_FIX_S, unless today has history. */
async function seedHistory(db: Db, sims: SimWorker[], ws: Walker[], now: number) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM position_history WHERE t > now() - interval '8 hours' LIMIT 1) x`,
  );
  const seeded = rows[0]!.n > 0;
  for (const [k, s] of sims.entries()) {
    const fixes = [];
    const w = ws[k]!;
    while (w.position().t + HISTORY_FIX_S * 1000 < now) {
      w.advance(HISTORY_FIX_S);
      if (!seeded) fixes.push({ ...w.sample(), batteryPct: null });
    }
    if (fixes.length > 0) await insertHistory(db, [{ workerId: s.workerId, fixes }]);
  }
}

async function post(baseUrl: string, s: SimWorker, path: string, body: unknown) {
  await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    body: JSON.stringify(body),
  }).catch(() => undefined);
}
