import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFeatures } from '../../data/import/features.ts';
import { importBuildings } from '../../data/import/importBuildings.ts';
import { importRegions } from '../../data/import/importRegions.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { TEST_PASSWORD } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { sharedData } from '../support/sharedData.ts';
import { manhattanFeatures } from '../support/manhattan.ts';
import { chromiumAvailable, recordRequests } from './browser.ts';
import { CLIENT_DIST, ensureBundle } from './bundle.ts';
import * as e2e from './screenHelpers.ts';

const SHENZHEN = sharedData('cn-admin-boundaries/shenzhen_districts.geojson.gz');
/** A corner of the East Village: about a thousand OSM buildings. */
const BOX = [-73.99, 40.724, -73.98, 40.731] as const;
const DISTRICT = '990001';
const COMMUNITY = '990001001001';
/** A one-pixel PNG: the intranet tile server of the test. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const rect = ([x0, y0, x1, y1]: readonly number[]) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/**
 * A customer's first day, in Chromium: the server on an empty database without the demo, the
 * first administrator made on the first-run page of this machine, an empty screen that says what
 * to import; the Shenzhen districts and a Manhattan district imported as regions, Manhattan's
 * buildings in; a community divided into grid cells on the screen and committed; a district leader
 * who logs in, sees the buildings in 3D on the city's own extent and clicks one. Roads and labels
 * come from an intranet XYZ tile server (BASEMAP_URL), the only origin besides our own.
 */
