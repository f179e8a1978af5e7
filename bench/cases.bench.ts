import { fork, type ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import type { CaseEvent } from '../contracts/cases.ts';
import { selectDemoPlaces } from '../server/src/cases/demo.sql.ts';
import { benchToken, type BenchContext, type BenchSuite } from './context.ts';
import { latencyStats } from './stats.ts';

/**
 * Issue #6: report → screen latency. Phone reports POSTed open-loop at RATE/s for SECONDS s; SCREENS
 * real socket.io clients hear `case:created`; latency per screen from POST sent to event received.
 * Baseline in the same run at the same rate: INSERT + pg_notify committed and heard by LISTEN.
 *
 * 20 screens × 200 events/s is 4,000 websocket messages a second to decode: the screens run in a
 * child process of their own (BENCH_CASES_SCREENS_IN=main puts them beside the load generator) so
 * their decoding never delays the POSTs' timers, and each process reports its event-loop
 * utilisation: near 1 means the client, not the server, was measured. process.hrtime is the
 * system's monotonic clock, the same in both processes.
 */
const SCREENS = Number(process.env.BENCH_CASES_SCREENS ?? 20);
const RATE = Number(process.env.BENCH_CASES_RATE ?? 200); // new cases per second
const SECONDS = Number(process.env.BENCH_CASES_SECONDS ?? 10);
const SCREENS_IN = process.env.BENCH_CASES_SCREENS_IN === 'main' ? 'main' : 'child';

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));

/** POST with a kept-alive agent; resolves with the status. */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string) {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Open loop: `fire(i)` starts at t0 + i/RATE whatever earlier ones are doing, so a slow server
 * shows up as latency instead of a lower rate (no coordinated omission). Returns how late the
 * sends left (a saturated client shows here) and the client's event-loop utilisation meanwhile.
 */
async function openLoop(fire: (i: number) => Promise<void>) {
  const n = RATE * SECONDS;
  const t0 = now() + 50;
  const all: Promise<void>[] = [];
  const late: number[] = [];
  const elu0 = performance.eventLoopUtilization();
  for (let i = 0; i < n; i++) {
    await sleepUntil(t0 + (i * 1000) / RATE);
    late.push(now() - (t0 + (i * 1000) / RATE));
    all.push(fire(i));
  }
  await Promise.all(all);
  return { sendLate: latencyStats(late), clientElu: performance.eventLoopUtilization(elu0).utilization };
}

/** What the screens heard: per screen, [report index, received at] pairs. */
type Heard = [number, number][][];

/** SCREENS socket.io clients of a leader; every bench `case:created` is noted with its index. */
async function connectScreens(url: string, token: string, runId: string, n: number) {
  const heard: Heard = Array.from({ length: n }, () => []);
  const title = new RegExp(`^bench ${runId} #(\\d+)$`);
  const sockets = await Promise.all(
    heard.map(
      (mine) =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(url, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            auth: { token },
          });
          s.on('case:created', (e: CaseEvent) => {
            const m = title.exec(e.case.title);
            if (m) mine.push([Number(m[1]), now()]);
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  let elu0 = performance.eventLoopUtilization();
  return {
    heard,
    start: () => void (elu0 = performance.eventLoopUtilization()),
    stop: () => {
      sockets.forEach((s) => s.disconnect());
      return { heard, elu: performance.eventLoopUtilization(elu0).utilization };
    },
  };
}

type ScreensMsg = { kind: 'ready' } | { kind: 'heard'; heard: Heard; elu: number };

/** The screens in a child process (this file, run with BENCH_CASES_CHILD=screens). */
async function screensInChild(url: string, token: string, runId: string) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_CASES_CHILD: 'screens' },
  });
  const next = () =>
    new Promise<ScreensMsg>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ScreensMsg));
      child.once('exit', (code) => reject(new Error(`screens child exited (${code})`)));
    });
  const ready = next();
  child.send({ url, token, runId, n: SCREENS });
  await ready;
  return {
    start: () => void child.send('start'),
    stop: async () => {
      const done = next();
      child.send('stop');
      const m = (await done) as Extract<ScreensMsg, { kind: 'heard' }>;
      child.kill();
      return m;
    },
  };
}

if (process.env.BENCH_CASES_CHILD === 'screens') {
  process.once('message', (m: { url: string; token: string; runId: string; n: number }) => {
    void connectScreens(m.url, m.token, m.runId, m.n).then((screens) => {
      process.on('message', (cmd) => {
        if (cmd === 'start') screens.start();
        if (cmd === 'stop') process.send!({ kind: 'heard', ...screens.stop() } satisfies ScreensMsg);
      });
      process.send!({ kind: 'ready' } satisfies ScreensMsg);
    });
  });
}

/** The server's own CPU time in ms (user + system) from the positions stats route (a leader may read it); null without it. */
async function serverCpuMs(url: string, token: string): Promise<number | null> {
  try {
    const r = await fetch(`${url}/api/positions/stats`, { headers: { Authorization: `Bearer ${token}` } });
    const s = (await r.json()) as { process: { cpuUserUs: number; cpuSystemUs: number } };
    return (s.process.cpuUserUs + s.process.cpuSystemUs) / 1000;
  } catch {
    return null;
  }
}

