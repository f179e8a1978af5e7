import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CASE_PATHS, type CaseDetail } from '../../contracts/cases.ts';
import type { EvaluationAnswer } from '../../contracts/evaluation.ts';
import type { HeatAnswer } from '../../contracts/heat.ts';
import { columnHeightM } from '../../client/src/heat/heatScale.ts';
import { ManualClock } from '../../server/src/cases/clock.ts';
import { upsertPresence } from '../../server/src/heat/heat.sql.ts';
import { presenceRows } from '../../server/src/heat/presence.ts';
import { insertHistory } from '../../server/src/positions/positions.sql.ts';
import { seedDemoCases } from '../../server/src/cases/demoCases.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loginAs } from '../support/auth.ts';
import type { TestDb } from '../support/engines.ts';
import { chromiumAvailable } from './browser.ts';
import { CLIENT_DIST, SHOTS } from './bundle.ts';
import * as e2e from './screenHelpers.ts';

/** The marker colours of client/src/cases/caseMarkers.ts. */
const GREEN = '#3ddc97';
const RED = '#ff3b4f';
const MINUTE = 60_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
type Json = any;

interface Marker {
  color: string;
  clustered: boolean;
  supervised: boolean;
  pulsing: boolean;
}
interface HeatHooks {
  ready: boolean;
  columns: number;
  answer: HeatAnswer | null;
  columnScreenPosition(h3: string, heightM: number): [number, number] | null;
}
interface CasesHooks {
  loaded: boolean;
  layerReady: boolean;
  marker(id: number): Marker | null;
  drawn(): { singles: number; clusters: number };
}
const markerOf = (page: Page, id: number) =>
  page.evaluate(
    (cid) => (window as unknown as { __gridcenterCases: CasesHooks }).__gridcenterCases.marker(cid),
    id,
  );

