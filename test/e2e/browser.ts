import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether end-to-end tests can run: Debian's Chromium must be installed (.ci/run installs it; npm
 * cannot). In CI its absence is a failure, not a skip.
 */
export function chromiumAvailable(): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/run installs it)`);
  if (!ok)
    console.warn(`[e2e] no Chromium at ${CHROMIUM}: end-to-end tests not run (apt-get install chromium)`);
  return ok;
}

/** Headless Chromium with software WebGL (SwiftShader), no background traffic. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Every request the page makes and every one that failed, for the no-external-request assertion. */
export function recordRequests(page: Page) {
  const requests: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { requests, failed };
}
