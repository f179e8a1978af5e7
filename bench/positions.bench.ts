import { spawn } from 'node:child_process';
import http from 'node:http';
import { ensureSimWorkers, type SimWorker } from '../data/simulate/simulate.sql.ts';
import { selectRawTracks } from '../server/src/workers/workers.sql.ts';
import { tracksOf } from '../server/src/workers/workers.service.ts';
import type { Caller } from '../server/src/http/caller.ts';
import { spawnServer } from '../test/support/spawnServer.ts';
import { benchToken, type BenchSuite } from './context.ts';
import { httpGet } from './httpGet.ts';
import { eastM, fanout, M_PER_DEG_LON, postJson, walkJson } from './positions.fanout.ts';
import { latencyStats, timed } from './stats.ts';

/**
 * Grid-worker positions (issue #7), on real PostGIS with the server in its own process:
 * (a) sustained durable ingest through POST /api/positions, all indexes on, beside raw COPY of the
 *     same kind of rows into the same table (psql \copy … FROM STDIN) in the same run;
 * (b) live fan-out: W workers with a 1 Hz fix, 50 screens of the whole district; ingest-to-screen
 *     latency and the server's CPU (its own process.cpuUsage via /api/positions/stats);
 * (c) track queries, one worker-day and 100 worker-days, through HTTP and the same code in-process.
 * Sizes from the environment: BENCH_INGEST_S (15), BENCH_INGEST_DEVICES (64), BENCH_BATCH (250),
 * BENCH_FANOUT_WORKERS (20000), BENCH_FANOUT_S (20), BENCH_REPORT_S (10: phones send their 1 Hz
 * fixes every 10 s, 2,000 POSTs/s for 20,000 phones; at 5 s, 4,000 POSTs/s, this load generator
 * fell seconds behind on the 2 cores it shares with the server), BENCH_SCREENS (50), BENCH_PHONE_SOCKETS (512 keep-alive connections for the phones),
 * BENCH_MEASURING_SCREENS (3 screens decode every frame), BENCH_TRACK_FIX_S (5: seeded history, one
 * fix per 5 s); BENCH_POSITIONS_PARTS=ingest,fanout,cluster,tracks picks parts ('cluster': the same
 * fan-out over two server processes behind Redis, REDIS_URL, phones and screens split between them).
 */
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);

/** A device's points as objects (for the raw COPY's CSV), the same walk as walkJson. */
function walk(home: [number, number], t0: number, from: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    t: t0 + (from + i) * 1000,
    lon: home[0] + eastM(from + i) / M_PER_DEG_LON,
    lat: home[1],
  }));
}

/** Keep-alive connections shared by the ingest devices. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

async function ingest(
  serverUrl: string,
  devices: SimWorker[],
  seconds: number,
  batch: number,
  serverCpuUs: () => Promise<number>,
) {
  // Each device sends `batch` seconds of fixes per request, far faster than real time: start six days
  // back (the cleaner keeps seven) so no device runs into the future. Starting 3 h back capped the
  // run: past that, every point was dropped as 'future' and only the accepted ones were counted.
  const t0 = Date.now() - 6 * 86_400_000;
  let accepted = 0;
  let dropped = 0;
  let refused = 0;
  let until = 0;
  const latencies: number[] = [];
  const next = devices.map(() => 0);
  const device = async (d: SimWorker, k: number) => {
    let from = next[k]!;
    while (Date.now() < until) {
      const body = walkJson(d.home, t0 + k, from, batch);
      const ms = await timed(async () => {
        const r = await postJson(`${serverUrl}/api/positions`, d.token, body, agent);
        if (r.status === 200) {
          accepted += r.body!.accepted;
          dropped += batch - r.body!.accepted;
        } else if (r.status === 503) refused += batch;
        else throw new Error(`ingest answered ${r.status}`);
      });
      latencies.push(ms);
      from += batch;
    }
    next[k] = from;
  };
  until = Date.now() + 2000; // warm-up
  await Promise.all(devices.map((d, k) => device(d, k)));
  accepted = 0;
  dropped = 0;
  refused = 0;
  latencies.length = 0;
  const cpu0 = await serverCpuUs();
  const started = Date.now();
  until = started + seconds * 1000;
  await Promise.all(devices.map((d, k) => device(d, k)));
  const s = (Date.now() - started) / 1000;
  const cpuS = ((await serverCpuUs()) - cpu0) / 1e6;
  if (dropped > 0)
    throw new Error(`ingest: the server dropped ${dropped} points; the bench must send clean ones`);
  return {
    positionsPerS: Math.round(accepted / s),
    // The server's own CPU (process.cpuUsage): what it would take on cores of its own.
    serverCpuCores: Math.round((cpuS / s) * 100) / 100,
    serverCpuUsPerPosition: Math.round((cpuS / accepted) * 1e7) / 10,
    accepted,
    refused,
    seconds: s,
    requestMs: latencyStats(latencies),
  };
}

/** Raw COPY of `rows` rows shaped like the ingest's into position_history, all indexes on. */
async function rawCopy(databaseUrl: string, devices: SimWorker[], rows: number) {
  const t0 = Date.now() - 5 * 3600_000;
  const perDevice = Math.ceil(rows / devices.length);
  const lines: string[] = [];
  for (const [k, d] of devices.entries())
    for (const p of walk(d.home, t0 + k, 0, perDevice))
      lines.push(`${d.workerId},${new Date(p.t).toISOString()},${p.lon},${p.lat},5,1,90,80`);
  const csv = lines.join('\n') + '\n';
  const ms = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const psql = spawn('psql', [
          databaseUrl,
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          `\\copy position_history (worker_id, t, lon, lat, accuracy_m, speed_mps, heading_deg, battery_pct) FROM STDIN WITH (FORMAT csv)`,
        ]);
        psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
        psql.stdin.end(csv);
      }),
  );
  return { positionsPerS: Math.round(lines.length / (ms / 1000)), rows: lines.length, ms: Math.round(ms) };
}

