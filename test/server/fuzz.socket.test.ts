import fc from 'fast-check';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { FUZZ_RUNS, FUZZ_SEED, storedDigest } from '../support/fuzz/fixture.ts';
import { payloadArb, handshakeArb } from '../support/fuzz/socketCorpus.ts';
import { phoneWorker } from './positionsHelpers.ts';

/**
 * Every Socket.IO event the server listens to (read off its own sockets, so a new event is in the
 * next run) × payloads of every shape and size, with and without an ack, from each kind of login;
 * and handshakes with malformed cookies, tokens and origins. An ack must come within 5 s as
 * `{ data } | { error: { code, message } }`, the socket must stay connected (unless the payload was
 * over the size limit), the server healthy and nothing stored changed.
 */
const HANG_MS = 5000;
const EVENTS_PER_RUN = Math.max(200, Math.round(FUZZ_RUNS / 5));
const HANDSHAKES = Math.max(50, Math.round(FUZZ_RUNS / 50));
const RESERVED = new Set(['disconnect', 'disconnecting', 'error', 'connect', 'connect_error']);

describe.each(testEngines())('fuzz: every Socket.IO event on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const credentials: Record<string, { cookie?: string; token?: string }> = {};
  const open: Socket[] = [];

  const client = (c: {
    cookie?: string;
    token?: string;
    auth?: unknown;
    headers?: Record<string, string>;
  }) => {
    const s = connect(srv.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { ...(c.cookie ? { cookie: c.cookie } : {}), ...c.headers },
      auth: (c.auth ?? (c.token ? { token: c.token } : {})) as Record<string, unknown>,
    });
    open.push(s);
    return s;
  };
  const connected = (s: Socket) =>
    new Promise<void>((resolve, reject) => {
      if (s.connected) return resolve();
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
  const healthy = async () => (await fetch(`${srv.url}/api/health`)).status === 200;

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    credentials.admin = { cookie: (await loginAs(t.db, srv.url, 'admin', '')).cookie };
    credentials.leader = { cookie: (await loginAs(t.db, srv.url, 'leader', GRID_A)).cookie };
    credentials.phone = { token: (await phoneWorker(t.db, GRID_A, 'FZS01')).token };
  });
  afterAll(async () => {
    for (const s of open) s.disconnect();
    await srv?.close();
    await t?.cleanup();
  });

  it(
    `answers ${EVENTS_PER_RUN} malformed events per login within 5 s, in the ack shape, and stays up`,
    async () => {
      const before = await storedDigest(t.db);
      const failures: string[] = [];
      let events: string[] = [];
      for (const [name, cred] of Object.entries(credentials)) {
        let s = client(cred);
        await connected(s);
        // what the server listens to on this socket
        const server = srv.realtime.io.of('/').sockets.get(s.id!)!;
        events = server.eventNames().filter((e): e is string => typeof e === 'string' && !RESERVED.has(e));
        expect(events.length, name).toBeGreaterThan(0);
        const inputs = fc.sample(
          fc.record({
            event: fc.constantFrom(...events),
            args: fc.array(payloadArb, { maxLength: 3 }),
            ack: fc.boolean(),
          }),
          { numRuns: EVENTS_PER_RUN, seed: FUZZ_SEED },
        );
        // a payload over the limit ends the connection, perhaps only after the next event is sent
        let sentTooLarge = false;
        for (const [i, input] of inputs.entries()) {
          const size = JSON.stringify(input.args)?.length ?? 0;
          const tooLarge = size > 60_000;
          sentTooLarge ||= tooLarge;
          if (!input.ack) {
            s.emit(input.event, ...input.args);
          } else {
            const ack = await s
              .timeout(HANG_MS)
              .emitWithAck(input.event, ...input.args)
              .then(
                (a: unknown) => ({ a }),
                (e: Error) => ({ e }),
              );
            if ('e' in ack) {
              if (!sentTooLarge)
                failures.push(`${name} ${input.event}(${preview(input.args)}) → no ack: ${ack.e.message}`);
            } else if (!isAck(ack.a))
              failures.push(`${name} ${input.event}(${preview(input.args)}) → ${preview([ack.a])}`);
          }
          if (!s.connected) {
            // only a payload over maxHttpBufferSize may end the connection (Socket.IO's own limit)
            if (!sentTooLarge) failures.push(`${name} ${input.event}(${preview(input.args)}) → disconnected`);
            s = client(cred);
            await connected(s);
            sentTooLarge = false;
          }
          if (i % 200 === 199 && !(await healthy()))
            failures.push(`${name}: unhealthy after ${i + 1} events`);
          if (failures.length > 30) break;
        }
        s.disconnect();
      }
      expect(failures, `seed ${FUZZ_SEED}:\n${failures.join('\n')}`).toEqual([]);
      expect(events).toContain('positions:report');
      expect(await healthy()).toBe(true);
      expect((await storedDigest(t.db, before.limits)).digest).toEqual(before.digest);
    },
    120_000 + EVENTS_PER_RUN * 60,
  );

  it(
    `refuses ${HANDSHAKES} malformed handshakes with a connect error, never a crash or a hang`,
    async () => {
      const inputs = fc.sample(handshakeArb, { numRuns: HANDSHAKES, seed: FUZZ_SEED });
      const failures: string[] = [];
      for (const h of inputs) {
        const s = client({ auth: h.auth, headers: h.headers });
        const outcome = await Promise.race([
          connected(s).then(
            () => 'connected',
            (e: Error) => `refused:${e.message}`,
          ),
          new Promise<string>((r) => setTimeout(() => r('hang'), HANG_MS)),
        ]);
        s.disconnect();
        if (outcome === 'connected' || outcome === 'hang') failures.push(`${preview([h])} → ${outcome}`);
      }
      expect(failures).toEqual([]);
      expect(await healthy()).toBe(true);
    },
    60_000 + HANDSHAKES * 200,
  );
});

function isAck(a: unknown): boolean {
  if (typeof a !== 'object' || a === null) return false;
  if ('data' in a) return true;
  const e = (a as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}

function preview(v: unknown[]): string {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 120);
  } catch {
    return String(v).slice(0, 120);
  }
}
