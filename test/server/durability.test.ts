import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/src/db/migrate.ts';
import { openPglite } from '../../server/src/db/pglite.ts';
import { openPostgres } from '../../server/src/db/postgres.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { GRID_A, loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { login, TEST_PASSWORD } from '../support/auth.ts';
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts';
import { freePort, pgBinDir, startTempPostgres, type TempPostgres } from '../support/tempPostgres.ts';
import { phoneWorker } from './positionsHelpers.ts';

/**
 * Phones keep posting — by REST, Socket.IO and the OsmAnd protocol, plus case reports and a
 * dispatcher's steps — while the real server process is killed with SIGKILL and restarted, and
 * while PostgreSQL is stopped without a checkpoint (`-m immediate`, as a crash) and started again.
 * Every acknowledged position and case step must be stored, none twice (phones send again whatever
 * was not acknowledged, and after each outage also the batch whose answer they pretend was lost);
 * during the database outage phones get 503 with Retry-After, never an answer later than 5 s.
 *
 * On PostgreSQL a cluster of its own (tempPostgres.ts): the shared server runs every other test
 * file meanwhile; where CI runs that engine (TEST_DATABASE_URL). The embedded engine (a data folder
 * the killed process held) has no server to crash: there the server is killed only.
 */
const HANG_MS = 5000;
const ENGINES = [
  // the crash of PostgreSQL needs its binaries; CI (TEST_DATABASE_URL) has them
  ...(process.env.TEST_DATABASE_URL && pgBinDir() ? [{ name: 'postgres', crash: true }] : []),
  { name: 'pglite', crash: false },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tally {
  acked: Map<number, Set<number>>;
  cases: Map<string, number>;
  registered: Set<number>;
  unavailable: number;
  withoutRetryAfter: number;
  slow: string[];
  unexpected: string[];
  resends: { expected: number; stored: number };
  /** Requests still unanswered when the phones stopped and the drain time ran out: what they last got. */
  unfinished: string[];
}

describe.each(ENGINES)(
  'durability on $name: phones across SIGKILL of the server (and a database crash)',
  (engine) => {
    let cluster: TempPostgres | undefined;
    let server: SpawnedServer | undefined;
    let base = '';
    let port = 0;
    let dataDir = '';
    const phones: { workerId: number; token: string; employeeNo: string }[] = [];
    let operator: Record<string, string> = {};
    const tally: Tally = {
      acked: new Map(),
      cases: new Map(),
      registered: new Set(),
      unavailable: 0,
      withoutRetryAfter: 0,
      slow: [],
      unexpected: [],
      resends: { expected: 0, stored: 0 },
      unfinished: [],
    };
    let running = true;
    /** When the phones stop, each has this long to get its last batch through, then says what it saw. */
    const DRAIN_MS = 30_000;
    let drainUntil = Infinity;
    const stillTrying = (label: string, last: string) => {
      if (running || performance.now() < drainUntil) return true;
      tally.unfinished.push(`${label}: ${last}`);
      return false;
    };
    let resendRound = 0;

    const start = async () => {
      server = await spawnServer(cluster?.url, { PORT: String(port), DATA_DIR: dataDir });
      base = server.url;
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gc-durability-'));
      if (engine.crash) cluster = await startTempPostgres();
      // the fixtures first, then the database is the server's alone (PGlite: one process)
      const db = cluster ? await openPostgres(cluster.url, { max: 2 }) : await openPglite(dataDir);
      await migrate(db);
      await loadSmallDistrict(db);
      for (let i = 0; i < 6; i++) {
        const employeeNo = `DU${String(i).padStart(3, '0')}`;
        const p = await phoneWorker(db, GRID_A, employeeNo);
        phones.push({ workerId: p.workerId, token: p.token, employeeNo });
      }
      await createUser(db, {
        username: 'dispatcher',
        displayName: '调度员',
        role: 'operator',
        jurisdiction: '120106',
        password: TEST_PASSWORD,
      });
      await db.close();
      port = await freePort({ stable: true });
      await start();
      operator = { cookie: (await login(base, 'dispatcher')).cookie };
    }, 120_000);
    afterAll(async () => {
      running = false;
      await server?.close().catch(() => undefined);
      cluster?.destroy();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    /** One request with the clock on it: a network error (server down) is `status 0`. */
    const timed = async (url: string, init: RequestInit = {}) => {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS + 2000) });
        const text = await res.text();
        const ms = performance.now() - t0;
        if (ms > HANG_MS) tally.slow.push(`${init.method ?? 'GET'} ${url.slice(0, 80)} ${Math.round(ms)} ms`);
        if (res.status === 503) {
          tally.unavailable++;
          if (!res.headers.get('retry-after')) tally.withoutRetryAfter++;
        }
        return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') tally.slow.push(`${url.slice(0, 80)} no answer`);
        return { status: 0, body: {} };
      }
    };
    const ack = (workerId: number, ts: number[]) => {
      let set = tally.acked.get(workerId);
      if (!set) tally.acked.set(workerId, (set = new Set()));
      for (const t of ts) set.add(t);
    };
    const retryable = (status: number) => status === 0 || status === 503;

    /** Points 0.1 s and 1 mm apart, in time order, from an hour ago (each phone its own worker). */
    const t0 = Date.now() - 3_600_000;
    const point = (i: number) => ({ t: t0 + i * 100, lon: 117.12 + i / 86_000_000, lat: 39.17 });

    async function restPhone(p: (typeof phones)[number]) {
      let seq = 0;
      let last: ReturnType<typeof point>[] = [];
      let round = 0;
      while (running) {
        // after an outage: the batch whose answer "was lost" comes again; nothing of it may be stored
        const resend = round < resendRound && last.length > 0;
        const batch = resend ? last : Array.from({ length: 25 }, () => point(seq++));
        if (resend) round = resendRound;
        for (;;) {
          const r = await timed(`${base}/api/positions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${p.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ points: batch }),
          });
          if (r.status === 200) {
            const accepted = r.body.accepted as number;
            if (resend) {
              tally.resends.expected += batch.length;
              tally.resends.stored += accepted;
            }
            ack(
              p.workerId,
              batch.map((b) => b.t),
            );
            break;
          }
          if (!retryable(r.status)) tally.unexpected.push(`REST ${r.status} ${JSON.stringify(r.body)}`);
          if (!stillTrying(`REST ${p.employeeNo}`, `${r.status} ${JSON.stringify(r.body)}`)) return;
          await sleep(r.status === 503 ? 500 : 200);
        }
        last = batch;
        await sleep(50);
      }
    }

    async function socketPhone(p: (typeof phones)[number]) {
      const s: Socket = connect(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        auth: { token: p.token },
        reconnectionDelay: 200,
        reconnectionDelayMax: 500,
      });
      // a handshake refused while the database is down is not retried by the client itself
      s.on('connect_error', () => setTimeout(() => running && !s.active && s.connect(), 300));
      let seq = 0;
      while (running) {
        const batch = Array.from({ length: 10 }, () => point(seq++));
        let last = 'never connected';
        for (;;) {
          if (!s.connected) {
            await sleep(100);
            if (!running) break;
            continue;
          }
          if (!stillTrying(`socket ${p.employeeNo}`, last)) break;
          const started = performance.now();
          const answer = (await s
            .timeout(HANG_MS)
            .emitWithAck('positions:report', { points: batch })
            .catch(() => undefined)) as { data?: unknown; error?: { code: string } } | undefined;
          if (answer?.data) {
            ack(
              p.workerId,
              batch.map((b) => b.t),
            );
            break;
          }
          if (!answer && s.connected && performance.now() - started >= HANG_MS)
            tally.slow.push(`socket ack after ${Math.round(performance.now() - started)} ms`);
          if (answer?.error && !['unavailable', 'overloaded'].includes(answer.error.code))
            tally.unexpected.push(`socket ${JSON.stringify(answer)}`);
          last = answer ? JSON.stringify(answer) : `no ack in ${HANG_MS} ms`;
          await sleep(200);
        }
        await sleep(50);
      }
      s.disconnect();
    }

    async function osmandPhone(p: (typeof phones)[number]) {
      let seq = 0;
      while (running) {
        const f = point(seq++);
        const q = new URLSearchParams({
          id: p.employeeNo,
          lat: String(f.lat),
          lon: String(f.lon),
          timestamp: String(f.t),
          token: p.token,
        });
        for (;;) {
          const r = await timed(`${base}/api/positions/osmand?${q}`, { method: 'POST' });
          if (r.status === 200) {
            ack(p.workerId, [f.t]);
            break;
          }
          if (!retryable(r.status)) tally.unexpected.push(`OsmAnd ${r.status} ${JSON.stringify(r.body)}`);
          if (!stillTrying(`OsmAnd ${p.employeeNo}`, `${r.status} ${JSON.stringify(r.body)}`)) return;
          await sleep(200);
        }
        await sleep(30);
      }
    }

    /** A phone reporting cases (Idempotency-Key) and a dispatcher registering each (its version). */
    async function casePhone(p: (typeof phones)[number]) {
      let n = 0;
      while (running) {
        const key = `durability-${p.workerId}-${n}`;
        const description = `耐久测试第${n++}号：路灯不亮`;
        let id: number;
        for (;;) {
          const r = await timed(`${base}/api/cases`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${p.token}`,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body: JSON.stringify({
              category: { major: 'city', minor: 'broken_lamp' },
              description,
              point: [117.12, 39.17],
            }),
          });
          if (r.status === 201 || r.status === 200) {
            id = r.body.id as number;
            tally.cases.set(description, id);
            break;
          }
          if (!retryable(r.status)) tally.unexpected.push(`report ${r.status} ${JSON.stringify(r.body)}`);
          if (!stillTrying('report', `${r.status} ${JSON.stringify(r.body)}`)) return;
          await sleep(200);
        }
        for (;;) {
          const r = await timed(`${base}/api/cases/${id}/actions`, {
            method: 'POST',
            headers: { ...operator, 'content-type': 'application/json' },
            body: JSON.stringify({ action: 'register', version: 1 }),
          });
          // 409: an earlier try was applied and its answer lost; the case says so
          const current = (r.body.current ?? r.body) as { state?: string };
          if (r.status === 200 || (r.status === 409 && current.state === 'registered')) {
            tally.registered.add(id);
            break;
          }
          if (!retryable(r.status)) tally.unexpected.push(`register ${r.status} ${JSON.stringify(r.body)}`);
          if (!stillTrying(`register ${id}`, `${r.status} ${JSON.stringify(r.body)}`)) return;
          await sleep(200);
        }
        await sleep(100);
      }
    }

    it('loses no acknowledged position or case step and stores none twice; a database outage answers 503', async () => {
      const loops = [
        restPhone(phones[0]!),
        restPhone(phones[1]!),
        socketPhone(phones[2]!),
        socketPhone(phones[3]!),
        osmandPhone(phones[4]!),
        casePhone(phones[5]!),
      ];
      await sleep(2500);
      // 1. the server dies mid-flight: no flush, no answers; a new process takes the same port
      await server!.kill('SIGKILL');
      await sleep(500);
      await start();
      await sleep(1500);
      resendRound++;
      await sleep(1500);
      // 2. the database crashes (no checkpoint) and comes back after recovery; the server stays up
      if (cluster) {
        cluster.crash();
        await sleep(2000);
        cluster.start();
        await sleep(3000);
        resendRound++;
        await sleep(1500);
      }
      running = false;
      drainUntil = performance.now() + DRAIN_MS;
      await Promise.all(loops);

      expect(tally.unfinished).toEqual([]);
      expect(await Promise.race([server!.exited.then(() => 'exited'), sleep(100).then(() => 'up')])).toBe(
        'up',
      );
      expect(tally.slow).toEqual([]);
      expect(tally.unexpected).toEqual([]);
      // phones were told the database was away, with a time to come back
      if (cluster) expect(tally.unavailable).toBeGreaterThan(0);
      expect(tally.withoutRetryAfter).toBe(0);

      await server!.close();
      server = undefined;
      const c = cluster ? await openPostgres(cluster.url, { max: 1 }) : await openPglite(dataDir);
      try {
        const twice = await c.query(
          `SELECT worker_id, t, count(*)::int AS n FROM position_history GROUP BY 1, 2 HAVING count(*) > 1`,
        );
        expect(twice.rows).toEqual([]);
        let ackedTotal = 0;
        for (const [workerId, times] of tally.acked) {
          const { rows } = await c.query<{ t: number }>(
            `SELECT (extract(epoch FROM t) * 1000)::float8 AS t FROM position_history WHERE worker_id = $1`,
            [workerId],
          );
          const stored = new Set(rows.map((r) => Math.round(r.t)));
          const lost = [...times].filter((t) => !stored.has(t));
          expect(lost, `worker ${workerId}`).toEqual([]);
          ackedTotal += times.size;
        }
        expect(ackedTotal).toBeGreaterThan(500);
        expect(tally.resends.expected).toBeGreaterThan(0);
        expect(tally.resends.stored).toBe(0);

        expect(tally.cases.size).toBeGreaterThan(3);
        const cases = await c.query<{ description: string; n: number; registers: number }>(
          `SELECT c.description, count(DISTINCT c.id)::int AS n,
                count(h.id) FILTER (WHERE h.action = 'register')::int AS registers
         FROM cases c LEFT JOIN case_history h ON h.case_id = c.id GROUP BY c.description`,
        );
        const byDescription = new Map(cases.rows.map((r) => [r.description, r]));
        for (const [description, id] of tally.cases) {
          expect(byDescription.get(description)?.n, description).toBe(1);
          if (tally.registered.has(id))
            expect(byDescription.get(description)?.registers, description).toBe(1);
        }
        console.log(
          `[durability] ${engine.name}: acknowledged ${ackedTotal} positions and ${tally.cases.size} reports + ${tally.registered.size} registrations; ` +
            `${tally.unavailable} answers 503 during the outage; resent ${tally.resends.expected} acknowledged points, ${tally.resends.stored} stored again`,
        );
      } finally {
        await c.close();
      }
    }, 180_000);
  },
);