async function serverCpu(serverUrl: string, headers: Record<string, string>) {
  const r = await fetch(`${serverUrl}/api/positions/stats`, { headers });
  const s = (await r.json()) as { process: { cpuUserUs: number; cpuSystemUs: number } };
  return s.process.cpuUserUs + s.process.cpuSystemUs;
}

/** Seeds `days` worker-days of walking history (one fix per fixS) for workers, in the day before now. */
async function seedTracks(ctx: Parameters<BenchSuite['run']>[0], workers: SimWorker[], fixS: number) {
  const day = Date.now() - 26 * 3600_000;
  const from = day;
  const to = day + 24 * 3600_000;
  const n = Math.floor((8 * 3600) / fixS); // an eight-hour shift
  // A rerun replaces those workers' history of the range instead of adding to it (and to the next runs).
  await ctx.db.query(
    `DELETE FROM position_history WHERE worker_id = ANY ($1::int8[]) AND t >= $2 AND t < $3`,
    [
      workers.map((w) => w.workerId),
      new Date(from - 24 * 3600_000).toISOString(),
      new Date(to + 24 * 3600_000).toISOString(),
    ],
  );
  const lines: string[] = [];
  for (const w of workers)
    for (let i = 0; i < n; i++) {
      // 20 min walking, then 10 min at a building, repeated.
      const phase = (i * fixS) % 1800;
      const x = phase < 1200 ? phase : 1200;
      lines.push(
        `${w.workerId},${new Date(day + 3600_000 + i * fixS * 1000).toISOString()},${w.home[0] + x / M_PER_DEG_LON},${w.home[1] + (i % 7) / 1e6}`,
      );
    }
  await new Promise<void>((resolve, reject) => {
    const psql = spawn('psql', [
      ctx.databaseUrl,
      '-c',
      `\\copy position_history (worker_id, t, lon, lat) FROM STDIN WITH (FORMAT csv)`,
    ]);
    psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
    psql.stdin.end(lines.join('\n') + '\n');
  });
  await ctx.db.exec('ANALYZE position_history');
  return { from, to, pointsPerWorkerDay: n };
}

async function trackQueries(
  ctx: Parameters<BenchSuite['run']>[0],
  workers: SimWorker[],
  leader: string,
  fixS: number,
) {
  const { from, to, pointsPerWorkerDay } = await seedTracks(ctx, workers, fixS);
  const headers = { Authorization: `Bearer ${leader}` };
  const caller = { jurisdiction: '' } as Caller;
  const out: Record<string, unknown> = { pointsPerWorkerDay };
  for (const [name, ids, reps] of [
    ['oneWorkerDay', [workers[0]!.workerId], 60],
    ['hundredWorkerDays', workers.slice(0, 100).map((w) => w.workerId), 12],
  ] as const) {
    const q = { ids: [...ids], from, to, resolutionM: 2, minStopS: 180 };
    const path = `/api/workers/tracks?ids=${ids.join(',')}&from=${from}&to=${to}&resolutionM=2`;
    const http: number[] = [];
    const inProcess: number[] = [];
    const sqlOnly: number[] = [];
    for (let i = 0; i < reps + 2; i++) {
      const h = await timed(() => httpGet(ctx.serverUrl + path, headers));
      const p = await timed(() => tracksOf(ctx.db, caller, q));
      const s = await timed(() => selectRawTracks(ctx.db, ids, from, to, ''));
      if (i < 2) continue;
      http.push(h);
      inProcess.push(p);
      sqlOnly.push(s);
    }
    out[name] = {
      httpMs: latencyStats(http),
      sameCodeInProcessMs: latencyStats(inProcess),
      rawPointsSqlMs: latencyStats(sqlOnly),
    };
  }
  return out;
}

