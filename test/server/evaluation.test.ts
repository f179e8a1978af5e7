import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contracts/events.ts';
import { CASE_PATHS, type CaseDetail } from '../../contracts/cases.ts';
import {
  EVALUATION_PATH,
  periodDates,
  type EvaluationAnswer,
  type EvaluationRow,
} from '../../contracts/evaluation.ts';
import { ManualClock } from '../../server/src/cases/clock.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { post } from './positionsHelpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
type Json = any;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2 November 2026, 09:00 in Tianjin (UTC+8)
const START = Date.parse('2026-11-02T09:00:00+08:00');
const PA: [number, number] = [117.125, 39.17];
const PB: [number, number] = [117.18, 39.19];

/**
 * Five cases walked through the real workflow, counted by hand (README "Evaluation"):
 *   A1 (grid A, grid worker)  registered, dispatched to 城管局, handled, verified, closed: all on time
 *   A2 (grid A, grid worker)  dispatched to 城管局; handling runs over; rejected once, then closed
 *   A3 (grid A, grid worker)  dismissed
 *   A4 (grid A, hotline)      dispatched to 水务局; still waiting, past its limit
 *   B1 (grid B, grid worker)  dispatched to 水务局, extension granted, closed on time
 */
describe.each(testEngines())('evaluation (考核) on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const clock = new ManualClock(START);
  const h: Record<string, Record<string, string>> = {};
  const ids: Record<string, number> = {};
  const get = async (path: string, who: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(srv.url + path, { headers: h[who] });
    return { status: res.status, body: await res.json() };
  };
  const rank = async (q: Record<string, string>, who = 'analyst') => {
    const r = await get(`${EVALUATION_PATH}?${new URLSearchParams({ period: '2026-11', ...q })}`, who);
    expect(r.status).toBe(200);
    return r.body as EvaluationAnswer;
  };
  const act = async (who: string, c: CaseDetail, action: string, extra: Record<string, unknown> = {}) => {
    const r = await post(
      srv.url,
      CASE_PATHS.actions(c.id),
      { action, version: c.version, ...extra },
      h[who]!,
    );
    expect([action, r.status, r.body?.error]).toEqual([action, 200, undefined]);
    return r.body as CaseDetail;
  };
  const report = async (who: string, point: [number, number], source = 'grid_worker') => {
    const body = {
      category: { major: 'city', minor: 'broken_lamp' },
      description: `测试 ${who} ${source} ${point}`,
      point,
      source,
    };
    const r = await post(srv.url, CASE_PATHS.list, body, h[who]!);
    expect(r.status).toBe(201);
    return r.body as CaseDetail;
  };
  const byCode = (a: EvaluationAnswer) => Object.fromEntries(a.rows.map((r) => [r.code, r]));
  const value = (row: EvaluationRow, code: string) => row.indicators.find((i) => i.code === code)!;

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      clock,
      cases: { tickMs: 3_600_000 },
    });
    for (const [name, role, j] of [
      ['gwA', 'grid_worker', GRID_A],
      ['gwB', 'grid_worker', GRID_B],
      ['op', 'operator', '120106'],
      ['hd', 'handler', '120106'],
      ['analyst', 'analyst', '120106'],
      ['opA', 'operator', STREET_A],
      ['admin', 'admin', '120106'],
    ] as const)
      h[name] = (await loginAs(t.db, srv.url, role, j, `${name.toLowerCase()}.eval`)).headers;

    let a1 = await report('gwA', PA);
    let a2 = await report('gwA', PA);
    const a3 = await report('gwA', PA);
    const a4 = await report('op', PA, 'hotline');
    let b1 = await report('gwB', PB);
    Object.assign(ids, { a1: a1.id, a2: a2.id, a3: a3.id, a4: a4.id, b1: b1.id });
    for (const c of [a1, a2, a4, b1]) Object.assign(c, await act('op', c, 'register'));
    await act('op', a3, 'dismiss', { note: '重复上报' });
    a1 = await act('op', a1, 'dispatch', { department: '城管局' });
    a2 = await act('op', a2, 'dispatch', { department: '城管局' });
    await act('op', a4, 'dispatch', { department: '水务局' });
    b1 = await act('op', b1, 'dispatch', { department: '水务局' });
    a1 = await act('hd', a1, 'accept');
    a1 = await act('hd', a1, 'feedback', { note: '已修复' });
    a1 = await act('gwA', a1, 'verify_pass');
    a1 = await act('op', a1, 'close');
    await act('op', a1, 'evaluate', { satisfaction: 5 });
    b1 = await act('hd', b1, 'accept');
    b1 = await act('hd', b1, 'request_extension', { note: '需要备料', extraMinutes: 120 });
    b1 = await act('op', b1, 'approve_request');
    b1 = await act('hd', b1, 'feedback', { note: '已修复' });
    b1 = await act('gwB', b1, 'verify_pass');
    b1 = await act('op', b1, 'close');
    await act('op', b1, 'evaluate', { satisfaction: 4 });
    a2 = await act('hd', a2, 'accept');
    // six days on: A2's handling and A4's dispatch run over (the scheduler writes 'overdue')
    await clock.advance(6 * DAY);
    a2 = (await get(CASE_PATHS.one(a2.id), 'op')).body;
    a2 = await act('hd', a2, 'feedback', { note: '已修复' });
    a2 = await act('gwA', a2, 'verify_reject', { note: '仍不亮' });
    a2 = await act('hd', a2, 'feedback', { note: '再次修复' });
    a2 = await act('gwA', a2, 'verify_pass');
    a2 = await act('op', a2, 'close');
    await act('op', a2, 'evaluate', { satisfaction: 3 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('scores streets by the formulas, from the cases counted by hand', async () => {
    const a = await rank({ subject: 'region', level: 'street' });
    expect(a).toMatchObject({ period: '2026-11', from: '2026-11-01', to: '2026-12-01', subject: 'region' });
    expect(a.rows.map((r) => [r.code, r.rank, r.grade])).toEqual([
      [STREET_B, 1, 'A'],
      [STREET_A, 2, 'C'],
    ]);
    const A = byCode(a)[STREET_A]!;
    expect(A.cases).toBe(4);
    const expected: Record<string, [number, number | null, number]> = {
      registration_rate: [3, 4, 75],
      closing_rate: [2, 3, 200 / 3],
      closing_on_time_rate: [1, 3, 100 / 3],
      handling_rate: [2, 3, 200 / 3],
      handling_on_time_rate: [1, 3, 100 / 3],
      rework_rate: [1, 2, 50],
      extension_rate: [0, 3, 100],
      overdue_open: [1, null, 90],
      missed_rate: [1, 4, 75],
      public_report_rate: [1, 4, 75],
      checked_on_time_rate: [3, 3, 100],
      verified_on_time_rate: [2, 2, 100],
    };
    for (const [code, [num, den, score]] of Object.entries(expected)) {
      const v = value(A, code);
      expect([code, v.numerator, v.denominator], code).toEqual([code, num, den]);
      expect(v.score, code).toBeCloseTo(score, 6);
    }
    // (10·75 + 15·66.67 + 15·33.33 + 10·66.67 + 15·33.33 + 10·50 + 5·100 + 5·90 + 5·75 + 5·75 + 5·100 + 5·100) / 105
    expect(A.score).toBeCloseTo(6616.6667 / 105, 3);
    const B = byCode(a)[STREET_B]!;
    expect(value(B, 'extension_rate')).toMatchObject({ numerator: 1, denominator: 1, score: 0 });
    expect(B.score).toBeCloseTo(10_000 / 105, 6);
    // a card per overrun: A2 (城管局, handling) and A4 (水务局, dispatched), both in street A
    expect(A.cards).toEqual({ yellow: 2, red: 0 });
    expect(A.bbox).toEqual([117.1, 39.14, 117.15, 39.2]);
  });

  it('scores departments and grid workers by their own indicators', async () => {
    const d = byCode(await rank({ subject: 'department' }));
    expect(d['城管局']!.score).toBeCloseTo(5500 / 75, 6);
    expect(d['城管局']!.grade).toBe('C');
    expect(d['水务局']!.score).toBeCloseTo(4450 / 75, 6);
    expect(d['水务局']!.grade).toBe('D');
    expect(d['城管局']!.indicators.map((i) => i.code)).not.toContain('missed_rate');
    // the grid worker of cell A (陈静, W001) answers for its four cases, the hotline call it missed included
    const w = await rank({ subject: 'worker' });
    const gwA = w.rows.find((r) => r.name === '陈静（W001）')!;
    expect(gwA).toMatchObject({ cases: 4, grade: 'B', cards: { yellow: 2, red: 0 } });
    expect(gwA.indicators.map((i) => i.code)).toEqual([
      'registration_rate',
      'missed_rate',
      'public_report_rate',
      'valid_report_rate',
      'checked_on_time_rate',
      'verified_on_time_rate',
    ]);
    // (10·75 + 5·75 + 5·75 + 5·66.67 + 5·100 + 5·100) / 35
    expect(gwA.score).toBeCloseTo(2833.3333 / 35, 3);
    expect(value(gwA, 'valid_report_rate')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('scores the posts: the dispatcher who dispatched a case and the handler who took it', async () => {
    // op.eval dispatched A1, A2, A4, B1: registered on time 4/4, closed 3/4, closed on time 2/4
    const d = (await rank({ subject: 'dispatcher' })).rows.find((r) => r.name === 'op.eval')!;
    expect(d.indicators.map((i) => [i.code, i.numerator, i.denominator])).toEqual([
      ['closing_rate', 3, 4],
      ['closing_on_time_rate', 2, 4],
      ['checked_on_time_rate', 4, 4],
    ]);
    expect(d.score).toBeCloseTo((15 * 75 + 15 * 50 + 5 * 100) / 35, 6);
    expect(d.grade).toBe('C');
    // hd.eval took A1, A2, B1 (A4 is still waiting): handled 3/3, on time 2/3, reworked 1/3, extended 1/3
    const h = (await rank({ subject: 'handler' })).rows.find((r) => r.name === 'hd.eval')!;
    expect(h.cases).toBe(3);
    expect(h.indicators.map((i) => [i.code, i.numerator, i.denominator])).toEqual([
      ['handling_rate', 3, 3],
      ['handling_on_time_rate', 2, 3],
      ['rework_rate', 1, 3],
      ['extension_rate', 1, 3],
      ['overdue_open', 0, null],
    ]);
    expect(h.score).toBeCloseTo(
      (10 * 100 + 15 * (200 / 3) + 10 * (200 / 3) + 5 * (200 / 3) + 5 * 100) / 45,
      6,
    );
    expect(h.grade).toBe('B');
  });

  it('lists the cases behind a figure: counted, out of, and the difference', async () => {
    const q = (part: string) =>
      get(
        `${EVALUATION_PATH}/cases?${new URLSearchParams({ period: '2026-11', subject: 'region', level: 'street', code: STREET_A, indicator: 'closing_on_time_rate', part })}`,
        'analyst',
      );
    const idsOf = async (part: string) =>
      ((await q(part)).body.cases as { id: number }[]).map((c) => c.id).sort();
    expect(await idsOf('numerator')).toEqual([ids.a1]);
    expect(await idsOf('denominator')).toEqual([ids.a1, ids.a2, ids.a4].sort());
    expect(await idsOf('missing')).toEqual([ids.a2, ids.a4].sort());
  });

  it('keeps to the jurisdiction; a month with no cases has nothing to score', async () => {
    const own = await rank({ subject: 'region', level: 'grid' }, 'opA');
    expect(own.rows.map((r) => r.code)).toEqual([GRID_A]);
    expect((await get(`${EVALUATION_PATH}?period=2026-11&region=${STREET_B}`, 'opA')).status).toBe(404);
    const dept = await rank({ subject: 'department' }, 'opA');
    expect(dept.rows.find((r) => r.code === '水务局')!.cases).toBe(1); // A4 only: B1 is not street A's
    const empty = await rank({ period: '2026-10', subject: 'region', level: 'street' });
    expect(empty.rows.map((r) => [r.score, r.grade, r.cases])).toEqual([
      [null, null, 0],
      [null, null, 0],
    ]);
    const quarter = await rank({ period: '2026-Q4', subject: 'region', level: 'street' });
    expect(quarter.rows.map((r) => r.score)).toEqual(
      (await rank({ subject: 'region' })).rows.map((r) => r.score),
    );
    expect(periodDates('2026-Q4')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
  });

  it('answers bad questions with 400 naming the field', async () => {
    for (const [query, field] of [
      ['period=2026-13', 'period'],
      ['period=last', 'period'],
      ['', 'period'],
      ['period=2026-11&subject=team', 'subject'],
      ['period=2026-11&level=city', 'level'],
      ['period=2026-12-31..2026-01-01', 'period'],
    ]) {
      const r = await get(`${EVALUATION_PATH}?${query}`, 'analyst');
      expect([query, r.status, r.body.error?.field]).toEqual([query, 400, field]);
    }
    const r = await get(`${EVALUATION_PATH}/cases?period=2026-11&code=${STREET_A}&indicator=nope`, 'analyst');
    expect(r.status).toBe(404);
  });

  it('an administrator changes an indicator’s weight; the scores follow; bad sets are refused whole', async () => {
    const before = (await get(`${EVALUATION_PATH}/indicators`, 'admin')).body.indicators as Json[];
    expect(before).toHaveLength(13);
    expect(before.find((i) => i.code === 'rework_rate').subjects).toEqual([
      'region',
      'department',
      'handler',
    ]);
    const put = (body: unknown, who = 'admin') =>
      fetch(`${srv.url}${EVALUATION_PATH}/indicators`, {
        method: 'PUT',
        headers: { ...h[who], 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ indicators: before }, 'analyst')).status).toBe(403);
    const bad = await put({
      indicators: [...before, { ...before[0], code: 'x_rate', numerator: 'invented' }],
    });
    expect(bad.status).toBe(400);
    // only 按期结案率 counts: street A scores 33.3
    const only = before.map((i) => ({ ...i, weight: i.code === 'closing_on_time_rate' ? 10 : 0 }));
    expect((await put({ indicators: only })).status).toBe(200);
    const A = byCode(await rank({ subject: 'region' }))[STREET_A]!;
    expect(A.score).toBeCloseTo(100 / 3, 6);
    expect(A.grade).toBe('D');
    expect((await put({ indicators: before })).status).toBe(200);
    expect(byCode(await rank({ subject: 'region' }))[STREET_A]!.score).toBeCloseTo(6616.6667 / 105, 3);
    const audits = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'evaluation.indicators'`);
    expect(audits.rows).toHaveLength(2);
  });

  it('issues cards as stages run over and rejections pile up; supervised and revoked from the card, audited', async () => {
    const cards = (await get(`${EVALUATION_PATH}/cards`, 'analyst')).body.cards as Json[];
    expect(cards.map((c) => [c.caseId, c.color, c.rule, c.subject, c.stage]).sort()).toEqual(
      [
        [ids.a2, 'yellow', 'first_overdue', '城管局', 'handling'],
        [ids.a4, 'yellow', 'first_overdue', '水务局', 'dispatched'],
      ].sort(),
    );
    // a third rejection is a red card (written by the database with the history entry), pushed
    // live to screens of its region (a real socket of street B's operator), not to street A's
    const socket = (who: string) =>
      new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(srv.url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: h[who],
        });
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      });
    h.opB = (await loginAs(t.db, srv.url, 'operator', STREET_B, 'opb.eval')).headers;
    const [sB, sA] = [await socket('opB'), await socket('opA')];
    const pushedB: Json[] = [];
    const pushedA: Json[] = [];
    sB.on('card:issued', (p) => pushedB.push(p.card));
    sA.on('card:issued', (p) => pushedA.push(p.card));
    let c: CaseDetail = await report('gwB', PB);
    c = await act('op', c, 'register');
    c = await act('op', c, 'dispatch', { department: '城管局' });
    c = await act('hd', c, 'accept');
    for (let i = 0; i < 3; i++) {
      c = await act('hd', c, 'feedback', { note: `第${i + 1}次` });
      c = await act('gwB', c, 'verify_reject', { note: '不合格' });
    }
    const red = ((await get(`${EVALUATION_PATH}/cards`, 'analyst')).body.cards as Json[]).find(
      (k) => k.color === 'red',
    )!;
    expect(red).toMatchObject({
      caseId: c.id,
      rule: 'third_rejection',
      subjectKind: 'department',
      subject: '城管局',
    });
    await expect.poll(() => pushedB.map((k) => k.id)).toEqual([red.id]);
    expect(pushedB[0]).toMatchObject({ color: 'red', caseNumber: c.number });
    await new Promise((r) => setTimeout(r, 200));
    expect(pushedA).toEqual([]);
    sA.disconnect();
    sB.disconnect();
    // 督办 from the card: the case is supervised through its workflow
    const post1 = (path: string, who: string, body: unknown = {}) => post(srv.url, path, body, h[who]!);
    expect((await post1(`${EVALUATION_PATH}/cards/${red.id}/supervise`, 'analyst')).status).toBe(403);
    const sup = await post1(`${EVALUATION_PATH}/cards/${red.id}/supervise`, 'op');
    expect(sup.status).toBe(200);
    expect(sup.body.supervisedAt).not.toBeNull();
    expect((await get(CASE_PATHS.one(c.id), 'op')).body.supervised).toBe(true);
    // revoked with a reason, by an administrator; the street's count drops
    expect((await post1(`${EVALUATION_PATH}/cards/${red.id}/revoke`, 'admin', { reason: '' })).status).toBe(
      400,
    );
    expect((await post1(`${EVALUATION_PATH}/cards/${red.id}/revoke`, 'op', { reason: '误判' })).status).toBe(
      403,
    );
    const rv = await post1(`${EVALUATION_PATH}/cards/${red.id}/revoke`, 'admin', {
      reason: '系统故障导致误判',
    });
    expect(rv.body).toMatchObject({ revokeReason: '系统故障导致误判' });
    expect(
      (await post1(`${EVALUATION_PATH}/cards/${red.id}/revoke`, 'admin', { reason: '再次' })).status,
    ).toBe(409);
    const open = (await get(`${EVALUATION_PATH}/cards?open=true`, 'analyst')).body.cards as Json[];
    expect(open.map((k) => k.id)).not.toContain(red.id);
    const audits = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'evaluation.card%' ORDER BY id`,
    );
    expect(audits.rows.map((r) => r.action)).toEqual(['evaluation.card_supervise', 'evaluation.card_revoke']);
    // outside the jurisdiction a card is not found
    expect((await post1(`${EVALUATION_PATH}/cards/${red.id}/supervise`, 'opA')).status).toBe(404);
  });

  it('exports the ranking with the same numbers; a closed month stays as it was when other months change', async () => {
    const api = await rank({ subject: 'region', level: 'street' });
    const res = await fetch(
      `${srv.url}${EVALUATION_PATH}/export?period=2026-11&subject=region&level=street`,
      {
        headers: h.analyst,
      },
    );
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['排名', '编码', '名称', '总分', '等级']);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5))).toEqual(
      api.rows.map((r) => [String(r.rank), r.code, r.name, String(Number(r.score!.toFixed(4))), r.grade]),
    );
    expect(
      (await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'evaluation.export'`)).rows,
    ).toHaveLength(1);

    // a case reported in October (the clock set back, then forward again): November is unchanged
    const now = clock.now();
    await clock.set(Date.parse('2026-10-20T10:00:00+08:00'));
    const oct = await report('gwA', PA);
    await clock.set(now);
    expect(await rank({ subject: 'region', level: 'street' })).toEqual(api);
    const october = byCode(await rank({ period: '2026-10', subject: 'region', level: 'street' }));
    expect(october[STREET_A]!.cases).toBe(1);
    expect(oct.id).toBeGreaterThan(0);
    // what the triggers kept equals what the cases and their whole history say now
    const { rows } = await t.db.query<{ cases: number; facts: number; wrong: number }>(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM eval_case_facts)::int AS facts,
              (SELECT count(*) FROM eval_case_facts x JOIN cases c ON c.id = x.case_id
               JOIN (SELECT case_id, bit_or(eval_history_bits(action, from_state, data)) AS b
                     FROM case_history GROUP BY case_id) h ON h.case_id = c.id
               WHERE x.bits <> h.b OR x.grid_code <> c.grid_code OR x.department IS DISTINCT FROM c.department
                  OR x.created_at <> c.created_at
                  OR x.overdue_open <> (NOT c.terminal AND c.overdue_at IS NOT NULL))::int AS wrong`,
    );
    expect(rows[0]).toEqual({ cases: rows[0]!.facts, facts: rows[0]!.cases, wrong: 0 });
    expect(rows[0]!.cases).toBe(7);
  });

  it('when a month ends, streets and departments that scored under 75 (60) get a yellow (red) card', async () => {
    await clock.set(Date.parse('2026-11-30T23:00:00+08:00')); // the overdue scheduler catches up first
    const expected = (v: Record<string, string>, kind: string) =>
      rank(v).then((a) =>
        a.rows
          .filter((r) => r.score !== null && r.score < 75)
          .map((r) => [
            kind,
            r.code,
            r.score! < 60 ? 'red' : 'yellow',
            r.score! < 60 ? 'month_below_60' : 'month_below_75',
          ]),
      );
    const want = [
      ...(await expected({ subject: 'region', level: 'street' }, 'region')),
      ...(await expected({ subject: 'department' }, 'department')),
    ];
    expect(want.length).toBeGreaterThan(0);
    const before = await get(`${EVALUATION_PATH}/cards?limit=1000`, 'analyst');
    expect(before.body.cards.filter((k: Json) => k.period !== null)).toEqual([]);
    await clock.set(Date.parse('2026-12-01T01:00:00+08:00'));
    const cards = ((await get(`${EVALUATION_PATH}/cards?limit=1000`, 'analyst')).body.cards as Json[]).filter(
      (k) => k.period === '2026-11',
    );
    expect(cards.map((k) => [k.subjectKind, k.subject, k.color, k.rule]).sort()).toEqual(want.sort());
    expect(cards.every((k) => k.caseId === null && k.point === null)).toBe(true);
    // once: another jump does not issue them again; they count in the month's ranking
    await clock.advance(60_000);
    const again = ((await get(`${EVALUATION_PATH}/cards?limit=1000`, 'analyst')).body.cards as Json[]).filter(
      (k) => k.period === '2026-11',
    );
    expect(again).toHaveLength(cards.length);
    const streets = byCode(await rank({ subject: 'region', level: 'street' }));
    for (const k of cards.filter((c) => c.subjectKind === 'region'))
      expect(streets[k.subject]!.cards[k.color as 'red' | 'yellow']).toBeGreaterThan(0);
    // supervised as it stands (no case to act on)
    const sup = await post(srv.url, `${EVALUATION_PATH}/cards/${cards[0].id}/supervise`, {}, h.op!);
    expect(sup.status).toBe(200);
    expect(sup.body.supervisedAt).not.toBeNull();
  });
});
