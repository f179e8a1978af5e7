import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../contracts/cases.ts';
import { decodeFrame, type LiveFrame } from '../../contracts/workers.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { GRID_A, loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { login, TEST_PASSWORD } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { spawnServer, type SpawnedServer } from '../support/spawnServer.ts';
import { phoneWorker, post } from './positionsHelpers.ts';

/**
 * Two real server processes on one PostgreSQL behind one Redis (REDIS_URL): a screen on server A
 * sees a phone that posts to server B, a case reported on B and acted on from A, and a clock-in on
 * A in the frames B sends. Needs PostgreSQL (two processes cannot share the embedded engine) and
 * Redis (TEST_REDIS_URL; CI starts the machine's).
 */
const pgEngine = testEngines().find((e) => e.name === 'postgres');
const redisUrl = process.env.TEST_REDIS_URL;
const stream = `gridcenter-test-${process.pid}-${Date.now()}`;

describe.runIf(pgEngine && redisUrl)('two servers behind Redis share live events', () => {
  let t: TestDb;
  let a: SpawnedServer;
  let b: SpawnedServer;
  let phone: Awaited<ReturnType<typeof phoneWorker>>;
  const cookies: Record<string, string> = {};
  const sockets: Socket[] = [];

  const screen = (url: string, cookie: string) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie },
      });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const next = <T>(s: Socket, event: string, pick: (p: T) => boolean = () => true, ms = 5000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
      const on = (p: T) => {
        if (!pick(p)) return;
        clearTimeout(timer);
        s.off(event, on);
        resolve(p);
      };
      s.on(event, on);
    });

  beforeAll(async () => {
    t = await pgEngine!.open();
    await loadSmallDistrict(t.db);
    phone = await phoneWorker(t.db, GRID_A, 'CL001');
    for (const [username, role] of [
      ['wallleader', 'leader'],
      ['dispatch', 'operator'],
    ] as const)
      await createUser(t.db, {
        username,
        displayName: username,
        role,
        jurisdiction: '120106',
        password: TEST_PASSWORD,
      });
    const env = { REDIS_URL: redisUrl!, REDIS_STREAM: stream, POSITIONS_TICK_MS: '50' };
    [a, b] = await Promise.all([spawnServer(t.url, env), spawnServer(t.url, env)]);
    cookies.leader = (await login(a.url, 'wallleader')).cookie;
    cookies.operator = (await login(b.url, 'dispatch')).cookie;
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.close(), b?.close()]);
    const r = createClient({ url: redisUrl });
    await r.connect();
    await r.del(stream);
    await r.close();
    await t?.cleanup();
  });

  it('a screen on A sees the positions a phone posts to B, and a clock-in on A in B’s frames', async () => {
    const onA = await screen(a.url, cookies.leader!);
    // B learns which rooms A's screens listen in (announced every second)
    await new Promise((r) => setTimeout(r, 1500));
    const frame = next<ArrayBuffer>(onA, 'positions:frame', (f) =>
      decodeFrame(new Uint8Array(f)).ids.includes(phone.workerId),
    );
    const r = await post(
      b.url,
      '/api/positions',
      { points: [{ t: Date.now(), lon: 117.12, lat: 39.17 }] },
      phone.headers,
    );
    expect(r.body.accepted).toBe(1);
    const f: LiveFrame = decodeFrame(new Uint8Array(await frame));
    const i = f.ids.indexOf(phone.workerId);
    expect([f.lon[i], f.lat[i]]).toEqual([117.12, 39.17]);
    expect(f.onDuty[i]).toBe(0);

    // clocked in on A: B's next frame says on duty (B's directory was told)
    const duty = next<{ workerId: number; onDuty: boolean }>(onA, 'workers:duty');
    expect((await post(a.url, '/api/duty/clock-in', {}, phone.headers)).status).toBe(200);
    expect(await duty).toMatchObject({ workerId: phone.workerId, onDuty: true });
    const onDuty = next<ArrayBuffer>(onA, 'positions:frame', (x) =>
      decodeFrame(new Uint8Array(x)).ids.includes(phone.workerId),
    );
    await post(
      b.url,
      '/api/positions',
      { points: [{ t: Date.now(), lon: 117.1201, lat: 39.17 }] },
      phone.headers,
    );
    const g = decodeFrame(new Uint8Array(await onDuty));
    expect(g.onDuty[g.ids.indexOf(phone.workerId)]).toBe(1);
  });

  it('a case reported on B appears on A; acted on from A, it updates the screen on B', async () => {
    const onA = await screen(a.url, cookies.leader!);
    const onB = await screen(b.url, cookies.leader!);
    const created = next<CaseEvent>(onA, 'case:created');
    const report = await post(
      b.url,
      '/api/cases',
      {
        category: { major: 'city', minor: 'garbage' },
        description: '两台服务器之间的案件',
        point: [117.125, 39.17],
      },
      phone.headers,
    );
    expect(report.status).toBe(201);
    expect((await created).case).toMatchObject({ id: report.body.id, number: report.body.number });
    const updated = next<CaseEvent>(onB, 'case:updated', (e) => e.case.id === report.body.id);
    const act = await post(
      a.url,
      `/api/cases/${report.body.id}/actions`,
      { action: 'register', version: report.body.version },
      { cookie: cookies.operator! },
    );
    expect(act.status).toBe(200);
    expect((await updated).case).toMatchObject({ id: report.body.id, state: 'registered' });
  });
});
