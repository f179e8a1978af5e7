import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { spawnServer } from '../test/support/spawnServer.ts';
import { ensureDatabase, type BenchSuite } from './context.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GPU_ARGS = process.env.BENCH_CHROMIUM_ARGS?.split(' ');
const PASSWORD = 'bench-soak-password-1';
const env = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);

interface Sample {
  /** Minutes since the screen was up. */
  min: number;
  /** JS heap in use after a forced collection (what is retained), and before it. */
  heapRetainedMb: number;
  heapUsedMb: number;
  /** Resident memory of the tab's renderer and of Chromium's whole process tree. */
  rendererRssMb: number;
  chromiumRssMb: number;
  domNodes: number;
  listeners: number;
  /** Performance timeline entries (marks, measures, resources): Cesium is known to grow them. */
  perfEntries: number;
  /** Case markers drawn (singles and clusters) and workers in the store. */
  cases: number;
  workers: number;
}

/**
 * The wall left running (issue #14): the command screen in Chromium for BENCH_SOAK_MIN minutes (30;
 * `--soak-minutes 240` for hours) while the demo runs at 10× its rates (a new case every 2–6 s,
 * DEMO_RATE=10; 2,000 walking workers instead of 200, DEMO_WORKERS), sampling every
 * BENCH_SOAK_SAMPLE_S (30) s: the JS heap after a forced GC (CDP HeapProfiler) and before it
 * (performance.memory, precise), the renderer's and all Chromium processes' RSS (/proc), DOM nodes,
 * listeners and performance entries. Target: heap and RSS at the end within 10 % of the 5-minute
 * mark. Its own database (gridcenter_soak, the scale-1 demo district on PostgreSQL).
 */
export const soakSuite: BenchSuite = {
  name: 'soak',
  onlyWhenAsked: true,
  async run(ctx) {
    const minutes = env('BENCH_SOAK_MIN', 30);
    const everyS = env('BENCH_SOAK_SAMPLE_S', 30);
    const url = new URL(ctx.databaseUrl);
    url.pathname = '/gridcenter_soak';
    await ensureDatabase(url.toString());
    process.env.NODE_ENV = 'production';
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production' });
    const server = await spawnServer(url.toString(), {
      DEMO: '1',
      DEMO_RATE: '10',
      DEMO_WORKERS: String(env('BENCH_SOAK_WORKERS', 2000)),
      GRIDCENTER_DEMO_PASSWORD: PASSWORD,
    });
    const marker = `--gc-soak=${randomUUID()}`;
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          ...(GPU_ARGS ?? [
            '--headless',
            '--no-sandbox',
            '--use-angle=swiftshader',
            '--enable-unsafe-swiftshader',
            '--ignore-gpu-blocklist',
          ]),
          '--disable-background-networking',
          '--enable-precise-memory-info',
          marker,
        ],
      });
      const page = await (
        await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
      ).newPage();
      await page.goto(server.url);
      await page.getByTestId('login-username').fill('leader');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForFunction(() => window.__gridcenterMap?.ready === true, undefined, {
        timeout: 180_000,
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const started = Date.now();
      const samples: Sample[] = [];
      for (;;) {
        const min = (Date.now() - started) / 60_000;
        samples.push(await sample(page, cdp, marker, min));
        const s = samples.at(-1)!;
        console.log(
          `[soak] ${min.toFixed(1)} min: heap ${s.heapRetainedMb} MB retained (${s.heapUsedMb} used), renderer ${s.rendererRssMb} MB, Chromium ${s.chromiumRssMb} MB, ${s.domNodes} nodes, ${s.perfEntries} perf entries, ${s.cases} cases, ${s.workers} workers`,
        );
        if (min >= minutes) break;
        await new Promise((r) => setTimeout(r, everyS * 1000));
      }
      const at5 = samples.find((s) => s.min >= 5) ?? samples[0]!;
      const end = samples.at(-1)!;
      const ratio = (k: keyof Sample) => Math.round((end[k] / at5[k]) * 1000) / 1000;
      const result = {
        minutes,
        chromiumArgs: GPU_ARGS ?? 'software WebGL (SwiftShader)',
        demoRate: 10,
        workers: env('BENCH_SOAK_WORKERS', 2000),
        at5min: at5,
        end,
        endOver5min: {
          heapRetained: ratio('heapRetainedMb'),
          rendererRss: ratio('rendererRssMb'),
          chromiumRss: ratio('chromiumRssMb'),
          domNodes: ratio('domNodes'),
          perfEntries: ratio('perfEntries'),
        },
        samples,
      };
      const r = result.endOver5min;
      return {
        result,
        summary: [
          `wall soak ${minutes} min at 10× the demo rates (${result.workers} workers), ${GPU_ARGS ? 'GPU' : 'software WebGL'}: end / 5-minute mark: JS heap retained ${r.heapRetained}× (${at5.heapRetainedMb} → ${end.heapRetainedMb} MB), renderer RSS ${r.rendererRss}× (${at5.rendererRssMb} → ${end.rendererRssMb} MB), Chromium RSS ${r.chromiumRss}× (${at5.chromiumRssMb} → ${end.chromiumRssMb} MB), DOM nodes ${r.domNodes}×, performance entries ${at5.perfEntries} → ${end.perfEntries}; target ≤ 1.1×`,
        ],
      };
    } finally {
      await browser?.close();
      await server.close();
    }
  },
};

async function sample(page: Page, cdp: CDPSession, marker: string, min: number): Promise<Sample> {
  const before = await page.evaluate(() => {
    const m = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    const drawn = window.__gridcenterCases?.drawn();
    return {
      used: m?.usedJSHeapSize ?? Number.NaN,
      perfEntries: performance.getEntries().length,
      cases: drawn ? drawn.singles + drawn.clusters : -1,
      workers: window.__gridcenterWorkers?.listed ?? -1,
    };
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const rss = chromiumRss(marker);
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    min: Math.round(min * 10) / 10,
    heapRetainedMb: mb(metric('JSHeapUsedSize')),
    heapUsedMb: mb(before.used),
    rendererRssMb: mb(rss.renderer),
    chromiumRssMb: mb(rss.total),
    domNodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    perfEntries: before.perfEntries,
    cases: before.cases,
    workers: before.workers,
  };
}

/**
 * RSS of the Chromium started with `marker` and all its descendants (/proc), and of its largest
 * renderer (the tab). RSS counts shared pages in each process: a trend, not a sum to bill.
 */
function chromiumRss(marker: string): { total: number; renderer: number } {
  const procs = new Map<number, { ppid: number; cmd: string; rss: number }>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x)))
    try {
      const status = readFileSync(`/proc/${d}/status`, 'utf8');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      procs.set(Number(d), {
        ppid: Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0),
        cmd,
        rss: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024,
      });
    } catch {
      // the process ended meanwhile
    }
  const roots = [...procs].filter(([, p]) => p.cmd.includes(marker)).map(([pid]) => pid);
  const tree = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let total = 0;
  let renderer = 0;
  for (const pid of tree) {
    const p = procs.get(pid)!;
    total += p.rss;
    if (p.cmd.includes('--type=renderer')) renderer = Math.max(renderer, p.rss);
  }
  return { total, renderer };
}