/** The API path: SCREENS screens hear `case:created` for every phone report (POST sent → event received). */
async function apiPath(ctx: BenchContext) {
  const places = await selectDemoPlaces(ctx.db, 4);
  const screenToken = await benchToken(ctx.db, 'leader', 'bench-screen');
  const reporter = { Authorization: `Bearer ${await benchToken(ctx.db, 'grid_worker', 'bench-reporter')}` };
  const runId = Date.now().toString(36);
  const screens =
    SCREENS_IN === 'child'
      ? await screensInChild(ctx.serverUrl, screenToken, runId)
      : await connectScreens(ctx.serverUrl, screenToken, runId, SCREENS);
  const sentAt: number[] = [];
  const accepted: number[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let failed = 0;
  screens.start();
  const cpu0 = await serverCpuMs(ctx.serverUrl, screenToken);
  const t0 = now();
  const loop = await openLoop(async (i) => {
    const p = places[i % places.length]!;
    const body = JSON.stringify({
      category: { major: 'city', minor: 'garbage' },
      description: `bench ${runId} #${i}`,
      point: [p.lon, p.lat],
    });
    const t = (sentAt[i] = now());
    const status = await post(agent, `${ctx.serverUrl}/api/cases`, reporter, body);
    if (status === 201) accepted.push(now() - t);
    else failed++;
  });
  const cpu1 = await serverCpuMs(ctx.serverUrl, screenToken);
  const wallMs = now() - t0;
  await new Promise((r) => setTimeout(r, 1000)); // stragglers
  const { heard, elu } = await screens.stop();
  agent.destroy();
  const perScreen = heard.map((h) => h.map(([i, t]) => t - sentAt[i]!));
  const all = perScreen.flat();
  return {
    screensIn: SCREENS_IN,
    sent: RATE * SECONDS,
    failed,
    postAccepted: latencyStats(accepted),
    reportToScreen: latencyStats(all),
    perScreenP99: perScreen.map((r) => latencyStats(r).p99),
    eventsExpected: accepted.length * SCREENS,
    eventsReceived: all.length,
    /** Server CPU per accepted report (ms) and its share of one core over the run. */
    serverCpuMsPerReport: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / accepted.length,
    serverCpuShare: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / wallMs,
    sendLate: loop.sendLate,
    loadClientElu: loop.clientElu,
    screensElu: elu,
  };
}

/** Baseline, same rate: a bare INSERT + pg_notify committed, heard by a LISTEN connection. */
async function baseline(ctx: BenchContext) {
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 16 });
  const listener = new pg.Client({ connectionString: ctx.databaseUrl });
  await listener.connect();
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_case_notify (id bigserial PRIMARY KEY, body text NOT NULL)`,
  );
  await listener.query('LISTEN bench_cases');
  const sentAt = new Map<string, number>();
  const lat: number[] = [];
  listener.on('notification', (n) => {
    const t = sentAt.get(n.payload ?? '');
    if (t !== undefined) lat.push(now() - t);
  });
  const loop = await openLoop(async (i) => {
    const key = `${Date.now()}-${i}`;
    sentAt.set(key, now());
    await pool.query(
      `WITH i AS (INSERT INTO bench_case_notify (body) VALUES ($1) RETURNING id) SELECT pg_notify('bench_cases', $1) FROM i`,
      [key],
    );
  });
  await new Promise((r) => setTimeout(r, 500));
  await pool.query(`TRUNCATE bench_case_notify`);
  await listener.end();
  await pool.end();
  return { insertNotifyListen: latencyStats(lat), sendLate: loop.sendLate, clientElu: loop.clientElu };
}

export const casesSuite: BenchSuite = {
  name: 'cases',
  async run(ctx) {
    const base = await baseline(ctx);
    const api = await apiPath(ctx);
    const f = (s: { p50: number; p99: number }) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
    const pct = (u: number) => `${Math.round(u * 100)} %`;
    return {
      result: { screens: SCREENS, rate: RATE, seconds: SECONDS, ...api, baseline: base },
      summary: [
        `cases: ${RATE}/s for ${SECONDS} s, ${SCREENS} screens — report → screen ${f(api.reportToScreen)} (target p99 < 100 ms); POST answered ${f(api.postAccepted)}; ${api.eventsReceived}/${api.eventsExpected} events, ${api.failed} failed POSTs`,
        `cases server: ${api.serverCpuMsPerReport?.toFixed(2) ?? '?'} ms CPU per report, ${pct(api.serverCpuShare ?? NaN)} of a core over the run`,
        `cases client: sends left late p99 ${api.sendLate.p99.toFixed(1)} ms; event loop busy: load generator ${pct(api.loadClientElu)}, screens (${api.screensIn} process) ${pct(api.screensElu)}`,
        `cases baseline: INSERT + NOTIFY → LISTEN ${f(base.insertNotifyListen)} (sends late p99 ${base.sendLate.p99.toFixed(1)} ms)`,
      ],
    };
  },
};
