import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { CASE_PATHS, type CaseDetail, type CaseEvent } from '../../contracts/cases.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts/events.ts';
import { ManualClock } from '../../server/src/cases/clock.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
type Json = any;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a tiny test jpeg body')]);
const T0 = Date.parse('2026-11-23T09:00:00+08:00'); // a Monday morning in Tianjin
const POINT_A: [number, number] = [117.125, 39.17];

describe.each(testEngines())('cases on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let photosDir: string;
  const clock = new ManualClock(T0);
  const h: Record<string, Record<string, string>> = {};
  let buildingA = 0;

  const call = async (
    method: string,
    path: string,
    who: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const res = await fetch(srv.url + path, {
      method,
      headers: { ...h[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  };
  const upload = async (who: string, bytes: Buffer, type = 'image/jpeg') => {
    const res = await fetch(srv.url + CASE_PATHS.photos, {
      method: 'POST',
      headers: { ...h[who], 'content-type': type },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const report = (who: string, extra: Record<string, unknown> = {}) =>
    call('POST', CASE_PATHS.list, who, {
      category: { major: 'city', minor: 'broken_lamp' },
      description: '光荣道路灯不亮',
      point: POINT_A,
      ...extra,
    });
  const act = (
    who: string,
    c: { id: number; version: number },
    action: string,
    extra: Record<string, unknown> = {},
  ) => call('POST', CASE_PATHS.actions(c.id), who, { action, version: c.version, ...extra });
  const screen = (who: string) =>
    new Promise<Client>((resolve, reject) => {
      const s: Client = connect(srv.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: h[who],
      });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });

  beforeAll(async () => {
    t = await engine.open();
    ({ buildingA } = await loadSmallDistrict(t.db));
    photosDir = mkdtempSync(join(tmpdir(), 'gc-photos-'));
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      clock,
      cases: { photosDir, tickMs: 3_600_000 },
    });
    for (const [name, role, j] of [
      ['op', 'operator', STREET_A],
      ['op2', 'operator', STREET_A],
      ['opB', 'operator', STREET_B],
      ['gw', 'grid_worker', GRID_A],
      ['hd', 'handler', '120106'],
      ['leader', 'leader', '120106'],
      ['admin', 'admin', STREET_A],
    ] as const)
      h[name] = (await loginAs(t.db, srv.url, role, j)).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
    if (photosDir) rmSync(photosDir, { recursive: true, force: true });
  });

  it('takes a phone report with a photo: numbered, placed in its grid cell, photo served only inside the jurisdiction', async () => {
    expect((await upload('gw', Buffer.from('GIF89a not allowed'), 'image/jpeg')).status).toBe(415);
    const photo = await upload('gw', JPEG);
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ type: 'image/jpeg', bytes: JPEG.length });
    const r = await report('gw', {
      photos: [photo.body.sha256],
      reporter: { name: '张三', phone: '13812345678' },
    });
    expect(r.status).toBe(201);
    const c: CaseDetail = r.body;
    expect(c.number).toMatch(/^12010620261123\d{5}$/);
    expect(c).toMatchObject({ gridCode: GRID_A, state: 'reported', light: 'green', version: 1 });
    expect(c.reporter).toEqual({ name: '张*', phone: '138****5678' });
    expect(c.history.map((e) => e.action)).toEqual(['report']);
    expect(c.photos.map((p) => p.sha256)).toEqual([photo.body.sha256]);
    expect((await call('GET', CASE_PATHS.photo(photo.body.sha256), 'leader')).status).toBe(200);
    expect((await call('GET', CASE_PATHS.photo(photo.body.sha256), 'opB')).status).toBe(404);
    expect((await call('GET', CASE_PATHS.one(c.id), 'opB')).status).toBe(404);
  });

  it('refuses points outside the jurisdiction or any grid, unknown photos and a duplicate (pointing to the original)', async () => {
    expect((await report('gw', { point: [117.17, 39.17] })).body.error).toMatchObject({
      code: 'outside_jurisdiction',
      field: 'point',
    });
    expect((await report('gw', { point: [116, 39] })).body.error).toMatchObject({ code: 'outside_grid' });
    expect((await report('gw', { photos: ['a'.repeat(64)] })).status).toBe(400);
    const photo = (await upload('gw', Buffer.concat([JPEG, Buffer.from('dup')]))).body.sha256;
    const first = await report('gw', { description: '井盖 缺失', photos: [photo] });
    expect(first.status).toBe(201);
    const again = await report('gw', {
      description: ' 井盖缺失 '.replace('缺', ' 缺'),
      photos: [photo],
      point: [117.1251, 39.1701],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: { code: 'duplicate' },
      original: { id: first.body.id, number: first.body.number },
    });
  });

  it('a report sent again with its Idempotency-Key answers the case it made (200), never a second one', async () => {
    const send = (who: string, key: string, description = '楼道堆放杂物影响通行') =>
      fetch(srv.url + CASE_PATHS.list, {
        method: 'POST',
        headers: { ...h[who], 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ category: { major: 'city', minor: 'garbage' }, description, point: POINT_A }),
      }).then(async (r) => ({
        status: r.status,
        replayed: r.headers.get('idempotent-replayed'),
        body: await r.json(),
      }));
    const first = await send('gw', 'phone-1:report-0001');
    expect(first.status).toBe(201);
    const again = await send('gw', 'phone-1:report-0001');
    expect(again).toMatchObject({
      status: 200,
      replayed: 'true',
      body: { id: first.body.id, number: first.body.number },
    });
    // three at once with one key: one case
    const burst = await Promise.all(
      [1, 2, 3].map(() => send('gw', 'phone-1:report-0002', '同一报告并发三次')),
    );
    expect(new Set(burst.map((b) => b.body.id)).size).toBe(1);
    expect(burst.map((b) => b.status).sort()).toEqual([200, 200, 201]);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE description = '同一报告并发三次'`,
    );
    expect(rows[0]!.n).toBe(1);
    // a key is the reporter's own: another reporter's same key is another report
    expect((await send('op', 'phone-1:report-0001')).status).toBe(201);
    const bad = await send('gw', 'bad key!');
    expect(bad).toMatchObject({ status: 400, body: { error: { field: 'idempotency-key' } } });
  });

  it('walks the closed loop; the 4th verification rejection re-registers and re-dispatches; allowedActions follow role and state', async () => {
    let c: CaseDetail = (await report('gw')).body;
    expect(c.allowedActions).toEqual([]); // the grid worker has nothing to do on a fresh report
    c = (await call('GET', CASE_PATHS.one(c.id), 'op')).body;
    expect(c.allowedActions).toEqual(expect.arrayContaining(['register', 'dismiss', 'supervise']));
    expect((await act('hd', c, 'register')).status).toBe(403);
    expect((await act('op', c, 'dispatch', { department: '市政设施' })).body.error.code).toBe(
      'invalid_state',
    );
    expect((await act('op', c, 'dispatch')).status).toBe(400); // dispatch needs a department
    c = (await act('op', c, 'register')).body;
    c = (await act('op', c, 'dispatch', { department: '市政设施' })).body;
    for (let round = 1; round <= 4; round++) {
      if (c.state === 'dispatched') c = (await act('hd', c, 'accept')).body;
      await clock.advance(3_600_000);
      c = (await act('hd', c, 'feedback', { note: '已更换灯泡' })).body;
      const before = Date.parse(c.stageStartedAt);
      c = (await act('gw', c, 'verify_reject', { note: '仍不亮' })).body;
      expect(Date.parse(c.stageStartedAt)).toBeGreaterThan(before - 1);
      if (round < 4) expect(c).toMatchObject({ state: 'handling', rejections: round });
    }
    expect(c).toMatchObject({ state: 'dispatched', rejections: 0, overdueCount: 1, department: '市政设施' });
    expect(c.history.slice(-2).map((e) => [e.action, e.actor.kind])).toEqual([
      ['verify_reject', 'user'],
      ['reregister', 'system'],
    ]);
    c = (await act('hd', c, 'accept')).body;
    c = (await act('hd', c, 'feedback', { note: 'ok' })).body;
    c = (await act('gw', c, 'verify_pass')).body;
    c = (await act('op', c, 'close')).body;
    c = (await act('op', c, 'evaluate', { satisfaction: 5 })).body;
    expect(c).toMatchObject({ state: 'evaluated', light: 'none', satisfaction: 5, allowedActions: [] });
    // history: every step kept, each starting where the previous ended
    for (let i = 1; i < c.history.length; i++)
      expect(c.history[i]!.fromState).toBe(c.history[i - 1]!.toState);
    await expect(t.db.query(`DELETE FROM cases WHERE id = $1`, [c.id])).rejects.toThrow(/never deleted/);
    await expect(t.db.query(`UPDATE case_history SET note = 'x' WHERE case_id = $1`, [c.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('requests need approval: extension moves the deadline, transfer hands the case to another street', async () => {
    let c: CaseDetail = (await report('gw', { description: '路面破损坑洼' })).body;
    c = (await act('op', c, 'register')).body;
    c = (await act('op', c, 'dispatch', { department: '市政设施' })).body;
    const deadline = Date.parse(c.deadline!);
    c = (await act('hd', c, 'request_extension', { note: '需要备料', extraMinutes: 120 })).body;
    expect(c.pendingRequest).toMatchObject({ kind: 'extension', extraMinutes: 120 });
    expect(
      (await act('hd', c, 'request_extension', { note: 'again', extraMinutes: 5 })).body.error.code,
    ).toBe('invalid_state');
    c = (await act('op', c, 'approve_request')).body;
    expect(Date.parse(c.deadline!) - deadline).toBe(120 * 60_000);
    c = (await act('op', c, 'request_transfer', { note: '属丁字沽', toGridCode: GRID_B })).body;
    c = (await act('op', c, 'approve_request')).body;
    expect(c).toMatchObject({ gridCode: GRID_B, state: 'registered' });
    expect((await call('GET', CASE_PATHS.one(c.id), 'op')).status).toBe(404);
    expect((await call('GET', CASE_PATHS.one(c.id), 'opB')).body.allowedActions).toContain('dispatch');
  });

  it('hotline intake places a case at a building; the list filters by light, category, source and region', async () => {
    const r = await call('POST', CASE_PATHS.intake, 'op', {
      category: { major: 'dispute', minor: 'neighbour' },
      description: '楼上噪音扰民，邻里纠纷',
      buildingId: buildingA,
      reporter: { phone: '13900001111' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      source: 'hotline',
      buildingId: buildingA,
      gridCode: GRID_A,
      address: '红桥区光荣道1号',
    });
    expect(
      (await call('GET', `${CASE_PATHS.places}?q=${encodeURIComponent('光荣里')}`, 'op')).body[0],
    ).toMatchObject({ buildingId: buildingA });
    const list = (q: string, who = 'leader') => call('GET', `${CASE_PATHS.list}?${q}`, who);
    expect((await list('major=dispute')).body.cases.map((x: Json) => x.id)).toEqual([r.body.id]);
    expect((await list('source=hotline&light=green')).body.cases.map((x: Json) => x.id)).toEqual([r.body.id]);
    expect((await list('major=dispute', 'opB')).body.cases).toEqual([]);
    expect((await list('light=purple')).status).toBe(400);
    const all = (await list('limit=1000')).body;
    expect(all.cases.every((x: Json) => !('reporter' in x) && !('description' in x))).toBe(true);
  });

  it('two dispatchers at once with real clients: one wins, the other gets 409 with the current case', async () => {
    let c: CaseDetail = (await report('gw', { description: '垃圾堆放未清运' })).body;
    c = (await act('op', c, 'register')).body;
    const [a, b] = await Promise.all([
      act('op', c, 'dispatch', { department: '市容环卫' }),
      act('op2', c, 'dispatch', { department: '城管执法' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.error.code).toBe('conflict');
    expect(loser.body.current).toMatchObject({
      state: 'dispatched',
      version: winner.body.version,
      department: winner.body.department,
    });
    expect(loser.body.current.history.filter((e: Json) => e.action === 'dispatch')).toHaveLength(1);
  });

  it('pushes case:created to screens of the jurisdiction and case:updated when the clock passes a limit', async () => {
    const district = await screen('leader');
    const other = await screen('opB');
    const got: [string, CaseEvent][] = [];
    const otherGot: CaseEvent[] = [];
    district.on('case:created', (e) => got.push(['created', e]));
    district.on('case:updated', (e) => got.push(['updated', e]));
    other.on('case:created', (e) => otherGot.push(e));
    try {
      const c: CaseDetail = (
        await report('gw', { description: '占道经营', reporter: { name: '李四', phone: '13800001234' } })
      ).body;
      await expect.poll(() => got.length).toBe(1);
      expect(got[0]![1].case).toMatchObject({ id: c.id, light: 'green' });
      expect(JSON.stringify(got[0])).not.toMatch(/13800001234|李四|李\*/);
      const red = () => call('GET', `${CASE_PATHS.list}?light=red&open=true`, 'leader');
      expect((await red()).body.cases.map((x: Json) => x.id)).not.toContain(c.id);
      await clock.advance(61 * 60_000); // past the 1 h registration limit; the scheduler ticks on the jump
      // the tick has committed when advance() resolves; the event is on its way over the socket
      await expect
        .poll(() => got.find(([k, e]) => k === 'updated' && e.case.id === c.id)?.[1])
        .toMatchObject({ change: 'overdue', case: { light: 'red' } });
      expect((await red()).body.cases.map((x: Json) => x.id)).toContain(c.id);
      const detail: CaseDetail = (await call('GET', CASE_PATHS.one(c.id), 'op')).body;
      expect(detail.history.at(-1)).toMatchObject({ action: 'overdue', actor: { kind: 'system' } });
      expect(otherGot).toEqual([]);
    } finally {
      district.disconnect();
      other.disconnect();
    }
  });

  it('answers and events are built from the write itself, yet equal what a later read returns', async () => {
    const district = await screen('leader');
    const events: CaseEvent[] = [];
    district.on('case:created', (e) => events.push(e));
    district.on('case:updated', (e) => events.push(e));
    const same = (a: Json, b: Json) => expect({ ...a, now: null }).toEqual({ ...b, now: null });
    try {
      const photo = (await upload('op', Buffer.concat([JPEG, Buffer.from('exit')]))).body.sha256;
      const created = await call('POST', CASE_PATHS.intake, 'op', {
        category: { major: 'fire', minor: 'blocked_exit' },
        description: '楼道堆物堵塞安全出口',
        buildingId: buildingA,
        photos: [photo],
        reporter: { name: '王五', phone: '13900002222' },
      });
      expect(created.status).toBe(201);
      same(created.body, (await call('GET', CASE_PATHS.one(created.body.id), 'op')).body);
      const registered: CaseDetail = (await act('op', created.body, 'register')).body;
      const second = (await upload('op', Buffer.concat([JPEG, Buffer.from('exit 2')]))).body.sha256;
      const dispatched = await act('op', registered, 'dispatch', {
        department: '消防救援站',
        note: '请尽快清理',
        photos: [second],
      });
      expect(dispatched.status).toBe(200);
      expect(dispatched.body.photos).toHaveLength(2);
      expect(dispatched.body.history.map((e: Json) => e.action)).toEqual(['report', 'register', 'dispatch']);
      same(dispatched.body, (await call('GET', CASE_PATHS.one(created.body.id), 'op')).body);
      const mine = () => events.filter((e) => e.case.id === created.body.id);
      await expect.poll(() => mine().length).toBe(3);
      expect(mine().map((e) => e.change)).toEqual(['report', 'register', 'dispatch']);
      const listed = (await call('GET', `${CASE_PATHS.list}?limit=10000`, 'leader')).body.cases;
      expect(mine().at(-1)!.case).toEqual(listed.find((x: Json) => x.id === created.body.id));
    } finally {
      district.disconnect();
    }
  });

  it('the workflow is data: an admin changes a stage limit for its jurisdiction, bad configs are 400', async () => {
    const wf = (await call('GET', CASE_PATHS.workflow, 'admin')).body;
    expect((await call('PUT', CASE_PATHS.workflow, 'op', wf)).status).toBe(403);
    const bad = {
      ...wf,
      transitions: [{ action: 'register', from: ['nowhere'], to: 'registered', roles: ['operator'] }],
    };
    expect((await call('PUT', CASE_PATHS.workflow, 'admin', bad)).status).toBe(400);
    wf.states.find((s: Json) => s.id === 'reported').limit.minutes = 10;
    expect((await call('PUT', CASE_PATHS.workflow, 'admin', wf)).status).toBe(200);
    const c: CaseDetail = (
      await report('gw', { description: '路边发生打架斗殴', category: { major: 'security', minor: 'fight' } })
    ).body;
    expect(Date.parse(c.deadline!) - Date.parse(c.createdAt)).toBe(10 * 60_000);
    const inB: CaseDetail = (
      await call('POST', CASE_PATHS.list, 'opB', {
        category: { major: 'security', minor: 'fight' },
        description: '路边发生打架斗殴',
        point: [117.17, 39.17],
      })
    ).body;
    expect(Date.parse(inB.deadline!) - Date.parse(inB.createdAt)).toBe(60 * 60_000);
  });

  it('after a workflow change, the overdue tick and a workflow action still answer (one connection on the embedded engine)', async () => {
    // Reported first: before the fix, a change emptied the workflow cache and the next reader, the
    // tick or an action inside its transaction, read through the pool and waited on itself.
    const c: CaseDetail = (await report('gw', { description: '小区门口垃圾满溢无人清运' })).body;
    const wf = (await call('GET', CASE_PATHS.workflow, 'admin')).body;
    expect((await call('PUT', CASE_PATHS.workflow, 'admin', wf)).status).toBe(200);
    await clock.advance(61 * 60_000); // resolves once the tick has committed
    const listed = (await call('GET', `${CASE_PATHS.list}?light=red&open=true`, 'leader')).body.cases;
    expect(listed.map((x: Json) => x.id)).toContain(c.id);
    expect((await call('PUT', CASE_PATHS.workflow, 'admin', wf)).status).toBe(200);
    const current: CaseDetail = (await call('GET', CASE_PATHS.one(c.id), 'op')).body;
    const registered = await act('op', current, 'register');
    expect(registered.status).toBe(200);
    expect(registered.body.state).toBe('registered');
  }, 20_000);
});
