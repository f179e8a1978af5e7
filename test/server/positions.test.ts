import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts/events.ts';
import { decodeFrame, type LiveFrame } from '../../contracts/workers.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { phoneWorker, post } from './positionsHelpers.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const LON = 117.12;
const LAT = 39.17;
/** A point `m` metres east of the base point, `s` seconds after t0. */
const at = (t0: number, s: number, m = 0) => ({ t: t0 + s * 1000, lon: LON + m / 86_000, lat: LAT });

describe.each(testEngines())('position ingest and live frames on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let a: Awaited<ReturnType<typeof phoneWorker>>;
  let b: Awaited<ReturnType<typeof phoneWorker>>;
  const open: Client[] = [];
  const client = (opts: { cookie?: string; token?: string }) =>
    new Promise<Client>((resolve, reject) => {
      const s: Client = connect(srv.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: opts.cookie ? { cookie: opts.cookie } : {},
        auth: opts.token ? { token: opts.token } : {},
      });
      open.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const frames = (s: Client) => {
    const got: LiveFrame[] = [];
    s.on('positions:frame', (f) => got.push(decodeFrame(f as Uint8Array)));
    return got;
  };
  const history = async (workerId: number) =>
    (
      await t.db.query<{ t: number; lon: number }>(
        `SELECT (extract(epoch FROM t) * 1000)::float8 AS t, lon FROM position_history WHERE worker_id = $1 ORDER BY t`,
        [workerId],
      )
    ).rows;

  beforeAll(async () => {
    process.env.POSITIONS_TICK_MS = '100';
    t = await engine.open();
    await loadSmallDistrict(t.db);
    a = await phoneWorker(t.db, GRID_A, 'WGA1');
    b = await phoneWorker(t.db, GRID_B, 'WGB1', '13900001111');
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    delete process.env.POSITIONS_TICK_MS;
    await srv?.close();
    await t?.cleanup();
  });

  it('stores a batch before answering, in time order, and says which points it dropped and why', async () => {
    const t0 = Date.now() - 600_000;
    const points = [
      at(t0, 20, 20), // late: stored by its own time
      at(t0, 0),
      at(t0, 10, 10),
      { ...at(t0, 10, 10) }, // exact duplicate
      { t: t0 + 30_000, lon: 181, lat: LAT }, // out of range
      at(Date.now(), 3600), // an hour in the future
      at(t0, 40, 5000), // 5 km in 20 s: 900 km/h
      at(t0, 60, 40),
    ];
    const r = await post(srv.url, '/api/positions', { points }, a.headers);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      accepted: 4,
      dropped: [
        { index: 3, reason: 'duplicate' },
        { index: 4, reason: 'out_of_range' },
        { index: 5, reason: 'future' },
        { index: 6, reason: 'jump' },
      ],
    });
    // Durable ack: the rows are there the moment the answer is.
    expect((await history(a.workerId)).map((p) => p.t)).toEqual([t0, t0 + 10_000, t0 + 20_000, t0 + 60_000]);
    // Resending the same batch (a lost answer) stores nothing twice.
    const again = await post(srv.url, '/api/positions', { points: points.slice(0, 3) }, a.headers);
    expect(again.body.accepted).toBe(0);
    expect(await history(a.workerId)).toHaveLength(4);
    // An older point never replaces the newest fix.
    await post(srv.url, '/api/positions', { points: [at(t0, 50, 30)] }, a.headers);
    const { rows } = await t.db.query<{ t: number }>(
      `SELECT (extract(epoch FROM t) * 1000)::float8 AS t FROM latest_positions WHERE worker_id = $1`,
      [a.workerId],
    );
    expect(rows[0]!.t).toBe(t0 + 60_000);
  });

  it('refuses bad bodies, accounts without a worker and roles without positions.report', async () => {
    const bad = await post(
      srv.url,
      '/api/positions',
      { points: [{ t: 'yesterday', lon: 1, lat: 2 }] },
      a.headers,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid', field: 'points.0.t' });
    expect((await post(srv.url, '/api/positions', { points: [] }, a.headers)).status).toBe(400);
    const leader = await loginAs(t.db, srv.url, 'leader', '120106');
    expect(
      (await post(srv.url, '/api/positions', { points: [at(Date.now(), 0)] }, leader.headers)).status,
    ).toBe(403);
    const unlinked = await loginAs(t.db, srv.url, 'grid_worker', GRID_A);
    const r = await post(srv.url, '/api/positions', { points: [at(Date.now(), 0)] }, unlinked.headers);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('not_a_worker');
    expect((await post(srv.url, '/api/positions', { points: [at(Date.now(), 0)] }, {})).status).toBe(401);
  });

  it('takes the OsmAnd / Traccar Client protocol with the token in the URL or a bearer header', async () => {
    const ts = Math.floor(Date.now() / 1000) - 5;
    const q = `id=WGB1&lat=${LAT}&lon=${LON + 0.05}&timestamp=${ts}&speed=2&bearing=90&batt=77&accuracy=8`;
    expect((await fetch(`${srv.url}/api/positions/osmand?${q}&token=${b.token}`)).status).toBe(200);
    const { rows } = await t.db.query<{ speed: number; heading: number; battery: number }>(
      `SELECT speed_mps AS speed, heading_deg AS heading, battery_pct AS battery FROM position_history WHERE worker_id = $1`,
      [b.workerId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.speed).toBeCloseTo(2 * 0.514444, 4); // knots → m/s
    expect(rows[0]).toMatchObject({ heading: 90, battery: 77 });
    const post2 = await fetch(`${srv.url}/api/positions/osmand`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=WGB1&lat=${LAT}&lon=${LON + 0.0501}&timestamp=${ts + 3}`,
    });
    expect(post2.status).toBe(200);
    expect((await fetch(`${srv.url}/api/positions/osmand?${q}&token=${a.token}`)).status).toBe(403); // a's phone, b's id
    expect((await fetch(`${srv.url}/api/positions/osmand?${q}`)).status).toBe(401);
    expect((await fetch(`${srv.url}/api/positions/osmand?id=WGB1&lat=x&lon=1&token=${b.token}`)).status).toBe(
      400,
    );
  });

  it('sends one binary frame per tick only to screens whose jurisdiction holds the worker', async () => {
    const district = frames(
      await client({ cookie: (await loginAs(t.db, srv.url, 'leader', '120106')).cookie }),
    );
    const other = frames(
      await client({ cookie: (await loginAs(t.db, srv.url, 'operator', STREET_B)).cookie }),
    );
    const noPermission = frames(
      await client({ cookie: (await loginAs(t.db, srv.url, 'admin', '120106')).cookie }),
    );
    const t1 = Date.now();
    await post(srv.url, '/api/positions', { points: [at(t1, -2, 100), at(t1, -1, 101)] }, a.headers);
    await new Promise((r) => setTimeout(r, 400));
    const mine = district.filter((f) => [...f.ids].includes(a.workerId));
    expect(mine).toHaveLength(1); // newest only, one tick
    const i = [...mine[0]!.ids].indexOf(a.workerId);
    expect(mine[0]!.pt[i]).toBe(t1 - 1000);
    expect(mine[0]!.lon[i]).toBeCloseTo(LON + 101 / 86_000, 6);
    expect(other.some((f) => [...f.ids].includes(a.workerId))).toBe(false);
    expect(noPermission).toHaveLength(0);
  });

  it('takes positions over Socket.IO from the phone, acknowledged after the commit', async () => {
    const phone = await client({ token: b.token });
    const t1 = Date.now();
    const ack = await phone.timeout(5000).emitWithAck('positions:report', { points: [at(t1, 0, 4300)] });
    expect(ack).toEqual({ data: { accepted: 1, dropped: [] } });
    expect((await history(b.workerId)).map((p) => p.t)).toContain(t1);
    const bad = await phone.timeout(5000).emitWithAck('positions:report', { points: 'no' } as never);
    expect('error' in bad && bad.error.code).toBe('invalid');
  });

  it('stores a batch sent again (its answer lost, or after a restart) once: longer than the trail, and after a restart', async () => {
    const w = await phoneWorker(t.db, GRID_A, 'WGR1');
    const t0 = Date.now() - 3_600_000;
    // 250 points, 1 m apart, 1 s apart: more than the 64 fixes the server keeps per device
    const batch = Array.from({ length: 250 }, (_, i) => at(t0, i, i));
    expect((await post(srv.url, '/api/positions', { points: batch }, w.headers)).body.accepted).toBe(250);
    const again = await post(srv.url, '/api/positions', { points: batch }, w.headers);
    expect(again.body.accepted).toBe(0);
    expect(again.body.dropped.every((d: { reason: string }) => d.reason === 'duplicate')).toBe(true);
    // a second server on the same database remembers only the newest fix: the history tells it
    const other = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    try {
      const afterRestart = await post(
        other.url,
        '/api/positions',
        { points: [...batch, at(t0, 250, 250)] },
        w.headers,
      );
      expect(afterRestart.body.accepted).toBe(1);
    } finally {
      await other.close();
    }
    // the same late batch three times at once: stored once
    const late = Array.from({ length: 100 }, (_, i) => at(t0 - 200_000, i, i));
    const three = await Promise.all(
      [1, 2, 3].map(() => post(srv.url, '/api/positions', { points: late }, w.headers)),
    );
    expect(three.map((r) => r.body.accepted).sort((x, y) => x - y)).toEqual([0, 0, 100]);
    const { rows } = await t.db.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT t)::int AS d FROM position_history WHERE worker_id = $1`,
      [w.workerId],
    );
    expect(rows[0]).toEqual({ n: 351, d: 351 });
  });

  it('puts history rows into their day partition, and very old days into the default one', async () => {
    const { rows } = await t.db.query<{ part: string }>(
      `SELECT DISTINCT tableoid::regclass::text AS part FROM position_history WHERE worker_id = $1`,
      [a.workerId],
    );
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(rows.map((r) => r.part)).toEqual([`position_history_${today}`]);
    await t.db.query(`INSERT INTO position_history (worker_id, t, lon, lat) VALUES (1, '2001-01-01Z', 1, 1)`);
    const { rows: old } = await t.db.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM position_history WHERE t < '2002-01-01Z'`,
    );
    expect(old).toEqual([{ part: 'position_history_default' }]);
    // Creating that day later moves its rows out of the default partition.
    await t.db.query(`SELECT positions_ensure_partitions('2001-01-01', '2001-01-01')`);
    const { rows: moved } = await t.db.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM position_history WHERE t < '2002-01-01Z'`,
    );
    expect(moved).toEqual([{ part: 'position_history_20010101' }]);
  });
});

describe.each(testEngines())('position ingest under overload on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;

  beforeAll(async () => {
    process.env.POSITIONS_MAX_QUEUED = '5';
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    delete process.env.POSITIONS_MAX_QUEUED;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('answers 503 with Retry-After and stores nothing when the queue cannot take the batch', async () => {
    const w = await phoneWorker(t.db, GRID_A, 'WGO1');
    const t0 = Date.now() - 60_000;
    const six = [0, 1, 2, 3, 4, 5].map((s) => at(t0, s, s));
    const r = await post(srv.url, '/api/positions', { points: six }, w.headers);
    expect(r.status).toBe(503);
    expect(r.retryAfter).toBe('1');
    expect(r.body.error.code).toBe('overloaded');
    const { rows } = await t.db.query(`SELECT 1 FROM position_history`);
    expect(rows).toHaveLength(0);
    // Not remembered either: the same points go through once they fit.
    const ok = await post(srv.url, '/api/positions', { points: six.slice(0, 5) }, w.headers);
    expect(ok.body).toEqual({ accepted: 5, dropped: [] });
  });
});
