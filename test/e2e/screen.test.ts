import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

  it('lays out for a 4K wall', async () => {
    await openScreen(3840, 2160);
    // A 4K frame in software WebGL on 2 cores takes a while: wait for it rather than fail.
    await e2e.shoot(page, 'overview-3840x2160', 120_000);
    expect(await page.getByTestId('topbar').isVisible()).toBe(true);
    await context.close();
  }, 240_000);
});
