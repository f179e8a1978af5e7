import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { insertApiToken } from '../../server/src/auth/auth.sql.ts';
import { newSecret, sha256Hex } from '../../server/src/auth/secrets.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { linkWorkerUser } from '../../server/src/workers/workers.sql.ts';
import { TEST_PASSWORD } from '../support/auth.ts';
import type { TestDb } from '../support/engines.ts';
import { chromiumAvailable } from './browser.ts';
import { CLIENT_DIST } from './bundle.ts';
import * as e2e from './screenHelpers.ts';

/** What the page exposes (client/src/workers/testHooks.ts, map2d/testHooks.ts); only data crosses. */
interface WorkersHooks {
  listed: number;
  icons3d: number;
  frames: number;
  selectedId: number | null;
  drawnPosition(id: number): [number, number] | null;
  iconScreenPosition(id: number): [number, number] | null;
  playback: {
    ids: number[];
    playing: boolean;
    multiplier: number;
    time(): number | null;
    clock(): unknown;
    paths3d: number;
    stops: number;
  };
}
interface DeckHooks {
  ready: boolean;
  visible: boolean;
  frames: number;
  layerIds: string[];
  objectsOnScreen(): { layerId: string; object: unknown }[];
  frameScheduled(): boolean;
  project(lon: number, lat: number): [number, number] | null;
}
type Win = {
  __gridcenterWorkers: WorkersHooks;
  __gridcenterDeck: DeckHooks;
};

interface Phone {
  workerId: number;
  name: string;
  phone: string | null;
  lon: number;
  lat: number;
  headers: Record<string, string>;
}

/** Offset of a point by metres east/north. */
const moved = (lon: number, lat: number, eastM: number, northM: number): [number, number] => [
  lon + eastM / (111_320 * Math.cos((lat * Math.PI) / 180)),
  lat + northM / 111_320,
];

/**
 * A 12-minute walk ending 30 s ago: 4 min east, a 4-minute stop, 4 min north (a fix every 10 s).
 * The stop must come back from the server's track answer as one stop of about 4 min.
 */
function walk(p: Phone, now: number) {
  const t0 = now - 12.5 * 60_000;
  const points = [];
  for (let s = 0; s <= 720; s += 10) {
    const east = Math.min(s, 240) * 1.2;
    const north = Math.max(0, s - 480) * 1.2;
    const [lon, lat] = moved(p.lon, p.lat, east, north);
    points.push({
      t: t0 + s * 1000,
      lon,
      lat,
      batteryPct: 80 - s / 60,
      speedMps: s < 240 || s > 480 ? 1.2 : 0,
    });
  }
  return points;
}

