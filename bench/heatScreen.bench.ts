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
const FRAMES = Number(process.env.BENCH_HEAT_FRAMES ?? 40);
const PASSWORD = 'bench-heat-password-1';

interface HeatPage {
  __gridcenterHeat?: {
    ready: boolean;
    columns: number;
    answer: { total: number; cells: unknown[]; res: unknown } | null;
    frameTimes(n: number): number[];
  };
  __gridcenterMap?: { ready: boolean };
}

/**
 * Frame time of the command screen with and without the heat-zone columns (issue #16: 60 fps on a
 * GPU; on software WebGL report both): the scale-1 demo (a year of cases) on the embedded engine,
 * a leader at 1920×1080 on the district's opening view, 3D. Each frame is a whole-scene render
 * waited for (a pixel read), so the figure is the frame's cost, not the display's refresh. The
 * baseline in the same run is the same view with the layer off.
 */
export const heatScreenSuite: BenchSuite = {
  name: 'heat-screen',
  async run() {
    if (!existsSync(CHROMIUM)) return { result: { skipped: `no Chromium at ${CHROMIUM}` }, summary: [] };
    const prevEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
    process.env.NODE_ENV = prevEnv;
    const dataDir = mkdtempSync(join(tmpdir(), 'gc-bench-heat-screen-'));
    const server = await spawnServer('', {
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO: '1',
      GRIDCENTER_DEMO_PASSWORD: PASSWORD,
    });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByTestId('login-username').fill('leader');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForFunction(
        () => (window as unknown as HeatPage).__gridcenterMap?.ready === true,
        null,
        {
          timeout: 180_000,
        },
      );
      await page.waitForTimeout(3_000); // the first tiles settle
      const frames = (p: Page) =>
        p.evaluate((n) => (window as unknown as HeatPage).__gridcenterHeat!.frameTimes(n), FRAMES);
      await frames(page); // warm-up: shaders compiled
      const off = latencyStats(await frames(page));
      const runs: Record<string, { columns: number; total: number; on: LatencyStats }> = {};
      await page.getByTestId('heat-toggle').click();
      for (const preset of ['week', 'month'] as const) {
        await page.getByTestId(`heat-preset-${preset}`).click();
        await page.waitForFunction(
          () => {
            const h = (window as unknown as HeatPage).__gridcenterHeat;
            return h?.ready === true && h.answer !== null && h.columns > 0;
          },
          null,
          { timeout: 120_000 },
        );
        await page.waitForTimeout(1_000);
        await frames(page);
        const info = await page.evaluate(() => {
          const h = (window as unknown as HeatPage).__gridcenterHeat!;
          return { columns: h.columns, total: h.answer!.total };
        });
        runs[preset] = { ...info, on: latencyStats(await frames(page)) };
      }
      await context.close();
      const gl = ARGS.includes('--use-angle=swiftshader') ? 'software WebGL' : 'GPU';
      const ms = (s: LatencyStats) => `p50 ${s.p50.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms`;
      return {
        result: { chromiumArgs: ARGS, frames: FRAMES, off, runs },
        summary: [
          `heat-zone columns, frame time, ${gl}, 1920×1080, 3D, the scale-1 demo's opening view (${FRAMES} frames each):`,
          `  heat off (baseline): ${ms(off)}`,
          ...Object.entries(runs).map(
            ([k, r]) =>
              `  heat on, ${k} (${r.columns} columns, ${r.total} cases): ${ms(r.on)} → ${(r.on.p50 / off.p50).toFixed(2)}× the frame without`,
          ),
        ],
      };
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
