import { cellToParent, latLngToCell, polygonToCells } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PATHS, type CaseListItem } from '../../contracts/cases.ts';
import { HEAT_PATH, type HeatAnswer } from '../../contracts/heat.ts';
import { ManualClock } from '../../server/src/cases/clock.ts';
import { h3Decimal } from '../../server/src/heat/h3.ts';
import { rebuildHeat } from '../../server/src/heat/heat.rebuild.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { phoneWorker, post } from './positionsHelpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
type Json = any;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2026-11-23 00:00 in Tianjin (UTC+8): the rollups' local days start here.
const MONDAY = Date.parse('2026-11-23T00:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();

/** Four places: two close together in grid A (one hexagon at resolution 9), one far in A, one in B. */
const P1: [number, number] = [117.125, 39.17];
const P2: [number, number] = [117.1252, 39.1701];
const P3: [number, number] = [117.105, 39.145];
const PB: [number, number] = [117.18, 39.19];
/** The hexagon a point counts in at resolution r: its resolution-10 cell's parent (H3 is not nested exactly). */
const cell = (p: [number, number], r: number) => cellToParent(latLngToCell(p[1], p[0], 10), r);

describe.each(testEngines())('heat zones on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const clock = new ManualClock(MONDAY + 9 * HOUR);
  const h: Record<string, Record<string, string>> = {};
  const call = async (path: string, who: string): Promise<{ status: number; body: Json }> => {
    const res = await fetch(srv.url + path, { headers: h[who] });
    return { status: res.status, body: await res.json() };
  };
  const heat = (who: string, q: Record<string, string | number>) =>
    call(`${HEAT_PATH}?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`, who);
  const report = async (
    point: [number, number],
    major = 'city',
    minor = 'broken_lamp',
    source = 'grid_worker',
  ) => {
    const who = point === PB ? 'gwB' : 'op';
    const body = { category: { major, minor }, description: `测试 ${minor}`, point, source };
    const r = await post(srv.url, CASE_PATHS.list, body, h[who]!);
    expect(r.status).toBe(201);
    return r.body as { id: number; version: number };
  };
  const byId = (a: HeatAnswer) => Object.fromEntries(a.cells.map((c) => [c.id, c.n]));
  const week = { from: iso(MONDAY), to: iso(MONDAY + 7 * DAY) };

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
      ['op', 'operator', STREET_A],
      ['opB', 'operator', STREET_B],
      ['gwB', 'grid_worker', GRID_B],
      ['analyst', 'analyst', '120106'],
      ['handler', 'handler', '120106'],
    ] as const)
      h[name] = (await loginAs(t.db, srv.url, role, j)).headers;
    // Monday: two lamps and a dispute in one hexagon, a hotline call far off; Wednesday: one in B.
    await report(P1);
    await report(P2);
    await report(P2, 'dispute', 'neighbour');
    await clock.advance(5 * HOUR); // 14:00
    await report(P3, 'city', 'garbage', 'hotline');
    await clock.set(MONDAY + 2 * DAY + 10 * HOUR);
    await report(PB);
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('counts cases per hexagon at each size, per grid cell and per community, from the rollups', async () => {
    const r9 = await heat('analyst', { ...week, res: 9 });
    expect(r9.status).toBe(200);
    expect(r9.body).toMatchObject({ layer: 'cases', res: 9, total: 5, max: 3 });
    expect(byId(r9.body)).toEqual({ [cell(P1, 9)]: 3, [cell(P3, 9)]: 1, [cell(PB, 9)]: 1 });
    const r10 = await heat('analyst', { ...week, res: 10 });
    expect(r10.body.total).toBe(5);
    expect(r10.body.cells.every((c: { id: string }) => /^8a/.test(c.id))).toBe(true);
    const r7 = await heat('analyst', { ...week, res: 7 });
    expect(r7.body.cells.map((c: { id: string }) => c.id).sort()).toEqual(
      [...new Set([P1, P3, PB].map((p) => cell(p, 7)))].sort(),
    );
    expect(byId((await heat('analyst', { ...week, res: 'grid' })).body)).toEqual({
      [GRID_A]: 4,
      [GRID_B]: 1,
    });
    expect(byId((await heat('analyst', { ...week, res: 'community' })).body)).toEqual({
      '120106001001': 4,
      '120106002001': 1,
    });
  });

  it('answers windows that cut days (hour rows at the edges) the same as the raw cases', async () => {
    // Monday 10:00 → Wednesday 11:00: the 09:00 reports fall out, 14:00 and Wednesday's 10:00 stay in
    const q = { from: iso(MONDAY + 10 * HOUR), to: iso(MONDAY + 2 * DAY + 11 * HOUR), res: 'grid' };
    expect(byId((await heat('analyst', q)).body)).toEqual({ [GRID_A]: 1, [GRID_B]: 1 });
    // a window inside one hour rounds out to the whole hour
    const r = await heat('analyst', {
      from: iso(MONDAY + 9 * HOUR + 60_000),
      to: iso(MONDAY + 9 * HOUR + 120_000),
      res: 9,
    });
    expect(r.body).toMatchObject({ from: iso(MONDAY + 9 * HOUR), to: iso(MONDAY + 10 * HOUR), total: 3 });
    // a day later: the slider's step
    const tue = await heat('analyst', { from: iso(MONDAY + DAY), to: iso(MONDAY + 8 * DAY), res: 9 });
    expect(tue.body.total).toBe(1);
  });

  it('filters by category, source and the red light, and keeps to the jurisdiction', async () => {
    expect((await heat('analyst', { ...week, res: 'grid', major: 'dispute' })).body.total).toBe(1);
    expect((await heat('analyst', { ...week, res: 'grid', source: 'hotline,public' })).body.total).toBe(1);
    expect(byId((await heat('opB', { ...week, res: 9 })).body)).toEqual({ [cell(PB, 9)]: 1 });
    expect(byId((await heat('op', { ...week, res: 'grid' })).body)).toEqual({ [GRID_A]: 4 });
    // nobody registered Monday's reports: red since the clock passed their one-hour limit
    expect(byId((await heat('analyst', { ...week, res: 'grid', light: 'red' })).body)).toEqual({
      [GRID_A]: 4,
    });
    // Wednesday's case waits past its limit too: red, counted on the day it was reported
    await clock.advance(2 * HOUR);
    const red = await heat('analyst', { ...week, res: 'grid', light: 'red' });
    expect(byId(red.body)).toEqual({ [GRID_A]: 4, [GRID_B]: 1 });
    expect(red.body.cells.map((c: { red: number }) => c.red)).toEqual([4, 1]);
    // the 'red' of the plain answer says the same
    const all = await heat('analyst', { from: iso(MONDAY + 2 * DAY), to: week.to, res: 'grid' });
    expect(all.body.cells).toEqual([{ id: GRID_B, n: 1, red: 1 }]);
  });

  it("lists one hexagon's cases (the click on a column), masked like every case list", async () => {
    const q = new URLSearchParams({ h3: cell(P1, 9), ...week });
    const r = await call(`${CASE_PATHS.list}?${q}`, 'analyst');
    expect(r.status).toBe(200);
    expect(r.body.cases.map((c: CaseListItem) => c.category.minor).sort()).toEqual([
      'broken_lamp',
      'broken_lamp',
      'neighbour',
    ]);
    const red = await call(
      `${CASE_PATHS.list}?${new URLSearchParams({ h3: cell(PB, 8), ...week, overdue: 'true' })}`,
      'analyst',
    );
    expect(red.body.cases.map((c: CaseListItem) => c.gridCode)).toEqual([GRID_B]);
    expect((await call(`${CASE_PATHS.list}?h3=8b${'0'.repeat(13)}`, 'analyst')).status).toBe(400);
  });

  it('moves a transferred case to its new grid cell in the rollups', async () => {
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT id::int AS id FROM cases WHERE grid_code = $1 LIMIT 1`,
      [GRID_B],
    );
    await t.db.query(`UPDATE cases SET grid_code = $1 WHERE id = $2`, [GRID_A, rows[0]!.id]);
    expect(byId((await heat('analyst', { ...week, res: 'grid' })).body)).toEqual({ [GRID_A]: 5 });
    expect(byId((await heat('analyst', { ...week, res: 'grid', light: 'red' })).body)).toEqual({
      [GRID_A]: 5,
    });
    await t.db.query(`UPDATE cases SET grid_code = $1 WHERE id = $2`, [GRID_B, rows[0]!.id]);
  });

  it('counts grid-worker presence per hexagon and lists the hexagons of the cell nobody walked', async () => {
    const w = await phoneWorker(t.db, GRID_A, 'HEAT1');
    const now = Date.now();
    // a 10-minute walk east along 39.17 N, a fix every 10 s
    const points = Array.from({ length: 60 }, (_, i) => ({
      t: now - 600_000 + i * 10_000,
      lon: 117.12 + i * 0.00005,
      lat: 39.17,
    }));
    expect((await post(srv.url, '/api/positions', { points }, w.headers)).status).toBe(200);
    const q = { layer: 'presence', from: iso(now - DAY), to: iso(now + HOUR), res: 9 };
    const r = await heat('analyst', q);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(60);
    const walked = new Set(points.map((p) => cell([p.lon, p.lat], 9)));
    expect(new Set(r.body.cells.map((c: { id: string }) => c.id))).toEqual(walked);
    // the cover: both grid cells' hexagons (the analyst sees the district), less the walked ones
    const cover = new Set(
      [
        [117.1, 39.14, 117.15, 39.2],
        [117.15, 39.14, 117.2, 39.2],
      ].flatMap(([a, b, c, d]) =>
        polygonToCells(
          [
            [
              [a!, b!],
              [c!, b!],
              [c!, d!],
              [a!, d!],
              [a!, b!],
            ],
          ],
          9,
          true,
        ),
      ),
    );
    expect(r.body.unwalked.length).toBe(cover.size - walked.size);
    expect(r.body.unwalked.some((x: string) => walked.has(x))).toBe(false);
    // the worker of grid A walks in street A: street B's operator sees none of it
    expect((await heat('opB', q)).body.total).toBe(0);
    // handlers have no workers.read
    expect((await heat('handler', q)).status).toBe(403);
  });

  it('rebuilds to the same counts it maintained, and its parent arithmetic is H3', async () => {
    const snapshot = async () =>
      (
        await t.db.query(
          `SELECT 'ch' AS k, hour::text AS b, grid_code, h3::text, major, source, n, red FROM heat_case_hours
           UNION ALL SELECT 'cd', day::text, grid_code, h3::text, major, source, n, red FROM heat_case_days
           UNION ALL SELECT 'ph', hour::text, grid_code, h3::text, '', '', fixes, 0 FROM heat_presence_hours
           UNION ALL SELECT 'pd', day::text, grid_code, h3::text, '', '', fixes, 0 FROM heat_presence_days
           ORDER BY 1, 2, 3, 4, 5, 6`,
        )
      ).rows.filter((r) => Number(r.n) !== 0);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(8);
    await t.db.query(`UPDATE cases SET h3 = NULL WHERE grid_code = $1`, [GRID_B]);
    const report = await rebuildHeat(t.db);
    expect(report).toMatchObject({ casesCelled: 1, cases: 5, fixes: 60 });
    expect(await snapshot()).toEqual(before);
    const hexes = [P1, P3, PB].map((p) => cell(p, 10));
    for (const r of [7, 8, 9]) {
      const { rows } = await t.db.query<{ p: string }>(
        `SELECT lpad(to_hex(heat_parent(h::int8, $2)), 15, '0') AS p FROM unnest($1::text[]) AS u(h)`,
        [hexes.map(h3Decimal), r],
      );
      expect(rows.map((x) => x.p)).toEqual(hexes.map((x) => cellToParent(x, r)));
    }
  });

  it('refuses bad questions with 400 and the field', async () => {
    const bad: [Record<string, string | number>, string][] = [
      [{ to: week.to }, 'from'],
      [{ from: week.to, to: week.from }, 'to'],
      [{ from: iso(MONDAY - 500 * DAY), to: week.to }, 'to'],
      [{ ...week, res: 11 }, 'res'],
      [{ ...week, res: 'street' }, 'res'],
      [{ ...week, layer: 'people' }, 'layer'],
      [{ ...week, major: 'nonsense' }, 'major.0'],
      [{ ...week, layer: 'presence', major: 'city' }, 'layer'],
      [{ ...week, light: 'green' }, 'light'],
    ];
    for (const [q, field] of bad) {
      const r = await heat('analyst', q);
      expect(r.status, JSON.stringify(q)).toBe(400);
      expect(r.body.error.field, JSON.stringify(q)).toBe(field);
    }
    expect((await fetch(`${srv.url}${HEAT_PATH}?${new URLSearchParams(week)}`)).status).toBe(401);
  });
});