describe.skipIf(!chromiumAvailable())('grid workers on the screen in Chromium (software WebGL)', () => {
  let t: TestDb;
  let srv: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let net: e2e.Screen['net'];
  const phones: Phone[] = [];
  /** When the walks were posted (their last fix is 30 s before). */
  let walkEnd = 0;

  const postPositions = async (p: Phone, points: unknown[]) => {
    const res = await fetch(`${srv.url}/api/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...p.headers },
      body: JSON.stringify({ points }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { accepted: number; dropped: unknown[] };
  };
  /**
   * Controls are clicked as DOM events: while the playback animates, each software-rendered frame
   * can take seconds on a loaded CI machine and Chromium holds synthetic mouse input until one
   * ends, so a real mouse click would time out for reasons that are not the screen's.
   */
  const click = (l: Locator) => l.dispatchEvent('click');
  /** Moves the playback slider to its end or start as a user's drag would (React sees the input). */
  const slide = (to: 'min' | 'max') =>
    page.evaluate((end) => {
      const s = document.querySelector<HTMLInputElement>('[data-testid="playback-slider"]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(s, s[end]);
      s.dispatchEvent(new Event('input', { bubbles: true }));
    }, to);
  /** Runs `fn(window)` in the page (its source is sent: it must not close over test variables). */
  const hooks = <T>(fn: (w: Win) => T) => page.evaluate(`(${fn.toString()})(window)`) as Promise<T>;

  beforeAll(async () => {
    t = await e2e.openDistrict(e2e.OPERATOR);
    // Six workers of the district get a phone account and token (as a phone would), each in
    // the middle of its own grid cell.
    const { rows } = await t.db.query<Omit<Phone, 'headers'> & { gridCode: string }>(
      `SELECT w.id AS "workerId", w.name, w.phone, w.grid_code AS "gridCode",
              ST_X(ST_PointOnSurface(r.geom)) AS lon, ST_Y(ST_PointOnSurface(r.geom)) AS lat
       FROM grid_workers w JOIN regions r ON r.code = w.grid_code
       WHERE w.grid_code LIKE '120106%' ORDER BY w.id LIMIT 6`,
    );
    expect(rows.length).toBe(6);
    for (const w of rows) {
      const user = await createUser(t.db, {
        username: `phone${w.workerId}`,
        displayName: w.name,
        role: 'grid_worker',
        jurisdiction: w.gridCode,
        password: TEST_PASSWORD,
      });
      await linkWorkerUser(t.db, w.workerId, user.id);
      const token = newSecret('token');
      await insertApiToken(t.db, {
        tokenHash: sha256Hex(token),
        name: 'phone',
        userId: user.id,
        expiresInDays: 1,
      });
      phones.push({ ...w, headers: { authorization: `Bearer ${token}` } });
    }
    srv = await startServer(t.db, { port: 0, clientDir: CLIENT_DIST });
    walkEnd = Date.now();
    for (const [k, p] of phones.entries()) {
      const r = await postPositions(p, walk(p, walkEnd));
      expect(r.dropped).toEqual([]);
      // All but the last clock in (on duty: green icons; the last stays grey).
      if (k < phones.length - 1) {
        const res = await fetch(`${srv.url}/api/duty/clock-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...p.headers },
          body: '{}',
        });
        expect(res.status).toBe(200);
      }
    }
    browser = await e2e.launchForShots();
  }, 300_000);
  afterAll(() => e2e.tearDown({ context, browser, srv, t }));

  it('shows the workers as 3D icons that follow new positions; a click opens the card', async () => {
    ({ context, page, net } = await e2e.openScreenAs(browser, srv.url, {
      width: 1920,
      height: 1080,
      username: e2e.OPERATOR.username,
    }));
    await e2e.mapReady(page, 120_000);
    await page.waitForFunction(() => (window as unknown as Win).__gridcenterWorkers?.icons3d === 6, null, {
      timeout: 30_000,
    });
    // Each icon sits where the worker's newest fix is.
    for (const p of phones) {
      const last = walk(p, walkEnd).at(-1)!;
      const drawn = await page.evaluate(
        (id) => (window as unknown as Win).__gridcenterWorkers.drawnPosition(id),
        p.workerId,
      );
      expect(e2e.distanceM(drawn!, [last.lon, last.lat])).toBeLessThan(1);
    }

    // A new fix reaches the screen through the live frame and the icon glides there.
    const mover = phones[0]!;
    const target = moved(mover.lon, mover.lat, -150, -100);
    await postPositions(mover, [{ t: Date.now(), lon: target[0], lat: target[1], batteryPct: 66 }]);
    await expect
      .poll(
        async () =>
          e2e.distanceM(
            (await page.evaluate(
              (id) => (window as unknown as Win).__gridcenterWorkers.drawnPosition(id),
              mover.workerId,
            ))!,
            target,
          ),
        { timeout: 15_000 },
      )
      .toBeLessThan(0.5);
    expect(await hooks((w) => w.__gridcenterWorkers.frames)).toBeGreaterThan(0);

    // Click the icon nearest the screen's centre (panels cover the sides).
    const onScreen = await page.evaluate(
      (ids) => {
        const w = (window as unknown as Win).__gridcenterWorkers;
        return ids.map((id) => [id, w.iconScreenPosition(id)] as const);
      },
      phones.map((p) => p.workerId),
    );
    const [id, xy] = onScreen
      .filter((e): e is readonly [number, [number, number]] => e[1] !== null)
      .sort(
        (a, b) => Math.hypot(a[1][0] - 960, a[1][1] - 540) - Math.hypot(b[1][0] - 960, b[1][1] - 540),
      )[0]!;
    await page.mouse.click(xy[0], xy[1]);
    await page.waitForFunction(
      (wid) => (window as unknown as Win).__gridcenterWorkers.selectedId === wid,
      id,
    );
    const card = page.getByTestId('worker-card');
    const who = phones.find((p) => p.workerId === id)!;
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('%');
    const text = await card.innerText();
    expect(text).toContain(who.name);
    if (who.phone) {
      expect(text).not.toContain(who.phone); // masked
      expect(text).toContain(who.phone.slice(-4));
    }
    await e2e.shoot(page, 'workers-3d-card-1920x1080');
    expect(e2e.externalRequests(net, srv.url)).toEqual([]);
  }, 240_000);

  it('replays two workers on one clock, proportional to real time at the chosen speed', async () => {
    await click(page.getByTestId('worker-card').locator('button.close'));
    await click(page.getByTestId('playback-toggle'));
    const [a, b] = [phones[1]!, phones[2]!];
    for (const p of [a, b])
      await click(page.locator(`[data-testid="playback-worker"][data-worker-id="${p.workerId}"]`));
    await click(page.getByTestId('playback-load'));
    await page.waitForFunction(
      () => (window as unknown as Win).__gridcenterWorkers.playback.ids.length === 2,
    );
    expect((await hooks((w) => w.__gridcenterWorkers.playback.ids)).sort()).toEqual(
      [a.workerId, b.workerId].sort(),
    );
    // It starts at the first fix of the two (not at midnight).
    const first = Math.min(...[a, b].map((p) => walk(p, walkEnd)[0]!.t));
    const started = (await hooks((w) => w.__gridcenterWorkers.playback.time()))!;
    expect(started - first).toBeGreaterThanOrEqual(0);
    expect(started - first).toBeLessThan(30 * 60_000);
    await page.getByTestId('playback-speed').selectOption('10');
    console.log(
      '[playback clock]',
      JSON.stringify(await hooks((w) => w.__gridcenterWorkers.playback.clock())),
    );
    // Both workers are replayed on one clock: measured in the page over 1.5 s of real time.
    const rate = await page.evaluate(async () => {
      const pb = (window as unknown as Win).__gridcenterWorkers.playback;
      const t0 = pb.time()!;
      const r0 = performance.now();
      await new Promise((r) => setTimeout(r, 1500));
      return (pb.time()! - t0) / (performance.now() - r0);
    });
    expect(rate).toBeGreaterThan(9.5);
    expect(rate).toBeLessThan(10.5);
    // Jump to the end: both paths are drawn in 3D with the stops labelled.
    await slide('max');
    await page.waitForFunction(() => (window as unknown as Win).__gridcenterWorkers.playback.paths3d === 2);
    expect(await hooks((w) => w.__gridcenterWorkers.playback.stops)).toBe(2);
    expect(await page.getByTestId('playback-panel').innerText()).toContain('停留 2 处');
    await e2e.shoot(page, 'workers-3d-playback-1920x1080');
  }, 120_000);

  it('draws the same workers with deck.gl in 2D: trips during playback, live icons after', async () => {
    await click(page.getByTestId('mode-toggle').locator('button').first()); // 二维 (2D)
    await page.waitForFunction(
      () => {
        const d = (window as unknown as Win).__gridcenterDeck;
        return d?.ready && d.visible && d.layerIds.includes('workers:trips');
      },
      null,
      { timeout: 60_000 },
    );
    // Replay from the first fix at 120×: the TripsLayer animates, then the overlay goes idle.
    await page.getByTestId('playback-speed').selectOption('120');
    await slide('min');
    const f0 = await hooks((w) => w.__gridcenterDeck.frames);
    await expect
      .poll(() => hooks((w) => w.__gridcenterDeck.frames), { timeout: 10_000 })
      .toBeGreaterThan(f0 + 1);
    // From the first fix to the range's end is ~15 min: about 8 s at 120×.
    await page.waitForFunction(() => !(window as unknown as Win).__gridcenterWorkers.playback.playing, null, {
      timeout: 30_000,
    });
    const heads = await hooks(
      (w) => w.__gridcenterDeck.objectsOnScreen().filter((o) => o.layerId === 'workers:heads').length,
    );
    expect(heads).toBe(2);
    await e2e.shoot(page, 'workers-2d-trips-1920x1080');

    await click(page.getByTestId('playback-panel').locator('button.close'));
    // The 2D view kept the 3D camera's height; 全辖区 shows the whole district, every worker in it.
    await click(page.getByRole('button', { name: '全辖区' }));
    await expect
      .poll(
        () =>
          hooks((w) =>
            w.__gridcenterDeck
              .objectsOnScreen()
              .filter((o) => o.layerId === 'workers:live')
              .map((o) => (o.object as { id: number }).id)
              .sort((x, y) => x - y),
          ),
        { timeout: 15_000 },
      )
      .toEqual(phones.map((p) => p.workerId).sort((x, y) => x - y));
    // deck.gl's view follows Cesium's 2D camera: both put each worker on the same pixel.
    const offsets = await page.evaluate(
      (ids) => {
        const w = window as unknown as Win;
        return ids.map((id) => {
          const at = w.__gridcenterWorkers.drawnPosition(id)!;
          const deck = w.__gridcenterDeck.project(at[0], at[1]);
          const cesium = w.__gridcenterWorkers.iconScreenPosition(id);
          return deck && cesium ? Math.hypot(deck[0] - cesium[0], deck[1] - cesium[1]) : -1;
        });
      },
      phones.map((p) => p.workerId),
    );
    for (const d of offsets) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2);
    }
    await e2e.shoot(page, 'workers-2d-1920x1080');
    // Nothing moves any more: no animation frame is requested (an idle wall costs no CPU).
    await expect.poll(() => hooks((w) => w.__gridcenterDeck.frameScheduled()), { timeout: 5000 }).toBe(false);
    const idle = await hooks((w) => w.__gridcenterDeck.frames);
    await page.waitForTimeout(1000);
    expect(await hooks((w) => w.__gridcenterDeck.frames)).toBe(idle);
  }, 120_000);

  it('lays out for a 4K wall with the workers', async () => {
    await click(page.getByTestId('mode-toggle').locator('button').last()); // back to 3D
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(1500);
    await e2e.shoot(page, 'workers-3d-3840x2160', 90_000);
    expect(await hooks((w) => w.__gridcenterWorkers.icons3d)).toBe(6);
  }, 120_000);
});
