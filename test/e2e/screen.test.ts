import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import type { OccupancyAnswer } from '../../contracts/occupancy.ts';
import { seedDemoMoves } from '../../server/src/occupancy/occupancy.sql.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import type { TestDb } from '../support/engines.ts';
import { chromiumAvailable } from './browser.ts';
import { CLIENT_DIST } from './bundle.ts';
import * as e2e from './screenHelpers.ts';

interface MapHooks {
  mode: '3d' | '2d';
  selectedBuildingId: number | null;
  highlightedFloor: { buildingId: number; floor: number; entrance: number; entrances: number } | null;
  cameraPosition(): [number, number, number] | null;
}
/** The map's state (functions stay in the page: only data crosses). */
const hooks = (page: Page) =>
  page.evaluate(() => {
    const m = (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap;
    return {
      mode: m.mode,
      selectedBuildingId: m.selectedBuildingId,
      highlightedFloor: m.highlightedFloor,
      camera: m.cameraPosition() ?? [0, 0, 0],
    };
  });

describe.skipIf(!chromiumAvailable())('command screen in Chromium (software WebGL)', () => {
  let t: TestDb;
  let srv: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let net: e2e.Screen['net'];

  beforeAll(async () => {
    t = await e2e.openDistrict(e2e.OPERATOR);
    await seedDemoMoves(t.db, 1); // a history of moves, as the demo has, for the occupancy trend
    srv = await startServer(t.db, { port: 0, clientDir: CLIENT_DIST });
    browser = await e2e.launchForShots();
  }, 300_000);
  afterAll(() => e2e.tearDown({ browser, srv, t }));

  async function openScreen(width: number, height: number) {
    ({ context, page, net } = await e2e.openScreenAs(browser, srv.url, {
      width,
      height,
      username: e2e.OPERATOR.username,
      stacks: true, // an error logged with an Error object: its stack too
    }));
    await e2e.mapReady(page, 120_000);
  }

  it('logs in, draws the district and makes no failed or external request', async () => {
    await openScreen(1920, 1080);
    await e2e.shoot(page, 'overview-1920x1080');
    expect(e2e.externalRequests(net, srv.url)).toEqual([]);
    expect(net.failed).toEqual([]);
    expect(net.requests.some((u) => u.includes('/cesium/Workers/') || u.includes('/cesium/Assets/'))).toBe(
      true,
    );
  }, 180_000);

  it('以房找人: a click on a building opens its panel with its houses and residents', async () => {
    // A tall residential building (its roof is not hidden behind another one) whose roof no panel covers.
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT b.id FROM buildings b WHERE EXISTS (SELECT 1 FROM houses h JOIN residents r ON r.house_id = h.id WHERE h.building_id = b.id)
       ORDER BY b.height_m DESC, b.id LIMIT 30`,
    );
    const id = await e2e.clickVisibleBuilding(
      page,
      rows.map((r) => r.id),
    );
    const panel = page.getByTestId('building-panel');
    await panel.waitFor();
    const houses = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM houses WHERE building_id = $1`,
      [id],
    );
    await expect
      .poll(() => page.getByTestId('house-cell').count(), { timeout: 20_000 })
      .toBe(houses.rows[0]!.n);
    // Open an occupied house: its residents are the database's, masked.
    const house = await t.db.query<{ id: number }>(
      `SELECT h.id FROM houses h JOIN residents r ON r.house_id = h.id WHERE h.building_id = $1
       GROUP BY h.id ORDER BY count(*) DESC, h.id LIMIT 1`,
      [id],
    );
    const hid = house.rows[0]!.id;
    const people = await t.db.query<{ name: string; id_number: string }>(
      `SELECT name, id_number FROM residents WHERE house_id = $1`,
      [hid],
    );
    await page.locator(`[data-testid="house-cell"][data-house-id="${hid}"]`).click();
    await expect
      .poll(() => page.getByTestId('resident-row').count(), { timeout: 20_000 })
      .toBe(people.rows.length);
    const text = await panel.innerText();
    for (const p of people.rows) {
      expect(text).toContain(p.name);
      expect(text).not.toContain(p.id_number); // masked
    }
    await e2e.shoot(page, 'building-panel-1920x1080');
  }, 180_000);

  it('以人找房: a person search flies to the building and highlights the floor and unit; 2D keeps the selection', async () => {
    // Someone on an upper floor of the 2nd entrance (单元) of a slab with several.
    const { rows } = await t.db.query<{
      name: string;
      building_id: number;
      floor: number;
      entrance: number;
      entrances: number;
      lon: number;
      lat: number;
    }>(
      `SELECT r.name, h.building_id, h.floor, h.entrance,
              (SELECT max(entrance) FROM houses WHERE building_id = h.building_id) AS entrances,
              ST_X(ST_PointOnSurface(b.footprint)) AS lon, ST_Y(ST_PointOnSurface(b.footprint)) AS lat
       FROM residents r JOIN houses h ON h.id = r.house_id JOIN buildings b ON b.id = h.building_id
       WHERE r.name IN (SELECT name FROM residents GROUP BY name HAVING count(*) = 1) AND h.floor > 3
         AND h.entrance = 2
       ORDER BY r.id LIMIT 1`,
    );
    const person = rows[0]!;
    await page.getByTestId('search-input').fill(person.name);
    await page.getByTestId('search-input').press('Enter');
    const hit = page.getByTestId('search-hit').filter({ hasText: person.name });
    await hit.first().click();
    await page.waitForFunction(
      ([bid, floor, entrance, entrances]) => {
        const m = (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap;
        return (
          m.selectedBuildingId === bid &&
          m.highlightedFloor?.buildingId === bid &&
          m.highlightedFloor.floor === floor &&
          m.highlightedFloor.entrance === entrance &&
          m.highlightedFloor.entrances === entrances
        );
      },
      [person.building_id, person.floor, person.entrance, person.entrances] as const,
    );
    // The camera flew there (wait for the flight to end).
    await expect
      .poll(
        async () =>
          e2e.distanceM((await hooks(page)).camera.slice(0, 2) as [number, number], [person.lon, person.lat]),
        {
          timeout: 20_000,
        },
      )
      .toBeLessThan(1000);
    await e2e.shoot(page, 'search-flyto-1920x1080');

    await page.getByTestId('mode-toggle').locator('button').first().click(); // 二维 (2D)
    await page.waitForFunction(
      () => (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap.mode === '2d',
    );
    const after = await hooks(page);
    expect(after.selectedBuildingId).toBe(person.building_id);
    await expect
      .poll(
        async () =>
          e2e.distanceM((await hooks(page)).camera.slice(0, 2) as [number, number], [person.lon, person.lat]),
        {
          timeout: 20_000,
        },
      )
      .toBeLessThan(1500);
    await expect(page.getByTestId('building-panel').isVisible()).resolves.toBe(true);
    await e2e.shoot(page, '2d-1920x1080');
    await context.close();
  }, 180_000);

  it('人口房屋分析: streets ranked by residents, a bar flies to its street, the table exported and drilled into', async () => {
    await openScreen(1920, 1080);
    await page.getByTestId('occ-toggle').click();
    const board = page.getByTestId('occ-board');
    await board.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () =>
        (window as unknown as { __gridcenterOccupancy?: { table: unknown } }).__gridcenterOccupancy?.table,
      null,
      { timeout: 30_000 },
    );
    const drawn = () =>
      page.evaluate(
        () =>
          (window as unknown as { __gridcenterOccupancy: { table: OccupancyAnswer } }).__gridcenterOccupancy
            .table,
      );
    const table = await drawn();
    expect(table.level).toBe('street');
    // the screen's total is the registry's, counted here independently
    const { rows } = await t.db.query<{ n: number; streets: number }>(
      `SELECT (SELECT count(*) FROM residents r JOIN houses h ON h.id = r.house_id JOIN buildings b ON b.id = h.building_id
               WHERE b.grid_code LIKE '120106%')::int AS n,
              (SELECT count(*) FROM regions WHERE level = 'street')::int AS streets`,
    );
    expect(table.total.residents).toBe(rows[0]!.n);
    expect(table.rows).toHaveLength(rows[0]!.streets);
    expect(table.rows.map((r) => r.residents)).toEqual(
      table.rows.map((r) => r.residents).sort((a, b) => b - a),
    );
    await expect
      .poll(() => board.getByTestId('occ-table').locator('tbody tr').count())
      .toBe(table.rows.length);
    for (const id of ['occ-ranking', 'occ-trend', 'occ-ages', 'occ-perhouse'])
      await expect.poll(() => board.getByTestId(id).locator('canvas').count()).toBe(1);
    await e2e.shoot(page, 'occupancy-1920x1080');

    // a click on the first bar (on the chart's canvas) flies to that street: the camera comes down
    // over it (a tilted view stands back from the centre by about the extent's size)
    const overview = (await hooks(page)).camera;
    const at = await page.evaluate(() =>
      (
        window as unknown as { __gridcenterOccupancy: { barPosition(i: number): [number, number] | null } }
      ).__gridcenterOccupancy.barPosition(0),
    );
    expect(at).not.toBeNull();
    await page.mouse.click(at![0], at![1]);
    const [x0, y0, x1, y1] = table.rows[0]!.bbox!;
    const size = e2e.distanceM([x0, y0], [x1, y1]);
    await expect
      .poll(
        async () => {
          const c = (await hooks(page)).camera;
          return (
            c[2] < overview[2] * 0.8 && e2e.distanceM([c[0], c[1]], [(x0 + x1) / 2, (y0 + y1) / 2]) < size
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);

    // the table as CSV: the same rows as on the screen, and an audit record
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      board.getByTestId('occ-export-units-csv').first().click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]!.split(',').slice(0, 6)).toEqual(['编码', '名称', '楼栋', '房屋', '实住户', '人口']);
    expect(csv.slice(1, -1).map((l) => l.split(',')[0])).toEqual(table.rows.map((r) => r.code));
    expect(csv.slice(1, -1).map((l) => Number(l.split(',')[5]))).toEqual(table.rows.map((r) => r.residents));
    const audit = await t.db.query(
      `SELECT 1 FROM audit_log WHERE action = 'occupancy.export' AND username = 'op'`,
    );
    expect(audit.rows).toHaveLength(1);

    // drill into the first street: its communities
    await board.locator('tbody tr').first().locator('.occ-drill').click();
    await expect.poll(async () => (await drawn()).level).toBe('community');
    const streetCode = table.rows[0]!.code;
    const communities = await t.db.query(`SELECT 1 FROM regions WHERE level = 'community' AND code LIKE $1`, [
      `${streetCode}%`,
    ]);
    await expect.poll(async () => (await drawn()).rows.length).toBe(communities.rows.length);
    expect(await board.getByTestId('occ-region').innerText()).toBe(table.rows[0]!.name);
    await e2e.shoot(page, 'occupancy-street-1920x1080');
    await context.close();
  }, 240_000);

  it('lays out for a 4K wall', async () => {
    await openScreen(3840, 2160);
    // A 4K frame in software WebGL on 2 cores takes a while: wait for it rather than fail.
    await e2e.shoot(page, 'overview-3840x2160', 120_000);
    expect(await page.getByTestId('topbar').isVisible()).toBe(true);
    await context.close();
  }, 240_000);
});
