import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateDistrict } from '../../data/generator/generateDistrict.ts';
import { loadDistrict } from '../../data/generator/loadDistrict.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { TEST_PASSWORD } from '../support/auth.ts';
import { chromiumAvailable, launch, recordRequests } from './browser.ts';
import { CLIENT_DIST, ensureBundle, SHOTS } from './bundle.ts';

interface MapHooks {
  ready: boolean;
  mode: '3d' | '2d';
  selectedBuildingId: number | null;
  highlightedFloor: { buildingId: number; floor: number; entrance: number; entrances: number } | null;
  buildingScreenPosition(id: number): [number, number] | null;
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

/** Metres between two lon/lat points (equirectangular; fine at district scale). */
const distanceM = (a: [number, number], b: [number, number]) => {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
};

describe.skipIf(!chromiumAvailable())('command screen in Chromium (software WebGL)', () => {
  let t: TestDb;
  let srv: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let net: ReturnType<typeof recordRequests>;

  beforeAll(async () => {
    await ensureBundle();
    t = await testEngines()[0]!.open(); // the embedded engine, as `npm start` runs
    await loadDistrict(t.db, generateDistrict({ seed: 1, scale: 1 }));
    await createUser(t.db, {
      username: 'op',
      displayName: '值班员',
      role: 'operator',
      jurisdiction: '120106',
      password: TEST_PASSWORD,
    });
    srv = await startServer(t.db, { port: 0, clientDir: CLIENT_DIST });
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await t?.cleanup();
  });

  async function openScreen(width: number, height: number) {
    context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    page = await context.newPage();
    net = recordRequests(page);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      void Promise.all(
        m.args().map((a) => a.evaluate((v) => (v instanceof Error ? v.stack : String(v))).catch(() => '')),
      ).then((args) => console.log(`[browser error] ${m.text()} ${args.join(' ')}`.slice(0, 2000)));
    });
    page.on('pageerror', (e) => console.log(`[browser pageerror] ${e.message}`));
    await page.goto(srv.url);
    await page.getByTestId('login-username').fill('op');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForFunction(
      () => (window as unknown as { __gridcenterMap?: MapHooks }).__gridcenterMap?.ready === true,
      null,
      {
        timeout: 120_000,
      },
    );
  }

  it('logs in, draws the district and makes no failed or external request', async () => {
    await openScreen(1920, 1080);
    await page.screenshot({ path: `${SHOTS}/overview-1920x1080.png` });
    const origin = new URL(srv.url).origin;
    const external = net.requests.filter(
      (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(external).toEqual([]);
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
    const target = await page.evaluate(
      (ids) => {
        const m = (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap;
        for (const id of ids) {
          const p = m.buildingScreenPosition(id);
          if (p && document.elementFromPoint(p[0], p[1] + 3)?.tagName === 'CANVAS') return { id, pos: p };
        }
        return null;
      },
      rows.map((r) => r.id),
    );
    expect(target).not.toBeNull();
    const { id, pos } = target!;
    await page.mouse.click(pos![0], pos![1] + 3);
    await page.waitForFunction(
      (bid) =>
        (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap.selectedBuildingId === bid,
      id,
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
    await page.screenshot({ path: `${SHOTS}/building-panel-1920x1080.png` });
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
          distanceM((await hooks(page)).camera.slice(0, 2) as [number, number], [person.lon, person.lat]),
        {
          timeout: 20_000,
        },
      )
      .toBeLessThan(1000);
    await page.screenshot({ path: `${SHOTS}/search-flyto-1920x1080.png` });

    await page.getByTestId('mode-toggle').locator('button').first().click(); // 二维 (2D)
    await page.waitForFunction(
      () => (window as unknown as { __gridcenterMap: MapHooks }).__gridcenterMap.mode === '2d',
    );
    const after = await hooks(page);
    expect(after.selectedBuildingId).toBe(person.building_id);
    await expect
      .poll(
        async () =>
          distanceM((await hooks(page)).camera.slice(0, 2) as [number, number], [person.lon, person.lat]),
        {
          timeout: 20_000,
        },
      )
      .toBeLessThan(1500);
    await expect(page.getByTestId('building-panel').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${SHOTS}/2d-1920x1080.png` });
    await context.close();
  }, 180_000);

  it('lays out for a 4K wall', async () => {
    await openScreen(3840, 2160);
    // A 4K frame in software WebGL on 2 cores takes a while: wait for it rather than fail.
    await page.screenshot({ path: `${SHOTS}/overview-3840x2160.png`, timeout: 120_000 });
    expect(await page.getByTestId('topbar').isVisible()).toBe(true);
    await context.close();
  }, 240_000);
});
