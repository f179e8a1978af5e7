import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { enuMatrix } from '../../client/src/layers/enuMatrix.ts';
import type { TestDb } from '../support/engines.ts';
import { chromiumAvailable } from './browser.ts';
import { CLIENT_DIST } from './bundle.ts';
import * as e2e from './screenHelpers.ts';
import { sharedData } from '../support/sharedData.ts';

/** The official 3D Tiles samples, served read-only by path (never copied into the repo). */
const SAMPLES = sharedData('3dtiles-cesium-samples');
const CITY = '1.0/TilesetWithRequestVolume/city';

interface Box {
  id: number;
  lon: number;
  lat: number;
  heightM: number;
}
/** The 40 box buildings of the 1.0 city sample, from the batch tables of its four b3dm files. */
function cityBoxes(): Box[] {
  return readdirSync(join(SAMPLES, CITY))
    .filter((f) => f.endsWith('.b3dm'))
    .flatMap((f) => {
      const b = readFileSync(join(SAMPLES, CITY, f));
      const [ftJson, ftBin, btJson] = [b.readUInt32LE(12), b.readUInt32LE(16), b.readUInt32LE(20)];
      const start = 28 + ftJson + ftBin;
      const t = JSON.parse(b.toString('utf8', start, start + btJson)) as Record<string, number[]>;
      return t.id!.map((id, i) => ({
        id,
        lon: (t.Longitude![i]! * 180) / Math.PI,
        lat: (t.Latitude![i]! * 180) / Math.PI,
        heightM: t.Height![i]!,
      }));
    });
}

/** A rigid transform's inverse (rotation transposed), column-major 4×4. */
function invertRigid(m: number[]): number[] {
  const r = (i: number, j: number) => m[j * 4 + i]!; // row i, column j
  const t = [m[12]!, m[13]!, m[14]!];
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[j * 4 + i] = r(j, i);
  for (let i = 0; i < 3; i++) out[12 + i] = -(r(0, i) * t[0]! + r(1, i) * t[1]! + r(2, i) * t[2]!);
  out[15] = 1;
  return out;
}
function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

type Win = {
  __gridcenterMap: {
    selectedBuildingId: number | null;
    highlightedFloor: { buildingId: number; floor: number } | null;
    buildingColor(id: number): string | null;
    cameraPosition(): [number, number, number] | null;
  };
  __gridcenterTiles: {
    source: string;
    version: string | null;
    loadedFeatures(): number;
    layers: Record<number, { status: string; tilesLoaded: number }>;
    worldToScreen(lon: number, lat: number, h: number): [number, number] | null;
  };
};

