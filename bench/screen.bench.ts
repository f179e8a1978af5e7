import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { BenchSuite } from './context.ts';
import { spawnServer } from '../test/support/spawnServer.ts';
import { latencyStats, type LatencyStats } from './stats.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Software WebGL as on the CI machine; BENCH_CHROMIUM_ARGS replaces it on a machine with a GPU. */
const ARGS = process.env.BENCH_CHROMIUM_ARGS?.split(' ') ?? [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
];
const LOADS = Number(process.env.BENCH_SCREEN_LOADS ?? 8);
const PASSWORD = 'bench-screen-password-1';

/** ms from navigation start to each start-up mark, read from the page's Performance API. */
interface Marks {
  domContentLoaded: number;
  load: number;
  shell: number;
  mapFrame: number;
  /** The first frame with some buildings drawn (the first tile's content). */
  buildingsFirst: number;
  buildings: number;
}

/**
 * Start-up of the command screen (issue #4: first interactive view < 3 s on localhost), as
 * `npm start` runs it: the production bundle, the embedded engine with the scale-1 demo district,
 * a leader's browser on localhost. Each load is a fresh browser context with a warm HTTP cache
 * (a wall screen reloading) after one cold load. Marks: the shell is up (search and panels answer),
 * the map drew its first frame, the buildings are on screen. Baseline in the same run: the page's
 * own DOMContentLoaded and load events (HTML + JS + CSS, before any of our work).
 */
export const screenSuite: BenchSuite = {
  name: 'screen',
  async run() {
    if (!existsSync(CHROMIUM)) return { result: { skipped: `no Chromium at ${CHROMIUM}` }, summary: [] };
    const prevEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
    process.env.NODE_ENV = prevEnv;
    const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-screen-'));
    const server = await spawnServer('', {
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO: '1',
      GRIDCENTER_DEMO_PASSWORD: PASSWORD,
    });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const storage = await login(browser, server.url);
      const fresh: Marks[] = [];
      const reload: Marks[] = [];
      for (let i = 0; i < LOADS; i++) {
        const m = await loadTwice(browser, server.url, storage);
        fresh.push(m.fresh);
        reload.push(m.reload);
      }
      const stats = (samples: Marks[]) => {
        const stat = (k: keyof Marks): LatencyStats => latencyStats(samples.map((x) => x[k]));
        return {
          domContentLoaded: stat('domContentLoaded'),
          load: stat('load'),
          shell: stat('shell'),
          mapFrame: stat('mapFrame'),
          buildingsFirst: stat('buildingsFirst'),
          buildings: stat('buildings'),
        };
      };
      const result = { chromiumArgs: ARGS, loads: LOADS, fresh: stats(fresh), reload: stats(reload) };
      const line = (name: string, w: ReturnType<typeof stats>) =>
        `screen ${name.padEnd(7)} p50: shell ${w.shell.p50.toFixed(0)} ms, first map frame ${w.mapFrame.p50.toFixed(0)} ms, first buildings ${w.buildingsFirst.p50.toFixed(0)} ms, all buildings ${w.buildings.p50.toFixed(0)} ms (p90 ${w.buildings.p90.toFixed(0)}) | baseline: page load event ${w.load.p50.toFixed(0)} ms`;
      const gl = ARGS.includes('--use-angle=swiftshader') ? 'software WebGL' : 'GPU';
      return {
        result,
        summary: [
          `screen start-up, ${LOADS} loads each, ${gl}, 1920×1080, scale-1 demo on the embedded engine:`,
          line('fresh', result.fresh),
          line('reload', result.reload),
        ],
      };
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

type Storage = Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>;

/** Logs in as the demo leader through the form; returns the session to reuse. */
async function login(browser: Browser, url: string): Promise<Storage> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('login-username').fill('leader');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await mapReady(page);
  const state = await context.storageState();
  await context.close();
  return state;
}

/**
 * A fresh browser context (empty HTTP cache: a wall screen after a reboot), then a reload in the
 * same context (cached bundle and Cesium assets: a wall screen refreshing).
 */
async function loadTwice(browser: Browser, url: string, storage: Storage) {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    storageState: storage,
  });
  const page = await context.newPage();
  await page.goto(url);
  await mapReady(page);
  const fresh = await readMarks(page);
  await page.reload();
  await mapReady(page);
  const reload = await readMarks(page);
  await context.close();
  return { fresh, reload };
}

/**
 * Inline, unnamed arrows only in page functions: tsx names named ones with a helper (`__name`) that
 * does not exist in the page, and the screen's CSP forbids evaluating strings.
 */
const readMarks = (page: Page) =>
  page.evaluate((): Marks => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const m = ['gc:shell', 'gc:map-frame', 'gc:buildings-first', 'gc:buildings'].map(
      (n) => performance.getEntriesByName(n)[0]?.startTime ?? Number.NaN,
    );
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      shell: m[0]!,
      mapFrame: m[1]!,
      buildingsFirst: m[2]!,
      buildings: m[3]!,
    };
  });

const mapReady = (page: Page) =>
  page.waitForFunction(() => window.__gridcenterMap?.ready === true, undefined, { timeout: 120_000 });