/** A small real PNG (a field photo stand-in): horizontal stripes, built with zlib. */
function stripesPng(w = 96, h = 64): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(td.length + 8);
    out.writeUInt32BE(data.length, 0);
    td.copy(out, 4);
    out.writeUInt32BE(crc(td), td.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      rows.set(y % 16 < 8 ? [200, 120, 40] : [60, 70, 90], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe.skipIf(!chromiumAvailable())('cases on the command screen in Chromium', () => {
  let t: TestDb;
  let srv: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let net: e2e.Screen['net'];
  let photosDir: string;
  let tilesDir: string;
  // Server time only moves when the test says so; the screen computes lights from the server's `now`.
  const clock = new ManualClock(Date.now());
  let phone: Record<string, string>;

  beforeAll(async () => {
    t = await e2e.openDistrict(e2e.OPERATOR);
    // Three weeks of history so the screen has clusters, lights and a full ticker around the new case.
    await seedDemoCases(t.db, { seed: 1, endMs: clock.now(), days: 21 });
    photosDir = mkdtempSync(join(tmpdir(), 'gc-e2e-photos-'));
    tilesDir = mkdtempSync(join(tmpdir(), 'gc-e2e-tiles-'));
    srv = await startServer(t.db, {
      port: 0,
      clientDir: CLIENT_DIST,
      clock,
      // Only the test's clock jumps tick the overdue scheduler.
      cases: { photosDir, tickMs: 3_600_000 },
      tiles3d: { dir: tilesDir, prebuild: false, refreshMs: 0 },
    });
    // The grid worker's phone authenticates with an API token, as the app does.
    const gw = await loginAs(t.db, srv.url, 'grid_worker', '120106', 'gw.phone');
    const tok = await fetch(`${srv.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { ...gw.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'phone' }),
    });
    expect(tok.status).toBe(201);
    phone = { Authorization: `Bearer ${((await tok.json()) as { token: string }).token}` };
    browser = await e2e.launchForShots();
  }, 300_000);
  afterAll(() => e2e.tearDown({ browser, srv, t, dirs: [photosDir, tilesDir] }));

  async function openScreen(width: number, height: number) {
    ({ context, page, net } = await e2e.openScreenAs(browser, srv.url, {
      width,
      height,
      username: e2e.OPERATOR.username,
    }));
    // The map and the cases' marker layer.
    await page.waitForFunction(
      () => {
        const w = window as unknown as {
          __gridcenterMap?: { ready: boolean };
          __gridcenterCases?: CasesHooks;
        };
        return w.__gridcenterMap?.ready === true && w.__gridcenterCases?.layerReady === true;
      },
      null,
      { timeout: 180_000 },
    );
  }

  it('a phone report appears live, is dispatched from the drawer and turns red when the clock passes its limit', async () => {
    await openScreen(1920, 1080);
    const drawnBefore = await page.evaluate(() =>
      (window as unknown as { __gridcenterCases: CasesHooks }).__gridcenterCases.drawn(),
    );
    expect(drawnBefore.singles + drawnBefore.clusters).toBeGreaterThan(0); // the demo's open cases

    // The grid worker reports from the phone: photo first, then the case at a building's place.
    const { rows } = await t.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(footprint)) AS lon, ST_Y(ST_PointOnSurface(footprint)) AS lat
       FROM buildings WHERE grid_code IS NOT NULL ORDER BY height_m DESC, id LIMIT 1`,
    );
    const point: [number, number] = [rows[0]!.lon, rows[0]!.lat];
    const up = await fetch(srv.url + CASE_PATHS.photos, {
      method: 'POST',
      headers: { ...phone, 'content-type': 'image/png' },
      body: new Uint8Array(stripesPng()),
    });
    expect(up.status).toBe(201);
    const photo = ((await up.json()) as { sha256: string }).sha256;
    const res = await fetch(srv.url + CASE_PATHS.list, {
      method: 'POST',
      headers: { ...phone, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: { major: 'fire', minor: 'blocked_exit' },
        description: '3号楼一单元消防通道被电动车堵塞，已拍照',
        point,
        photos: [photo],
      }),
    });
    expect(res.status).toBe(201);
    const reported = (await res.json()) as CaseDetail;
    const sentAt = Date.now();

    // Live on the open screen: ticker item and marker, without a reload.
    const item = page.locator(`[data-testid="ticker-item"][data-case-id="${reported.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    console.info(`[e2e] case on the screen ${Date.now() - sentAt} ms after the report answered`);
    await expect(item.getAttribute('data-light')).resolves.toBe('green');
    await expect(item.innerText()).resolves.toContain('消防通道堵塞');
    await expect
      .poll(() => markerOf(page, reported.id), { timeout: 10_000 })
      .toMatchObject({ pulsing: true });

    // The ticker opens the drawer and flies there: close up, the case is its own green marker.
    await item.click();
    const drawer = page.locator(`[data-testid="case-drawer"][data-case-id="${reported.id}"]`);
    await drawer.waitFor();
    await expect.poll(() => drawer.innerText(), { timeout: 10_000 }).toContain(reported.number);
    await expect
      .poll(() => markerOf(page, reported.id), { timeout: 20_000 })
      .toMatchObject({ clustered: false, color: GREEN });
    // The photo arrives as a blob (a display's token goes with it): wait for it.
    await expect
      .poll(() => drawer.getByTestId('case-photos').getByTestId('case-photo').count(), { timeout: 10_000 })
      .toBe(1);

    // Only the server's allowedActions are offered; register, then dispatch with a department.
    const offered = await drawer
      .locator('[data-testid^="case-action-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('case-action-', '')));
    const asOperator = await page.evaluate(
      (path) => fetch(path).then((r) => r.json() as Promise<{ allowedActions: string[] }>),
      CASE_PATHS.one(reported.id),
    );
    expect(offered.sort()).toEqual([...asOperator.allowedActions].sort());
    expect(offered).toContain('register');
    await drawer.getByTestId('case-action-register').click();
    await expect.poll(() => drawer.getAttribute('data-state'), { timeout: 10_000 }).toBe('registered');
    await drawer.getByTestId('case-action-dispatch').click();
    await drawer.getByTestId('action-department').fill('消防救援站');
    await drawer.getByTestId('action-note').fill('请即刻清理通道');
    await drawer.getByTestId('case-action-confirm').click();
    await expect.poll(() => drawer.getAttribute('data-state'), { timeout: 10_000 }).toBe('dispatched');
    const { rows: stored } = await t.db.query<{ state: string; department: string }>(
      `SELECT state, department FROM cases WHERE id = $1`,
      [reported.id],
    );
    expect(stored[0]).toEqual({ state: 'dispatched', department: '消防救援站' });
    await expect(drawer.getByTestId('timeline-step').count()).resolves.toBe(3); // report, register, dispatch
    await e2e.shoot(page, 'cases-drawer-1920x1080');

    // The injected clock passes the dispatch limit; the scheduler pushes the change to the screen.
    const dispatched = await fetch(srv.url + CASE_PATHS.one(reported.id), { headers: phone });
    const deadline = Date.parse(((await dispatched.json()) as CaseDetail).deadline!);
    await clock.set(deadline + MINUTE);
    await expect
      .poll(() => markerOf(page, reported.id), { timeout: 15_000 })
      .toMatchObject({ clustered: false, color: RED });
    await expect.poll(() => item.getAttribute('data-light'), { timeout: 5_000 }).toBe('red');
    await expect(drawer.getByTestId('case-clock').innerText()).resolves.toContain('超期');
    await e2e.shoot(page, 'cases-overdue-1920x1080');

    expect(e2e.externalRequests(net, srv.url)).toEqual([]);
    expect(net.failed).toEqual([]);
  }, 240_000);

  it('registers a hotline call (社情民意登记) at a place picked on the map', async () => {
    await page.getByTestId('case-drawer').locator('button.close').click();
    await page.getByTestId('intake-open').click();
    const form = page.getByTestId('intake-form');
    await form.getByTestId('intake-major').selectOption('dispute');
    await form.getByTestId('intake-minor').selectOption('neighbour');
    await form.getByTestId('intake-description').fill('楼上住户夜间噪音扰民，多次协商未果');
    await form.getByTestId('intake-phone').fill('13900001111');
    await form.getByTestId('intake-pick').click();
    const size = page.viewportSize()!;
    await page.mouse.click(size.width / 2 - 120, size.height / 2 + 40);
    await expect.poll(() => form.getByTestId('intake-picked').innerText()).toMatch(/\d+\.\d{5}/);
    await e2e.shoot(page, 'cases-intake-1920x1080');
    await form.getByTestId('intake-submit').click();
    const drawer = page.getByTestId('case-drawer');
    await expect.poll(() => drawer.getAttribute('data-state'), { timeout: 10_000 }).toBe('reported');
    const { rows } = await t.db.query<{ source: string; minor: string; reporter_phone: string | null }>(
      `SELECT source, minor, reporter_phone FROM cases ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ source: 'hotline', minor: 'neighbour' });
    await expect(drawer.innerText()).resolves.toContain('139****1111'); // masked on the screen
  }, 120_000);

  it("heat zones (热力分析): a week's cases as columns, a column's cases listed and opened, coverage gaps, 2D hexagons", async () => {
    await page.getByTestId('case-drawer').locator('button.close').click();
    // A grid worker walked part of the district this morning (its fixes roll up like the writer's).
    const { rows: ws } = await t.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT w.id::int AS id, ST_X(ST_PointOnSurface(r.geom)) AS lon, ST_Y(ST_PointOnSurface(r.geom)) AS lat
       FROM grid_workers w JOIN regions r ON r.code = w.grid_code ORDER BY w.id LIMIT 6`,
    );
    const fixes = ws.map((w) => ({
      workerId: w.id,
      fixes: Array.from({ length: 120 }, (_, i) => ({
        t: Date.now() - 3_600_000 + i * 20_000,
        lon: w.lon + (i % 40) * 0.00008,
        lat: w.lat + Math.floor(i / 40) * 0.0004,
        accuracyM: 8,
        speedMps: 1.2,
        headingDeg: 90,
        batteryPct: 80,
      })),
    }));
    await t.db.transaction(async (tx) => {
      await insertHistory(tx, fixes);
      await upsertPresence(
        tx,
        presenceRows(fixes.flatMap((b) => b.fixes.map((f) => ({ w: b.workerId, ...f })))),
      );
    });

    // the whole district in view (全辖区), then heat on
    await page.getByTestId('region-tree').locator('.panel-head button').click();
    await page.waitForTimeout(4_000); // the camera's flight (a few seconds of software frames)
    const heat = page.getByTestId('heat-panel');
    await heat.getByTestId('heat-toggle').click();
    const ready = () =>
      page.waitForFunction(
        () => {
          const h = (window as unknown as { __gridcenterHeat?: HeatHooks }).__gridcenterHeat;
          return h?.ready === true && h.answer !== null;
        },
        null,
        { timeout: 60_000 },
      );
    await ready();
    const answer = await page.evaluate(
      () => (window as unknown as { __gridcenterHeat: HeatHooks }).__gridcenterHeat.answer!,
    );
    // the panel's week is the rollups' answer, and the same count as the raw cases of that week
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE created_at >= $1 AND created_at < $2`,
      [answer.from, answer.to],
    );
    expect(answer.total).toBe(rows[0]!.n);
    expect(answer.total).toBeGreaterThan(20);
    expect(Date.parse(answer.to) - Date.parse(answer.from)).toBe(7 * 86_400_000);
    await expect
      .poll(() => heat.getByTestId('heat-total').getAttribute('data-total'))
      .toBe(String(answer.total));
    await e2e.shoot(page, 'heat-cases-3d-1920x1080');

    // a click on the hottest column in view lists its cases; one opens in the drawer
    const res = answer.res as number;
    const target = await page.evaluate(
      ([cells, max, heights]) => {
        const h = (window as unknown as { __gridcenterHeat: HeatHooks }).__gridcenterHeat;
        for (const [i, c] of cells.entries()) {
          const xy = h.columnScreenPosition(c.id, heights[i]!);
          if (xy && document.elementFromPoint(xy[0], xy[1])?.tagName === 'CANVAS') return { c, xy };
        }
        return max === 0 ? null : null;
      },
      [
        [...answer.cells].sort((a, b) => b.n - a.n),
        answer.max,
        [...answer.cells].sort((a, b) => b.n - a.n).map((c) => columnHeightM(c.n, answer.max, res) * 0.5),
      ] as const,
    );
    expect(target).not.toBeNull();
    const hottest = target!.c;
    await page.mouse.click(target!.xy[0], target!.xy[1]);
    const list = heat.getByTestId('heat-cases');
    await expect.poll(() => list.getAttribute('data-h3'), { timeout: 10_000 }).toBe(hottest.id);
    await expect.poll(() => list.getByTestId('heat-case').count()).toBe(hottest.n);
    await e2e.shoot(page, 'heat-column-cases-1920x1080');
    await list.getByTestId('heat-case').first().click();
    await page.getByTestId('case-drawer').waitFor();
    await page.getByTestId('case-drawer').locator('button.close').click();

    // the slider a week back: another window, answered again
    await heat.getByTestId('heat-slider').focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => heat.getByTestId('heat-window').innerText())
      .not.toContain(answer.to.slice(0, 10));

    // coverage over the whole district: the walked hexagons and the gaps
    const wholeDistrict = async () => {
      await page.getByTestId('region-tree').locator('.panel-head button').click();
      await page.waitForTimeout(4_000);
    };
    await wholeDistrict();
    await heat.getByTestId('heat-layer-presence').click();
    await page.waitForFunction(
      () => {
        const h = (window as unknown as { __gridcenterHeat?: HeatHooks }).__gridcenterHeat;
        return h?.ready === true && h.answer?.layer === 'presence';
      },
      null,
      { timeout: 60_000 },
    );
    await heat.getByTestId('heat-slider').press('End'); // the slider back to today
    await page.waitForFunction(
      (n) => {
        const h = (window as unknown as { __gridcenterHeat?: HeatHooks }).__gridcenterHeat;
        return h?.ready === true && h.answer?.layer === 'presence' && h.answer.total === n;
      },
      fixes.length * 120,
      { timeout: 60_000 },
    );
    const presence = await page.evaluate(
      () => (window as unknown as { __gridcenterHeat: HeatHooks }).__gridcenterHeat.answer!,
    );
    expect(presence.unwalked!.length).toBeGreaterThan(presence.cells.length);
    await e2e.shoot(page, 'heat-coverage-3d-1920x1080');

    // 2D: the same hexagons drawn by deck.gl
    await page.getByTestId('mode-toggle').locator('button').first().click();
    await page.waitForFunction(
      () => {
        const d = (window as unknown as { __gridcenterDeck?: { ready: boolean; layerIds: string[] } })
          .__gridcenterDeck;
        return d?.ready && d.layerIds.includes('heat:cells');
      },
      null,
      { timeout: 60_000 },
    );
    await heat.getByTestId('heat-layer-cases').click();
    await wholeDistrict();
    await ready();
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (
                window as unknown as { __gridcenterDeck: { objectsOnScreen(): { layerId: string }[] } }
              ).__gridcenterDeck
                .objectsOnScreen()
                .filter((o) => o.layerId.startsWith('heat:cells')).length,
          ),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(10);
    await e2e.shoot(page, 'heat-cases-2d-1920x1080');
    await page.getByTestId('mode-toggle').locator('button').last().click();
    await heat.getByTestId('heat-toggle').click();
    expect(e2e.externalRequests(net, srv.url)).toEqual([]);
  }, 420_000);

  it('lays out for a 4K wall', async () => {
    // The same screen stretched to a 4K wall (a fresh 4K load waits minutes for every tile on
    // software WebGL here; the layout is what this checks): panels and markers double in size.
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.getByTestId('case-ticker').waitFor();
    await expect
      .poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)))
      .toBeGreaterThan(31.5); // 0.8333vw: 16 px at 1920, 32 at 3840
    // Software WebGL at 4K on shared cores: a frame can take many seconds.
    await e2e.shoot(page, 'cases-3840x2160', 120_000);
    await context.close();
  }, 180_000);
  it('考核排名: streets ranked with the API’s numbers, an indicator’s cases opened on the map, cards, the export and the printed report', async () => {
    await openScreen(1920, 1080);
    await page.getByTestId('eval-toggle').click();
    const board = page.getByTestId('eval-board');
    await board.getByTestId('eval-ranking').waitFor({ timeout: 30_000 });
    // the same question through the API, with the screen's own session
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const month = new Date(clock.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const apiGet = async (path: string) =>
      (await fetch(srv.url + path, { headers: { cookie } })).json() as Promise<Json>;
    const api = (await apiGet(
      `/api/evaluation?period=${month}&subject=region&level=street`,
    )) as EvaluationAnswer;
    expect(api.rows.some((r) => r.cases > 0)).toBe(true);
    const rows = board.getByTestId('eval-ranking').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(api.rows.length);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('.eval-score b')!.textContent]),
    );
    expect(shown).toEqual(api.rows.map((r) => [r.code, r.score === null ? '—' : r.score.toFixed(1)]));
    // a new red card arrives live: a second overrun of an open case (the database issues the card
    // and announces it; the server pushes card:issued; the panel shows it)
    const { rows: open } = await t.db.query<{ id: number; number: string; state: string }>(
      `SELECT c.id::int AS id, c.number, c.state FROM cases c
       WHERE NOT c.terminal AND (SELECT count(*) FROM case_history h WHERE h.case_id = c.id AND h.action = 'overdue') = 1
       ORDER BY c.id DESC LIMIT 1`,
    );
    expect(open).toHaveLength(1);
    await t.db.query(
      `INSERT INTO case_history (case_id, at, action, from_state, to_state, actor_kind, actor_name)
       VALUES ($1, now(), 'overdue', $2, $2, 'system', 'system')`,
      [open[0]!.id, open[0]!.state],
    );
    const news = page.getByTestId('eval-news');
    await expect.poll(() => news.innerText().catch(() => ''), { timeout: 20_000 }).toContain(open[0]!.number);
    expect(await news.innerText()).toContain('新红牌');
    await e2e.shoot(page, 'evaluation-1920x1080');

    // the first street's 结案率: the cases it counts, one opened in the drawer and on the map
    const top = api.rows[0]!;
    const closing = top.indicators.find((i) => i.code === 'closing_rate')!;
    await board
      .getByTestId('eval-breakdown')
      .locator('[data-indicator="closing_rate"] button.link')
      .first()
      .click();
    const drill = board.getByTestId('eval-drill');
    await expect
      .poll(() => drill.getByTestId('eval-case').count(), { timeout: 20_000 })
      .toBe(Math.min(closing.numerator, 500));
    if (closing.numerator > 0) {
      await drill.getByTestId('eval-case').first().click();
      await page.getByTestId('case-drawer').waitFor({ timeout: 20_000 });
    }
    // the open cards are the API's (the demo's overruns issued them)
    const cards = (await apiGet('/api/evaluation/cards?open=true&limit=50')).cards as unknown[];
    await expect.poll(() => board.getByTestId('eval-card-item').count()).toBe(cards.length);

    // the ranking as CSV: the same numbers
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      board.getByTestId('eval-export-csv').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(api.rows.map((r) => r.code));

    // the month-end report prints: every ranking on white, as a PDF from the browser (the screen's
    // page closed first: a page behind another one may not give a screenshot)
    await page.close();
    const report = await context.newPage();
    await report.goto(`${srv.url}/#report/evaluation/${month}`);
    await report.getByTestId('eval-report-page').waitFor({ timeout: 30_000 });
    expect(await report.locator('section').count()).toBe(6);
    await e2e.shoot(report, 'evaluation-report');
    const pdf = await report.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(`${SHOTS}/evaluation-report.pdf`, pdf);
    await report.close();
    await context.close();
  }, 240_000);
});
