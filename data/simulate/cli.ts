/**
 * npm run simulate -- --workers 500 [--url http://localhost:8080] [--interval 5] [--duration 600]
 *                     [--gpx ../shared/data/gps-tracks-gpxpy] [--seed 1]
 * Moves grid workers along the district's roads (walking 1.2–1.5 m/s, stops of 3–15 min, ~5 m GPS
 * noise) and reports one fix per second in batches every --interval seconds over the real HTTP API
 * (POST /api/positions with each phone's own token, after clocking in). --gpx replays recorded GPX
 * tracks instead, one per worker, moved onto the worker's cell and shifted to now.
 * Accounts and tokens are made in the database (DATABASE_URL, else the embedded data folder
 * DATA_DIR, which the running server must not hold open: use PostgreSQL for a live server).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/src/db/open.ts';
import { parseGpx, shiftTrack, type GpxPoint } from './gpx.ts';
import { ensureSimWorkers, selectWalkableRoads, type SimWorker } from './simulate.sql.ts';
import { roadGraph, walkers, type Sample } from './walker.ts';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '50' },
    url: { type: 'string', default: process.env.SIM_URL ?? 'http://localhost:8080' },
    interval: { type: 'string', default: '5' },
    duration: { type: 'string', default: '0' },
    gpx: { type: 'string' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '32' },
  },
});
const n = Number(args.workers);
const intervalS = Number(args.interval);
const durationS = Number(args.duration);

const db = await openDb({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ?? './.data',
});
const sims = await ensureSimWorkers(db, n);
const roads = await selectWalkableRoads(db);
await db.close();
console.log(`[simulate] ${sims.length} workers → ${args.url} every ${intervalS} s`);

const stats = { sent: 0, accepted: 0, dropped: 0, refused: 0, failed: 0 };

async function call(sim: SimWorker, path: string, body: unknown): Promise<Response> {
  for (;;) {
    const res = await fetch(args.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sim.token}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 503 && res.status !== 429) return res;
    stats.refused++;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

async function report(sim: SimWorker, points: readonly (Sample | GpxPoint)[]) {
  if (points.length === 0) return;
  const res = await call(sim, '/api/positions', { points });
  stats.sent += points.length;
  if (!res.ok) {
    stats.failed += points.length;
    if (stats.failed === points.length) console.error(`[simulate] ${res.status}: ${await res.text()}`);
    return;
  }
  const r = (await res.json()) as { accepted: number; dropped: unknown[] };
  stats.accepted += r.accepted;
  stats.dropped += r.dropped.length;
}

/** Runs fn over items with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (x: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

await pool(sims, Number(args.concurrency), async (s) => void (await call(s, '/api/duty/clock-in', {})));

/** Each tick, the points of one worker since the last tick. */
let nextBatch: (k: number, now: number) => (Sample | GpxPoint)[];
if (args.gpx) {
  const path = args.gpx;
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.gpx'))
        .map((f) => join(path, f))
    : [path];
  const tracks = files.map((f) => parseGpx(readFileSync(f, 'utf8'))).filter((t) => t.length > 0);
  console.log(`[simulate] replaying ${tracks.length} GPX tracks (${files.join(', ')})`);
  const start = Date.now();
  const replay = sims.map((s, k) => shiftTrack(tracks[k % tracks.length]!, start, s.home));
  const sent = sims.map(() => 0);
  nextBatch = (k, now) => {
    const tr = replay[k]!;
    let j = sent[k]!;
    while (j < tr.length && tr[j]!.t <= now) j++;
    const out = tr.slice(sent[k], j);
    sent[k] = j;
    return out;
  };
} else {
  const g = roadGraph(roads);
  const ws = walkers(g, sims.length, Number(args.seed), Date.now());
  nextBatch = (k, now) => {
    const w = ws[k]!;
    const out: Sample[] = [];
    while (w.position().t + 1000 <= now) {
      w.advance(1);
      out.push(w.sample());
    }
    return out;
  };
}

const began = Date.now();
const timer = setInterval(() => {
  const s = ((Date.now() - began) / 1000).toFixed(0);
  console.log(
    `[simulate] ${s} s: sent ${stats.sent}, accepted ${stats.accepted}, dropped ${stats.dropped}, 503/429 ${stats.refused}, failed ${stats.failed}`,
  );
}, 10_000);
while (durationS <= 0 || Date.now() - began < durationS * 1000) {
  const tickStart = Date.now();
  await pool(
    sims.map((_, k) => k),
    Number(args.concurrency),
    (k) => report(sims[k]!, nextBatch(k, tickStart)),
  );
  await new Promise((r) => setTimeout(r, Math.max(0, intervalS * 1000 - (Date.now() - tickStart))));
}
clearInterval(timer);
console.log('[simulate] done', stats);
