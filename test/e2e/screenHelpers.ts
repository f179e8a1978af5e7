/**
 * What the end-to-end files of the command screen share: the district they start from, the log-in,
 * waiting for the map, clicking a building, the request and screenshot checks, and the tear-down.
 *
 * Page functions (page.evaluate, waitForFunction) stay inline, unnamed arrows: tsx names named ones
 * with a helper (`__name`) that does not exist in the page, and the screen's CSP forbids evaluating
 * strings (see readMarks in bench/screen.bench.ts).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { expect } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import type { CreateUserBody } from '../../contracts/auth.ts';
import { generateDistrict } from '../../data/generator/generateDistrict.ts';
import { loadDistrict } from '../../data/generator/loadDistrict.ts';
import type { RunningServer } from '../../server/src/server.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { TEST_PASSWORD } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { launch, recordRequests } from './browser.ts';
import { ensureBundle, SHOTS } from './bundle.ts';

type ScreenUser = Omit<CreateUserBody, 'password'>;

/** The duty operator of the district (河西区), who logs in to the screen in most files. */
export const OPERATOR: ScreenUser = {
  username: 'op',
  displayName: '值班员',
  role: 'operator',
  jurisdiction: '120106',
};

/**
 * The production bundle built, and a fresh embedded database (the engine `npm start` runs) holding
 * the seed-1 district and `user`, who logs in with TEST_PASSWORD.
 */
export async function openDistrict(user: ScreenUser): Promise<TestDb> {
  await ensureBundle();
  const t = await testEngines()[0]!.open();
  await loadDistrict(t.db, generateDistrict({ seed: 1, scale: 1 }));
  await createUser(t.db, { ...user, password: TEST_PASSWORD });
  return t;
}

/** Headless Chromium (browser.ts), with the screenshots' folder made. */
export async function launchForShots(): Promise<Browser> {
  const browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
  return browser;
}

/** Closes whatever beforeAll got to open (it may have failed half-way) and removes temporary folders. */
export async function tearDown(opened: {
  context?: BrowserContext;
  browser?: Browser;
  srv?: RunningServer;
  t?: TestDb;
  dirs?: (string | undefined)[];
}): Promise<void> {
  await opened.context?.close();
  await opened.browser?.close();
  await opened.srv?.close();
  await opened.t?.cleanup();
  for (const dir of opened.dirs ?? []) if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface EchoOptions {
  /** The console messages to pass on; errors by default. */
  echo?: (m: ConsoleMessage) => boolean;
  /** Also the stack of each Error logged (read from the page). */
  stacks?: boolean;
  /** Characters at the most per line. */
  max?: number;
}

/** Passes the page's uncaught errors and the console messages picked on to the test's output. */
export function echoBrowser(
  page: Page,
  { echo = (m) => m.type() === 'error', stacks, max = 2000 }: EchoOptions,
) {
  page.on('pageerror', (e) => console.log(`[browser pageerror] ${e.message}`));
  page.on('console', (m) => {
    if (!echo(m)) return;
    if (!stacks) {
      console.log(`[browser ${m.type()}] ${m.text()}`.slice(0, max));
      return;
    }
    void Promise.all(
      m.args().map((a) => a.evaluate((v) => (v instanceof Error ? v.stack : String(v))).catch(() => '')),
    ).then((args) => console.log(`[browser ${m.type()}] ${m.text()} ${args.join(' ')}`.slice(0, max)));
  });
}

export interface Screen {
  context: BrowserContext;
  page: Page;
  /** Every request the page made and every one that failed. */
  net: ReturnType<typeof recordRequests>;
}

/** A fresh browser context at that size (zh-CN) on the screen at `url`, logged in as `username`. */
export async function openScreenAs(
  browser: Browser,
  url: string,
  o: { width: number; height: number; username: string } & EchoOptions,
): Promise<Screen> {
  const context = await browser.newContext({
    viewport: { width: o.width, height: o.height },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const net = recordRequests(page);
  echoBrowser(page, o);
  await page.goto(url);
  await page.getByTestId('login-username').fill(o.username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  return { context, page, net };
}

/** Waits until the map reports ready (its first view drawn). */
export const mapReady = (page: Page, timeout: number) =>
  page.waitForFunction(
    () => (window as unknown as { __gridcenterMap?: { ready: boolean } }).__gridcenterMap?.ready === true,
    null,
    { timeout },
  );

interface BuildingHooks {
  selectedBuildingId: number | null;
  buildingScreenPosition(id: number): [number, number] | null;
}

/**
 * Clicks the first of `ids` whose roof is on screen and not under a panel (the canvas is what is
 * there) and waits until the map has selected it; returns its id.
 */
export async function clickVisibleBuilding(page: Page, ids: number[]): Promise<number> {
  const target = await page.evaluate((candidates) => {
    const m = (window as unknown as { __gridcenterMap: BuildingHooks }).__gridcenterMap;
    for (const id of candidates) {
      const p = m.buildingScreenPosition(id);
      if (p && document.elementFromPoint(p[0], p[1] + 3)?.tagName === 'CANVAS') return { id, pos: p };
    }
    return null;
  }, ids);
  expect(target).not.toBeNull();
  const { id, pos } = target!;
  await page.mouse.click(pos[0], pos[1] + 3);
  await page.waitForFunction(
    (bid) =>
      (window as unknown as { __gridcenterMap: BuildingHooks }).__gridcenterMap.selectedBuildingId === bid,
    id,
  );
  return id;
}

/** The requests that left the server's origin (data: and blob: URLs stay in the page). */
export const externalRequests = (net: Screen['net'], url: string) => {
  const origin = new URL(url).origin;
  return net.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
};

/** A screenshot into test-results/screens/`name`.png; `timeout` for a slow (4K) frame. */
export const shoot = (page: Page, name: string, timeout?: number) =>
  page.screenshot({ path: `${SHOTS}/${name}.png`, ...(timeout === undefined ? {} : { timeout }) });

/** Metres between two lon/lat points (equirectangular; fine at district scale). */
export const distanceM = (a: [number, number], b: [number, number]) => {
  const k = 111_320;
  return Math.hypot((a[0] - b[0]) * k * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * k);
};
