import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { decodeFrame } from '../contracts/workers.ts';
import type { SimWorker } from '../data/simulate/simulate.sql.ts';
import { latencyStats } from './stats.ts';

export const M_PER_DEG_LON = 86_000;

/** Metres east of home after `s` seconds at 1 m/s: out 3 km and back (a wrap would be a jump). */
export const eastM = (s: number) => {
  const m = s % 6000;
  return m < 3000 ? m : 6000 - m;
};

/**
 * The JSON body of a device's batch: walking east and back at 1 m/s from its home, one fix per second from
 * `t0`. Written as a string (the shape positions.routes.ts reads) so that the load generator, which
 * shares the machine's cores with the server, spends little on building it.
 */
export function walkJson(home: [number, number], t0: number, from: number, n: number): string {
  let s = '{"points":[';
  for (let i = 0; i < n; i++) {
    const lon = home[0] + eastM(from + i) / M_PER_DEG_LON;
    s += `${i > 0 ? ',' : ''}{"t":${t0 + (from + i) * 1000},"lon":${lon},"lat":${home[1]},"accuracyM":5,"speedMps":1,"headingDeg":90,"batteryPct":80}`;
  }
  return s + ']}';
}

export interface Posted {
  status: number;
  body: { accepted: number } | undefined;
  /** performance.now() when the request got its connection and went out (after any agent queue). */
  sentAt: number;
}

/** POSTs a JSON string; `sentAt` (and onSent) say when it left the client's connection queue. */
export function postJson(
  url: string,
  token: string,
  data: string,
  agent: http.Agent,
  onSent: (at: number) => void = () => undefined,
) {
  return new Promise<Posted>((resolve, reject) => {
    let sentAt = NaN;
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            body: text && res.statusCode === 200 ? (JSON.parse(text) as { accepted: number }) : undefined,
            sentAt,
          });
        });
      },
    );
    req.on('socket', () => {
      sentAt = performance.now();
      onSent(sentAt);
    });
    req.on('error', reject);
    req.end(data);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const wallOf = (perfMs: number) => performance.timeOrigin + perfMs;

/**
 * W phones each report their 1 Hz fixes every reportS seconds (spread evenly over that period) over
 * their own share of `sockets` keep-alive connections; `screens` Socket.IO screens of the whole
 * installation get the frames. With several servers, phones and screens are dealt out among them, so
 * most frames cross from the server a phone posted to, through Redis, to a screen on another. Ingest-to-screen per worker: from when the phone's POST went out
 * (after any wait for a free connection in this client) until a measuring screen receives the frame
 * holding that batch's newest fix. The client's own queueing and event-loop delay are reported
 * beside it, so a client that cannot keep up shows as such instead of as server latency.
 */
export async function fanout(
  /** Where phones post and screens connect: one server, or several behind Redis (k-th to k mod n). */
  servers: { phones: readonly string[]; screens: readonly string[] },
  workers: SimWorker[],
  leader: string,
  o: { seconds: number; reportS: number; screens: number; sockets: number; measuringScreens: number },
  serverCpu: () => Promise<number>,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.sockets });
  const maxId = Math.max(...workers.map((w) => w.workerId));
  // Per worker: the newest fix time of its last POST and when that POST went out (wall ms).
  const sentFix = new Float64Array(maxId + 1).fill(NaN);
  const sentWall = new Float64Array(maxId + 1).fill(NaN);
  const ingestToScreen: number[] = [];
  const fixToScreen: number[] = [];
  const tickToScreen: number[] = [];
  const queueMs: number[] = [];
  const postMs: number[] = [];
  let unmatched = 0;
  let frames = 0;
  let measuring = false;
  const sockets: Socket[] = await Promise.all(
    Array.from(
      { length: o.screens },
      (_, k) =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(servers.screens[k % servers.screens.length]!, {
            transports: ['websocket'],
            auth: { token: leader },
            forceNew: true,
          });
          s.on('positions:frame', (data: Uint8Array) => {
            const now = Date.now();
            if (!measuring) return;
            frames++;
            const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
            tickToScreen.push(now - v.getFloat64(8, true));
            if (k >= o.measuringScreens) return; // the rest only count frames: decoding costs the client
            const f = decodeFrame(data);
            for (let i = 0; i < f.ids.length; i++) {
              const id = f.ids[i]!;
              fixToScreen.push(now - f.pt[i]!);
              if (sentFix[id] === f.pt[i]) ingestToScreen.push(now - sentWall[id]!);
              else unmatched++;
            }
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  let stop = false;
  let refused = 0;
  let failed = 0;
  const phone = async (w: SimWorker, k: number) => {
    let due = performance.now() + (k / workers.length) * o.reportS * 1000;
    await sleep(due - performance.now());
    let from = 0;
    while (!stop) {
      // Fixes of the last reportS seconds, the newest taken now.
      const newest = Math.round(wallOf(due));
      const body = walkJson(w.home, newest - (o.reportS - 1) * 1000 - from * 1000, from, o.reportS);
      // Noted when the request goes out: its frame may come before its answer.
      const sent = (at: number) => {
        sentFix[w.workerId] = newest;
        sentWall[w.workerId] = wallOf(at);
      };
      const url = servers.phones[k % servers.phones.length]!;
      const r = await postJson(`${url}/api/positions`, w.token, body, agent, sent).catch(() => undefined);
      if (!r) failed++;
      else if (r.status !== 200) refused++;
      else {
        if (measuring) {
          queueMs.push(r.sentAt - due);
          postMs.push(performance.now() - r.sentAt);
        }
      }
      from += o.reportS;
      due += o.reportS * 1000;
      await sleep(due - performance.now());
    }
  };
  const running = Promise.all(workers.map((w, k) => phone(w, k)));
  // Steady state before measuring: every phone has reported twice, so its connection is open and its
  // token resolved (the first round, 20,000 first log-ins and connects, runs late: measured, it
  // showed as seconds of client queue and hundreds of ms of latency).
  await sleep(2 * o.reportS * 1000 + 3000);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = await serverCpu();
  const wall0 = Date.now();
  measuring = true;
  await sleep(o.seconds * 1000);
  measuring = false;
  const cpu1 = await serverCpu();
  const wall1 = Date.now();
  loop.disable();
  stop = true;
  await running;
  for (const s of sockets) s.disconnect();
  agent.destroy();
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    workers: workers.length,
    screens: o.screens,
    measuringScreens: o.measuringScreens,
    reportEveryS: o.reportS,
    phoneConnections: o.sockets,
    postsPerS: round2(postMs.length / ((wall1 - wall0) / 1000)),
    framesPerScreenPerS: round2(frames / o.screens / ((wall1 - wall0) / 1000)),
    ingestToScreenMs: latencyStats(ingestToScreen),
    /** Frames whose fix was not the newest one its phone had sent (a newer POST was under way). */
    unmatchedFixes: unmatched,
    fixTimeToScreenMs: latencyStats(fixToScreen),
    tickToScreenMs: latencyStats(tickToScreen),
    clientQueueMs: latencyStats(queueMs),
    postMs: latencyStats(postMs),
    clientEventLoopDelayP99Ms: round2(loop.percentile(99) / 1e6),
    serverCpuCores: round2((cpu1 - cpu0) / 1000 / (wall1 - wall0)),
    failedBatches: failed,
    refusedBatches: refused,
  };
}
