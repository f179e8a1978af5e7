import { request, Agent } from 'node:http';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import type { CaseEvent } from '../contracts/cases.ts';
import { selectDemoPlaces } from '../server/src/cases/demo.sql.ts';
import { benchToken, type BenchContext, type BenchSuite } from './context.ts';
import { latencyStats } from './stats.ts';

const SCREENS = Number(process.env.BENCH_CASES_SCREENS ?? 20);
const RATE = Number(process.env.BENCH_CASES_RATE ?? 200); // new cases per second
const SECONDS = Number(process.env.BENCH_CASES_SECONDS ?? 10);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - now())));

/** POST with a kept-alive agent; resolves with the status and the case id. */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; id: number }>((resolve, reject) => {
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
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            id: res.statusCode === 201 ? (JSON.parse(text) as { id: number }).id : 0,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Open loop: `fire(i)` starts at t0 + i/RATE whatever earlier ones are doing, so a slow server
 * shows up as latency instead of a lower rate (no coordinated omission).
 */
async function openLoop(fire: (i: number) => Promise<void>) {
  const n = RATE * SECONDS;
  const t0 = now() + 50;
  const all: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    await sleepUntil(t0 + (i * 1000) / RATE);
    all.push(fire(i));
  }
  await Promise.all(all);
}

/** The API path: 20 screens hear `case:created` for every phone report (POST sent → event received). */
async function apiPath(ctx: BenchContext) {
  const places = await selectDemoPlaces(ctx.db, 4);
  const screenToken = await benchToken(ctx.db, 'leader', 'bench-screen');
  const reporter = { Authorization: `Bearer ${await benchToken(ctx.db, 'grid_worker', 'bench-reporter')}` };
  const screens: Socket[] = await Promise.all(
    Array.from(
      { length: SCREENS },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(ctx.serverUrl, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            auth: { token: screenToken },
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  const sentAt = new Map<number, number>(); // request index → send time
  const idToIndex = new Map<number, number>();
  const early = new Map<number, [number, number][]>(); // events that beat the POST answer: case id → [screen, time]
  const received: number[][] = screens.map(() => []); // per screen: latencies ms
  const accepted: number[] = [];
  screens.forEach((s, k) => {
    s.on('case:created', (e: CaseEvent) => {
      const t = now();
      const i = idToIndex.get(e.case.id);
      if (i === undefined) (early.get(e.case.id) ?? early.set(e.case.id, []).get(e.case.id)!).push([k, t]);
      else received[k]!.push(t - sentAt.get(i)!);
    });
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let failed = 0;
  await openLoop(async (i) => {
    const p = places[i % places.length]!;
    const body = JSON.stringify({
      category: { major: 'city', minor: 'garbage' },
      description: `bench ${Date.now()} ${i}`,
      point: [p.lon, p.lat],
    });
    const t = now();
    sentAt.set(i, t);
    const r = await post(agent, `${ctx.serverUrl}/api/cases`, reporter, body);
    if (r.status !== 201) return void failed++;
    accepted.push(now() - t);
    idToIndex.set(r.id, i);
    // the server emits just before it answers, so most events arrive before the POST's answer
    for (const [k, te] of early.get(r.id) ?? []) received[k]!.push(te - t);
    early.delete(r.id);
  });
  await new Promise((r) => setTimeout(r, 1000)); // stragglers
  screens.forEach((s) => s.disconnect());
  agent.destroy();
  const all = received.flat();
  return {
    sent: RATE * SECONDS,
    failed,
    postAccepted: latencyStats(accepted),
    reportToScreen: latencyStats(all),
    perScreenP99: received.map((r) => latencyStats(r).p99),
    eventsExpected: accepted.length * SCREENS,
    eventsReceived: all.length,
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
  await openLoop(async (i) => {
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
  return { insertNotifyListen: latencyStats(lat) };
}

export const casesSuite: BenchSuite = {
  name: 'cases',
  async run(ctx) {
    const base = await baseline(ctx);
    const api = await apiPath(ctx);
    const f = (s: { p50: number; p99: number }) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`;
    return {
      result: { screens: SCREENS, rate: RATE, seconds: SECONDS, ...api, baseline: base },
      summary: [
        `cases: ${RATE}/s for ${SECONDS} s, ${SCREENS} screens — report → screen ${f(api.reportToScreen)} (target p99 < 100 ms); POST answered ${f(api.postAccepted)}; ${api.eventsReceived}/${api.eventsExpected} events, ${api.failed} failed POSTs`,
        `cases baseline: INSERT + NOTIFY → LISTEN ${f(base.insertNotifyListen)}`,
      ],
    };
  },
};