describe.skipIf(!chromiumAvailable())(
  '3D Tiles: our buildings tileset and external layers (Chromium)',
  () => {
    let t: TestDb;
    let srv: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let net: e2e.Screen['net'];
    let tilesDir: string;

    beforeAll(async () => {
      t = await e2e.openDistrict({
        username: 'gis',
        displayName: '图层管理员',
        role: 'admin',
        jurisdiction: '120106',
      });
      tilesDir = mkdtempSync(join(tmpdir(), 'gc-tiles-'));
      srv = await startServer(t.db, {
        port: 0,
        clientDir: CLIENT_DIST,
        tiles3d: { dir: tilesDir, layersDir: SAMPLES, prebuild: false, refreshMs: 0 },
      });
      browser = await e2e.launchForShots();
    }, 300_000);
    afterAll(() => e2e.tearDown({ browser, srv, t, dirs: [tilesDir] }));

    async function openScreen(width: number, height: number) {
      ({ context, page, net } = await e2e.openScreenAs(browser, srv.url, {
        width,
        height,
        username: 'gis',
        // The map's and the layers' own log lines too.
        echo: (m) => m.type() === 'error' || m.type() === 'warning' || /^\[(map|layers)\]/.test(m.text()),
        max: 600,
      }));
      // A 4K wall on software WebGL on a busy machine needs long for every tile of the view.
      await e2e.mapReady(page, width > 2000 ? 280_000 : 150_000);
    }
    const external = () => e2e.externalRequests(net, srv.url);
    const layerState = (id: number) =>
      page.evaluate((lid) => (window as unknown as Win).__gridcenterTiles.layers[lid] ?? null, id);

    async function registerLayer(
      name: string,
      url: string,
      version: '1.0' | '1.1',
      origin = '',
    ): Promise<number> {
      if (!(await page.getByTestId('layer-list').isVisible()))
        await page.getByTestId('layers-toggle').click();
      await page.getByTestId('layer-add').click();
      await page.getByTestId('layer-name').fill(name);
      await page.getByTestId('layer-url').fill(url);
      await page.getByTestId('layer-version').selectOption(version);
      await page.getByTestId('layer-origin').fill(origin);
      await page.getByTestId('layer-submit').click();
      const row = page.getByTestId('layer-row').filter({ hasText: name });
      await row.waitFor();
      const id = Number(await row.getAttribute('data-layer-id'));
      await expect.poll(() => layerState(id).then((s) => s?.status), { timeout: 60_000 }).toBe('ready');
      return id;
    }

    it('draws our buildings from the server tileset, with no external request', async () => {
      await openScreen(1920, 1080);
      const state = await page.evaluate(() => {
        const x = (window as unknown as Win).__gridcenterTiles;
        return { source: x.source, version: x.version, features: x.loadedFeatures() };
      });
      expect(state.source).toBe('tileset');
      expect(state.version).toBeTruthy();
      expect(state.features).toBeGreaterThan(100);
      expect(net.requests.some((u) => u.includes('/api/3dtiles/buildings/tileset.json'))).toBe(true);
      expect(
        net.requests.filter((u) => /\/api\/3dtiles\/buildings\/content\/.+\.glb/.test(u)).length,
      ).toBeGreaterThan(0);
      expect(external()).toEqual([]);
      expect(net.failed).toEqual([]);
      await e2e.shoot(page, 'tiles-overview-1920x1080');
    }, 240_000);

    it('以房找人 on the tileset: a click opens the panel; the elderly-alone filter darkens the others', async () => {
      // The tallest buildings with houses, the first whose roof no panel covers.
      const { rows } = await t.db.query<{ id: number }>(
        `SELECT b.id FROM buildings b WHERE EXISTS (SELECT 1 FROM houses h WHERE h.building_id = b.id)
         ORDER BY b.height_m DESC, b.id LIMIT 30`,
      );
      const id = await e2e.clickVisibleBuilding(
        page,
        rows.map((r) => r.id),
      );
      await page.getByTestId('building-panel').waitFor();
      expect(
        await page.evaluate((bid) => (window as unknown as Win).__gridcenterMap.buildingColor(bid), id),
      ).toBe('#00e5ff');

      // Among the loaded buildings, one with elderly living alone and one without.
      const ext = await t.db.query<{ bbox: string }>(
        `SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS bbox
         FROM (SELECT ST_Extent(footprint)::geometry AS e FROM buildings) x`,
      );
      const colours = await page.evaluate(async (bbox) => {
        const m = (window as unknown as Win).__gridcenterMap;
        const res = await fetch(`/api/buildings?bbox=${bbox}&limit=20000`);
        const fc = (await res.json()) as { features: { id: number; properties: { elderlyAlone: number } }[] };
        return fc.features
          .map((f) => ({ id: f.id, elderly: f.properties.elderlyAlone, color: m.buildingColor(f.id) }))
          .filter((b) => b.color !== null);
      }, ext.rows[0]!.bbox);
      const withElderly = colours.find((b) => b.elderly > 0 && b.id !== id)!;
      const without = colours.find((b) => b.elderly === 0 && b.id !== id)!;
      expect(withElderly && without).toBeTruthy();
      await page.getByTestId('building-filter').locator('[data-filter="elderlyAlone"]').click();
      const colourOf = (bid: number) =>
        page.evaluate((b) => (window as unknown as Win).__gridcenterMap.buildingColor(b), bid);
      await expect.poll(() => colourOf(without.id), { timeout: 10_000 }).toBe('#243247');
      expect(await colourOf(withElderly.id)).toBe(withElderly.color);
      await e2e.shoot(page, 'tiles-filter-elderly-1920x1080');
      await page.getByTestId('building-filter').locator('[data-filter="all"]').click();
    }, 120_000);

    it('an external 1.0 tileset (40 box buildings): register, fly there, click a box and read its id', async () => {
      const id = await registerLayer('City 1.0', `/layers/${CITY}/tileset.json`, '1.0');
      await expect
        .poll(() => layerState(id).then((s) => s?.tilesLoaded ?? 0), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(4);
      const boxes = cityBoxes();
      expect(boxes).toHaveLength(40);
      // Wait for the flight to end: the camera within 1 km of the boxes.
      const centre = [boxes.reduce((s, b) => s + b.lon, 0) / 40, boxes.reduce((s, b) => s + b.lat, 0) / 40];
      await expect
        .poll(
          async () => {
            const c = await page.evaluate(() => (window as unknown as Win).__gridcenterMap.cameraPosition());
            return c ? Math.hypot((c[0] - centre[0]!) * 85_000, (c[1] - centre[1]!) * 111_000) : Infinity;
          },
          { timeout: 20_000 },
        )
        .toBeLessThan(1000);
      await page.waitForTimeout(1500); // the flight's last frames
      // The box nearest the camera cannot be hidden behind another one.
      const cam = (await page.evaluate(() => (window as unknown as Win).__gridcenterMap.cameraPosition()))!;
      const nearest = [...boxes].sort(
        (a, b) =>
          Math.hypot((a.lon - cam[0]) * 85_000, (a.lat - cam[1]) * 111_000) -
          Math.hypot((b.lon - cam[0]) * 85_000, (b.lat - cam[1]) * 111_000),
      )[0]!;
      const at = await page.evaluate(
        (b) => (window as unknown as Win).__gridcenterTiles.worldToScreen(b.lon, b.lat, b.heightM / 2),
        nearest,
      );
      expect(at).not.toBeNull();
      await page.mouse.click(at![0], at![1]);
      const info = page.getByTestId('feature-info');
      await info.waitFor();
      expect(await info.getAttribute('data-layer-id')).toBe(String(id));
      const prop = (name: string) => info.locator(`[data-name="${name}"] dd`).innerText();
      expect(Number(await prop('id'))).toBe(nearest.id);
      expect(Number(await prop('Longitude'))).toBeCloseTo((nearest.lon * Math.PI) / 180, 5);
      await e2e.shoot(page, 'tiles-external-1.0-1920x1080');
      expect(net.requests.some((u) => u.includes(`/layers/${CITY}/ll.b3dm`))).toBe(true);
      expect(external()).toEqual([]);
    }, 180_000);

    it('an external 1.1 tileset (implicit quadtree, glTF) placed by an origin loads', async () => {
      const id = await registerLayer(
        'Implicit 1.1',
        '/layers/1.1/SparseImplicitQuadtree/tileset.json',
        '1.1',
        '-75.152408, 39.946975, 0',
      );
      await expect
        .poll(() => layerState(id).then((s) => s?.tilesLoaded ?? 0), { timeout: 60_000 })
        .toBeGreaterThan(0);
      expect(
        net.requests.some((u) => /\/layers\/1\.1\/SparseImplicitQuadtree\/subtrees\/.+\.subtree/.test(u)),
      ).toBe(true);
      // Its only contents are at level 5 (sparse): refined to once the camera is there.
      await expect
        .poll(
          () => net.requests.some((u) => /\/layers\/1\.1\/SparseImplicitQuadtree\/content\/.+\.glb/.test(u)),
          { timeout: 60_000 },
        )
        .toBe(true);
      expect(net.failed).toEqual([]);
      await e2e.shoot(page, 'tiles-external-1.1-1920x1080');
    }, 120_000);

    it('our footprints classify a mesh placed over the district: a click on it opens that building, a floor bands it', async () => {
      // Move the city sample so that one box stands on our building: the box's east-north-up frame
      // onto the building's (M = ENU(building) · ENU(box)⁻¹).
      const { rows } = await t.db.query<{
        id: number;
        lon: number;
        lat: number;
        floor: number;
        entrance: number;
      }>(
        `SELECT b.id, ST_X(ST_PointOnSurface(b.footprint)) AS lon, ST_Y(ST_PointOnSurface(b.footprint)) AS lat,
              max(h.floor) AS floor, min(h.entrance) AS entrance
       FROM buildings b JOIN houses h ON h.building_id = b.id
       WHERE b.floors >= 4 GROUP BY b.id ORDER BY b.id LIMIT 1`,
      );
      const target = rows[0]!;
      const box = cityBoxes()[0]!;
      const modelMatrix = multiply(
        enuMatrix(target.lon, target.lat, 0),
        invertRigid(enuMatrix(box.lon, box.lat, 0)),
      );
      const created = await page.evaluate(
        async (body) => {
          const res = await fetch('/api/layers', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          return { status: res.status, json: (await res.json()) as { id: number } };
        },
        {
          name: 'City over the district',
          kind: 'photogrammetry',
          url: `/layers/${CITY}/tileset.json`,
          tilesVersion: '1.0',
          modelMatrix,
          classify: true,
        },
      );
      expect(created.status).toBe(201);
      // Registered behind the panel's back: a reload lists it.
      await page.reload();
      await e2e.mapReady(page, 150_000);
      await page.getByTestId('layers-toggle').click();
      // Our own buildings off: the mesh shows them.
      await page.getByTestId('layer-buildings').uncheck();
      const row = page.getByTestId('layer-row').filter({ hasText: 'City over the district' });
      await row.getByTestId('layer-visible').check();
      const lid = created.json.id;
      await expect
        .poll(() => layerState(lid).then((s) => s?.tilesLoaded ?? 0), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(4);
      await page.waitForTimeout(2500); // the flight
      const at = await page.evaluate(
        (b) => (window as unknown as Win).__gridcenterTiles.worldToScreen(b.lon, b.lat, b.h),
        { lon: target.lon, lat: target.lat, h: box.heightM },
      );
      expect(at).not.toBeNull();
      // The box's roof centre (on our footprint), a little towards its near edge.
      await page.mouse.click(at![0], at![1] + 2);
      await page.waitForFunction(
        (bid) => (window as unknown as Win).__gridcenterMap.selectedBuildingId === bid,
        target.id,
        {
          timeout: 10_000,
        },
      );
      await page.getByTestId('building-panel').waitFor();
      await e2e.shoot(page, 'tiles-classified-1920x1080');
      await context.close();
    }, 240_000);

    it('lays out the tileset screen for a 4K wall', async () => {
      await openScreen(3840, 2160);
      await e2e.shoot(page, 'tiles-overview-3840x2160');
      expect(await page.evaluate(() => (window as unknown as Win).__gridcenterTiles.source)).toBe('tileset');
      await context.close();
    }, 330_000);
  },
);