export const positionsSuite: BenchSuite = {
  name: 'positions',
  async run(ctx) {
    // BENCH_POSITIONS_PARTS=ingest,fanout,tracks (default all): profile or re-measure one part alone.
    const parts = new Set((process.env.BENCH_POSITIONS_PARTS ?? 'ingest,fanout,cluster,tracks').split(','));
    const leader = await benchToken(ctx.db, 'leader', 'benchleader');
    const fanoutN = parts.has('fanout') || parts.has('cluster') ? env('BENCH_FANOUT_WORKERS', 20_000) : 0;
    console.log(`[bench] positions: ${Math.max(fanoutN, 100)} simulated workers with phone accounts …`);
    const all = await ensureSimWorkers(ctx.db, Math.max(fanoutN, 100));
    const devices = all.slice(0, env('BENCH_INGEST_DEVICES', 64));
    const batch = env('BENCH_BATCH', 250);
    const result: Record<string, unknown> = {};
    const summary: string[] = [];
    if (parts.has('ingest')) {
      const ing = await ingest(ctx.serverUrl, devices, env('BENCH_INGEST_S', 15), batch, () =>
        serverCpu(ctx.serverUrl, { Authorization: `Bearer ${leader}` }),
      );
      const copy = await rawCopy(ctx.databaseUrl, devices, ing.accepted);
      const ratio = Math.round((ing.positionsPerS / copy.positionsPerS) * 100) / 100;
      Object.assign(result, { ingest: ing, rawCopy: copy, ingestVsCopy: ratio });
      summary.push(
        `positions ingest (HTTP, durable, ${devices.length} devices × ${batch}-point batches): ${ing.positionsPerS.toLocaleString('en')}/s vs raw COPY ${copy.positionsPerS.toLocaleString('en')}/s (${ratio}×); server CPU ${ing.serverCpuCores} cores, ${ing.serverCpuUsPerPosition} µs per position`,
      );
    }
    const fanOpts = {
      seconds: env('BENCH_FANOUT_S', 20),
      reportS: env('BENCH_REPORT_S', 10),
      screens: env('BENCH_SCREENS', 50),
      sockets: env('BENCH_PHONE_SOCKETS', 512),
      measuringScreens: env('BENCH_MEASURING_SCREENS', 3),
    };
    const headers = { Authorization: `Bearer ${leader}` };
    const describe = (name: string, fan: Awaited<ReturnType<typeof fanout>>) =>
      `${name}: ${fan.workers} workers (a POST each per ${fan.reportEveryS} s, ${fan.postsPerS}/s) → ${fan.screens} screens, ingest-to-screen p50 ${fan.ingestToScreenMs.p50} ms p99 ${fan.ingestToScreenMs.p99} ms (POST sent → frame received), tick-to-screen p99 ${fan.tickToScreenMs.p99} ms, client queue p99 ${fan.clientQueueMs.p99} ms, client loop delay p99 ${fan.clientEventLoopDelayP99Ms} ms, server CPU ${fan.serverCpuCores} cores`;
    if (parts.has('fanout')) {
      const one = { phones: [ctx.serverUrl], screens: [ctx.serverUrl] };
      const fan = await fanout(one, all.slice(0, fanoutN), leader, fanOpts, () =>
        serverCpu(ctx.serverUrl, headers),
      );
      result.fanout = fan;
      summary.push(describe('positions fan-out, one server', fan));
    }
    // The same load over two server processes behind Redis (REDIS_URL, default the machine's).
    if (parts.has('cluster')) {
      const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      const env2 = { REDIS_URL: redisUrl, REDIS_STREAM: `gridcenter-bench-${Date.now()}` };
      const pair = await Promise.all([
        spawnServer(ctx.databaseUrl, env2),
        spawnServer(ctx.databaseUrl, env2),
      ]);
      try {
        const urls = pair.map((p) => p.url);
        await new Promise((r) => setTimeout(r, 1500)); // the servers hear of each other's rooms
        const fan = await fanout(
          { phones: urls, screens: urls },
          all.slice(0, fanoutN),
          leader,
          fanOpts,
          async () => (await Promise.all(urls.map((u) => serverCpu(u, headers)))).reduce((a, b) => a + b, 0),
        );
        result.fanoutTwoServers = fan;
        summary.push(describe('positions fan-out, two servers behind Redis', fan));
      } finally {
        await Promise.all(pair.map((p) => p.close()));
      }
    }
    if (parts.has('tracks')) {
      const tracks = await trackQueries(ctx, all.slice(0, 100), leader, env('BENCH_TRACK_FIX_S', 5));
      result.tracks = tracks;
      const t = tracks as Record<string, { httpMs: { p99: number } }>;
      summary.push(
        `tracks p99 (HTTP): one worker-day ${t.oneWorkerDay!.httpMs.p99} ms, 100 worker-days ${t.hundredWorkerDays!.httpMs.p99} ms`,
      );
    }
    return { result, summary };
  },
};