describe.skipIf(!chromiumAvailable())('first start without the demo, in Chromium', () => {
  let t: TestDb;
  let srv: RunningServer;
  let tiles: Server;
  let tileHits = 0;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let net: ReturnType<typeof recordRequests>;

  beforeAll(async () => {
    await ensureBundle();
    t = await testEngines()[0]!.open();
    tiles = createServer((req, res) => {
      tileHits++;
      res.writeHead(/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '') ? 200 : 404, {
        'content-type': 'image/png',
        'access-control-allow-origin': '*',
      });
      res.end(TILE);
    });
    await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
    const tilePort = (tiles.address() as AddressInfo).port;
    srv = await startServer(t.db, {
      port: 0,
      clientDir: CLIENT_DIST,
      basemap: { kind: 'xyz', url: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`, maximumLevel: 19 },
    });
    browser = await e2e.launchForShots();
  }, 300_000);
  afterAll(async () => {
    await new Promise((r) => tiles?.close(r));
    await e2e.tearDown({ context, browser, srv, t });
  });

  const screenAt = async (width: number, height: number) => {
    await context?.close();
    context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    page = await context.newPage();
    net = recordRequests(page);
    e2e.echoBrowser(page, { stacks: true });
  };

  it('makes the first administrator on the first-run page, and shows what to import', async () => {
    await screenAt(1920, 1080);
    await page.goto(`${srv.url}/setup`);
    await page.getByTestId('setup-form').waitFor();
    await page.getByTestId('setup-username').fill('chief');
    await page.getByTestId('setup-display-name').fill('系统管理员');
    await page.getByTestId('setup-password').fill(TEST_PASSWORD);
    await page.getByTestId('setup-again').fill(TEST_PASSWORD);
    await page.getByTestId('setup-submit').click();
    const empty = page.getByTestId('empty-area');
    await empty.waitFor({ timeout: 60_000 });
    expect(await empty.locator('[data-step]').count()).toBe(6);
    expect(await empty.textContent()).toContain('npm run import -- regions');
    await e2e.shoot(page, 'first-start-empty-1920x1080');
    const users = await t.db.query<{ role: string; jurisdiction: string }>(
      `SELECT role, jurisdiction FROM users`,
    );
    expect(users.rows).toEqual([{ role: 'admin', jurisdiction: '' }]);
  }, 120_000);

  it('imports the city, divides a community on the screen and commits it', async () => {
    // what `npm run import -- regions …` and `-- buildings …` run (data/import/cli.ts is a thin layer)
    const shenzhen = await importRegions(t.db, SHENZHEN, await readFeatures(SHENZHEN), { level: 'district' });
    expect(shenzhen.inserted).toBeGreaterThanOrEqual(9);
    await importRegions(
      t.db,
      'manhattan.geojson',
      [
        { code: DISTRICT, name: '曼哈顿', level: 'district' },
        { code: '990001001', name: '下东城', level: 'street' },
        { code: COMMUNITY, name: '东村社区', level: 'community' },
      ].map((properties, i) => ({ row: i + 1, properties, geometry: rect(BOX) })),
    );
    const features = manhattanFeatures(BOX);
    const buildings = await importBuildings(
      t.db,
      { file: 'manhattan', content: JSON.stringify({ type: 'FeatureCollection', features }) },
      { source: 'nyc' },
    );
    expect(buildings.inserted).toBeGreaterThan(500);

    await page.reload();
    await e2e.mapReady(page, 30_000).catch(async (err: unknown) => {
      await e2e.shoot(page, 'debug-first-start');
      console.log('DEBUG requests', net.requests.filter((u) => u.includes('/api/')).join('\n'));
      throw err;
    });
    // the map opens on the city with buildings, not on Shenzhen's empty districts
    const camera = await page.evaluate(() =>
      (
        window as unknown as { __gridcenterMap: { cameraPosition(): number[] | null } }
      ).__gridcenterMap.cameraPosition(),
    );
    expect(
      e2e.distanceM([camera![0]!, camera![1]!], [(BOX[0] + BOX[2]) / 2, (BOX[1] + BOX[3]) / 2]),
    ).toBeLessThan(5000);
    await page.locator(`[data-testid="region-node"][data-code="${COMMUNITY}"] .region-name`).click();
    await page.getByTestId('division-households').fill('300');
    await page.getByTestId('division-propose').click();
    const proposal = page.getByTestId('division-proposal');
    await proposal.waitFor({ timeout: 60_000 });
    const cells = await page.getByTestId('division-cell').count();
    expect(cells).toBeGreaterThan(10);
    await page.waitForTimeout(1500); // the fly to the proposal
    await e2e.shoot(page, 'division-review-1920x1080');
    await page.getByTestId('division-commit').click();
    await expect.poll(() => page.getByTestId('division-proposal').count(), { timeout: 60_000 }).toBe(0);
    const grid = await t.db.query<{ grids: number; outside: number }>(
      `SELECT (SELECT count(*) FROM regions WHERE level = 'grid' AND parent_code = $1)::int AS grids,
              (SELECT count(*) FROM buildings WHERE source = 'nyc' AND grid_code IS NULL
                 AND ST_Intersects((SELECT geom FROM regions WHERE code = $1), ST_PointOnSurface(footprint)))::int AS outside`,
      [COMMUNITY],
    );
    expect(grid.rows[0]).toEqual({ grids: cells, outside: 0 });
    // the new cells are in the tree at once (the community's count of children)
    await expect
      .poll(
        () => page.locator(`[data-testid="region-node"][data-code="${COMMUNITY}"] .count`).textContent(),
        { timeout: 30_000 },
      )
      .toBe(String(cells));
    const res = await context!.request.post(`${srv.url}/api/users`, {
      data: {
        username: 'mleader',
        displayName: '区领导',
        role: 'leader',
        jurisdiction: DISTRICT,
        password: TEST_PASSWORD,
      },
    });
    expect(res.status()).toBe(201);
  }, 300_000);

  it('a district leader logs in, sees the buildings in 3D and clicks one', async () => {
    await screenAt(1920, 1080);
    await page.goto(srv.url);
    await page.getByTestId('login-username').fill('mleader');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await e2e.mapReady(page, 60_000).catch(async (err: unknown) => {
      await e2e.shoot(page, 'debug-leader');
      console.log('DEBUG requests', net.requests.filter((u) => u.includes('/api/')).join('\n'));
      throw err;
    });
    expect(await page.getByTestId('empty-area').count()).toBe(0);
    expect(await page.getByTestId('division-panel').count()).toBe(0); // leaders do not divide
    const { rows } = await t.db.query<{ id: number }>(
      `SELECT id FROM buildings WHERE grid_code LIKE $1 ORDER BY height_m DESC NULLS LAST, id LIMIT 40`,
      [`${COMMUNITY}%`],
    );
    const id = await e2e.clickVisibleBuilding(
      page,
      rows.map((r) => r.id),
    );
    await page.getByTestId('building-panel').waitFor();
    await e2e.shoot(page, 'first-start-leader-building-1920x1080');
    expect(id).toBeGreaterThan(0);
    // nothing from outside but the intranet tile server
    const tileOrigin = `http://127.0.0.1:${(tiles.address() as AddressInfo).port}`;
    expect(e2e.externalRequests(net, srv.url).filter((u) => !u.startsWith(tileOrigin))).toEqual([]);
    expect(tileHits).toBeGreaterThan(0);
    expect(net.failed).toEqual([]);
  }, 180_000);
});
