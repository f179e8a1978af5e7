import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts/events.ts';
import {
  dutySummarySchema,
  trackAnswerSchema,
  workerCardSchema,
  workerListSchema,
  type WorkerDutyEvent,
} from '../../contracts/workers.ts';
import { insertHistory } from '../../server/src/positions/positions.sql.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { getJson } from '../support/http.ts';
import { phoneWorker, post } from './positionsHelpers.ts';

const M_PER_DEG_LON = 111_320 * Math.cos((39.17 * Math.PI) / 180);

describe.each(testEngines())('grid workers: duty, list, card and tracks on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let a: Awaited<ReturnType<typeof phoneWorker>>;
  let b: Awaited<ReturnType<typeof phoneWorker>>;
  let leader: Record<string, string>;

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    // The fixture's two workers have no phones; these tests count exactly their own two.
    await t.db.query(`DELETE FROM grid_workers WHERE employee_no IN ('W001', 'W002')`);
    a = await phoneWorker(t.db, GRID_A, 'WGA1');
    b = await phoneWorker(t.db, GRID_B, 'WGB1', '13900001111');
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    leader = (await loginAs(t.db, srv.url, 'leader', '120106')).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('clocks in and out (idempotent) and tells the screens of the worker’s region', async () => {
    const screen: Socket<ServerToClientEvents, ClientToServerEvents> = connect(srv.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: leader,
    });
    const events: WorkerDutyEvent[] = [];
    screen.on('workers:duty', (e) => events.push(e));
    await new Promise((r) => screen.once('connect', () => r(undefined)));
    const first = await post(srv.url, '/api/duty/clock-in', { lon: 117.12, lat: 39.17 }, a.headers);
    expect(first.body).toMatchObject({ workerId: a.workerId, onDuty: true, until: null });
    const again = await post(srv.url, '/api/duty/clock-in', {}, a.headers);
    expect(again.body.since).toBe(first.body.since);
    await post(srv.url, '/api/duty/clock-in', {}, b.headers);
    const out = await post(srv.url, '/api/duty/clock-out', {}, b.headers);
    expect(out.body).toMatchObject({ onDuty: false });
    expect(out.body.until).toBeGreaterThanOrEqual(out.body.since);
    expect((await getJson(srv.url, '/api/duty/me', a.headers)).body.onDuty).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    screen.disconnect();
    expect(events.map((e) => [e.workerId, e.onDuty])).toEqual([
      [a.workerId, true],
      [a.workerId, true],
      [b.workerId, true],
      [b.workerId, false],
    ]);
    expect((await post(srv.url, '/api/duty/clock-in', {}, leader)).status).toBe(403);
  });

  it('lists workers of the jurisdiction with masked phones, latest fix, own-cell and stillness', async () => {
    const now = Date.now();
    // Worker A stands 20 minutes inside its cell; worker B (off duty) is inside A's cell.
    const still = Array.from({ length: 21 }, (_, i) => ({
      t: now - (20 - i) * 60_000,
      lon: 117.12,
      lat: 39.17,
    }));
    await post(srv.url, '/api/positions', { points: still }, a.headers);
    await post(srv.url, '/api/positions', { points: [{ t: now, lon: 117.13, lat: 39.17 }] }, b.headers);
    const list = await getJson(srv.url, '/api/workers', leader);
    expect(list.status).toBe(200);
    const { workers } = workerListSchema.parse(list.body);
    const wa = workers.find((w) => w.id === a.workerId)!;
    expect(wa).toMatchObject({
      phone: '138****5678',
      onDuty: true,
      inOwnCell: true,
      still: true,
      gridCode: GRID_A,
    });
    expect(wa.stillSince).toBe(now - 20 * 60_000);
    expect(wa.latest).toMatchObject({ lon: 117.12, lat: 39.17 });
    const wb = workers.find((w) => w.id === b.workerId)!;
    expect(wb).toMatchObject({ onDuty: false, inOwnCell: false, still: false });
    // Jurisdiction in SQL: street B's operator sees only B; filters by region and duty.
    const opB = (await loginAs(t.db, srv.url, 'operator', STREET_B)).headers;
    expect(
      (await getJson(srv.url, '/api/workers', opB)).body.workers.map((w: { id: number }) => w.id),
    ).toEqual([b.workerId]);
    const onDuty = await getJson(srv.url, `/api/workers?onDuty=true&region=${STREET_A}`, leader);
    expect(onDuty.body.workers.map((w: { id: number }) => w.id)).toEqual([a.workerId]);
    expect((await getJson(srv.url, '/api/workers?stillMin=30', leader)).body.workers[0].still).toBe(false);
    expect((await getJson(srv.url, '/api/workers', b.headers)).status).toBe(403); // a phone sees no one
  });

  it('sums duty per cell and community: in own cell, outside, still, no fix', async () => {
    const r = await getJson(srv.url, '/api/workers/duty', leader);
    const s = dutySummarySchema.parse(r.body);
    expect(s.totals).toEqual({ workers: 2, onDuty: 1, inOwnCell: 1, outside: 0, noFix: 0, still: 1 });
    expect(s.cells.map((c) => [c.code, c.onDuty])).toEqual([
      [GRID_A, 1],
      [GRID_B, 0],
    ]);
    expect(s.communities.find((c) => c.code === GRID_A.slice(0, 12))).toMatchObject({
      name: '光荣里社区',
      still: 1,
    });
  });

  it('answers tracks of several workers on one range: path columns, stops, distance, cells; scoped', async () => {
    const from = Date.now() - 6 * 3600_000;
    // A walks 1.25 m/s east from cell A into cell B (boundary at lon 117.15), stays 5 min, walks back.
    const fixes = [];
    let s = 0;
    for (let x = -300; x < 300; x += 6.25, s += 5) fixes.push({ s, x });
    for (let k = 0; k < 60; k++, s += 5) fixes.push({ s, x: 300 + (k % 2 ? 2 : -2) });
    for (let x = 300; x > -300; x -= 6.25, s += 5) fixes.push({ s, x });
    await insertHistory(t.db, [
      {
        workerId: a.workerId,
        fixes: fixes.map((f) => ({
          t: from + 60_000 + f.s * 1000,
          lon: 117.15 + f.x / M_PER_DEG_LON,
          lat: 39.17,
          accuracyM: 5,
          speedMps: null,
          headingDeg: null,
          batteryPct: null,
        })),
      },
    ]);
    const q = `/api/workers/tracks?ids=${a.workerId},${b.workerId},999&from=${from}&to=${from + 3600_000}&resolutionM=2`;
    const r = await getJson(srv.url, q, leader);
    expect(r.status).toBe(200);
    const ans = trackAnswerSchema.parse(r.body);
    expect(ans.tracks.map((x) => x.workerId)).toEqual([a.workerId, b.workerId]);
    const ta = ans.tracks[0]!;
    expect(ta.points).toBe(fixes.length);
    expect(ta.path.t.length).toBeLessThan(12);
    expect(ta.path.lon).toHaveLength(ta.path.t.length);
    expect(ta.stops).toHaveLength(1);
    expect(ta.stops[0]).toMatchObject({ cellCode: GRID_B });
    expect(ta.stops[0]!.durationS).toBeGreaterThanOrEqual(280);
    expect(ta.distanceM).toBeGreaterThan(1100);
    expect(ta.distanceM).toBeLessThan(1210);
    expect(ta.cellsVisited.map((c) => c.code)).toEqual([GRID_A, GRID_B]);
    expect(ans.tracks[1]).toMatchObject({ points: 0, stops: [], path: { t: [] } });
    // Street B's operator cannot see worker A's track at all.
    const opB = (await loginAs(t.db, srv.url, 'operator', STREET_B)).headers;
    const scoped = await getJson(srv.url, q, opB);
    expect(scoped.body.tracks.map((x: { workerId: number }) => x.workerId)).toEqual([b.workerId]);
    const bad = await getJson(
      srv.url,
      `/api/workers/tracks?ids=${a.workerId}&from=${from}&to=${from - 1}`,
      leader,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('to');
  });

  it('shows a worker card with today’s summary; outside the jurisdiction it is not found', async () => {
    const r = await getJson(srv.url, `/api/workers/${a.workerId}`, leader);
    const card = workerCardSchema.parse(r.body);
    expect(card).toMatchObject({ name: '王网格', communityName: '光荣里社区', phone: '138****5678' });
    expect(card.today.points).toBeGreaterThan(0);
    const opB = (await loginAs(t.db, srv.url, 'operator', STREET_B)).headers;
    expect((await getJson(srv.url, `/api/workers/${a.workerId}`, opB)).status).toBe(404);
  });
});
