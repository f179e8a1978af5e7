import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../contracts/errors.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loadSmallDistrict, STREET_A } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { FUZZ_RUNS, FUZZ_SEED, fuzzContext, storedDigest } from '../support/fuzz/fixture.ts';
import { RAW_GARBAGE, requestArb } from '../support/fuzz/corpus.ts';
import { closeAgent, send, sendBytes, type RawRequest, type RawResponse } from '../support/fuzz/rawHttp.ts';

/**
 * Every route of the server (listed from the routers themselves, so a new route is in the next
 * run) and the static folders × malformed encodings, types, sizes, content types, cookies and
 * traversal. No answer may be a 5xx or take over 5 s; every API error has the README's shape; the
 * server stays healthy; nothing stored before is changed. `npm test` runs FUZZ_RUNS (10,000) inputs
 * from a fixed seed; `npm run fuzz` runs more from a new seed (printed, to replay with FUZZ_SEED).
 */
const HANG_MS = 5000;

describe.each(testEngines())('fuzz: every HTTP route on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let ctx: Awaited<ReturnType<typeof fuzzContext>>;
  const dirs: string[] = [];

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    const layersDir = mkdtempSync(join(tmpdir(), 'gc-fuzz-layers-'));
    mkdirSync(join(layersDir, 'fuzz'));
    writeFileSync(join(layersDir, 'fuzz', 'tileset.json'), '{"asset":{"version":"1.1"}}');
    writeFileSync(join(layersDir, '.hidden'), 'secret');
    const clientDir = mkdtempSync(join(tmpdir(), 'gc-fuzz-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>GridCenter</title>');
    writeFileSync(join(clientDir, 'assets', 'app.js'), 'void 0;');
    const photosDir = mkdtempSync(join(tmpdir(), 'gc-fuzz-photos-'));
    dirs.push(layersDir, clientDir, photosDir);
    srv = await startServer(t.db, {
      port: 0,
      clientDir,
      // every input is one caller's: the per-caller limits would turn the run into 429s
      limits: { loginPerMinute: 1e9, searchPerMinute: 1e9 },
      cases: { photosDir },
      tiles3d: { layersDir, prebuild: false, refreshMs: 0, checkMs: 0 },
    });
    ctx = await fuzzContext(t.db, srv, {
      admin: async () => (await loginAs(t.db, srv.url, 'admin', '')).headers,
      streetOperator: async () => (await loginAs(t.db, srv.url, 'operator', STREET_A)).headers,
    });
  });
  afterAll(async () => {
    closeAgent();
    await srv?.close();
    await t?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('lists every route it fuzzes from the routers themselves', () => {
    const paths = srv.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(paths).toContain('GET /api/buildings/:id');
    expect(paths).toContain('POST /api/cases/:id/actions');
    expect(paths).toContain('POST /api/duty/clock-in');
    expect(paths.length).toBeGreaterThanOrEqual(45);
  });

  it(
    `answers ${FUZZ_RUNS} malformed requests with a 4xx or a success, never a 5xx or a hang`,
    async () => {
      const before = await storedDigest(t.db);
      const inputs = fc.sample(requestArb(ctx.corpus, srv.routes), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
      const failures: string[] = [];
      /** Per route: how many answers got past the login wall (the fuzz reached the handler). */
      const reached = new Map<string, number>();
      const statuses = new Map<number, number>();
      let n = 0;
      for (const input of inputs) {
        const r = await ctx.resolve(input);
        let res: RawResponse;
        try {
          res = await send(srv.url, r, HANG_MS);
        } catch (err) {
          failures.push(`${describeInput(r)} → ${(err as Error).message}`);
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = judge(r, res);
        if (problem) failures.push(`${describeInput(r)} → ${problem}`);
        if (res.status !== 401) reached.set(input.route, (reached.get(input.route) ?? 0) + 1);
        if (res.status < 300 && r.method !== 'GET' && r.method !== 'HEAD') await ctx.afterWrite();
        if (++n % 500 === 0) {
          const health = await send(srv.url, { method: 'GET', path: '/api/health', headers: {} }, HANG_MS);
          if (health.status !== 200) failures.push(`after ${n} inputs /api/health answered ${health.status}`);
        }
        if (failures.length > 50) break;
      }
      const histogram = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, k]) => `${s}×${k}`);
      console.log(`[fuzz] ${engine.name}, seed ${FUZZ_SEED}: ${histogram.join(' ')}`);
      expect(failures, `seed ${FUZZ_SEED}:\n${failures.slice(0, 50).join('\n')}`).toEqual([]);
      // the inputs reached every route's handler, not only the login wall
      const unreached = srv.routes.filter((x) => !reached.has(x.path)).map((x) => x.path);
      expect(unreached).toEqual([]);
      expect((await storedDigest(t.db, before.limits)).digest).toEqual(before.digest);
    },
    60_000 + FUZZ_RUNS * 20,
  );

  it('refuses bytes no HTTP client would send without stopping, and stays healthy', async () => {
    for (const bytes of RAW_GARBAGE) {
      const { status } = await sendBytes(srv.url, bytes, HANG_MS);
      // 0: the connection was closed without an answer (Node does that for some broken framing)
      expect(status, bytes.toString('latin1').slice(0, 60)).toBeLessThan(500);
    }
    expect((await send(srv.url, { method: 'GET', path: '/api/health', headers: {} }, HANG_MS)).status).toBe(
      200,
    );
  });

  it('never serves a file outside its folder', async () => {
    for (const path of [
      '/cesium/..%2f..%2f..%2fpackage.json',
      '/cesium/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/cesium/..%5c..%5c..%5cpackage.json',
      '/layers/..%2f..%2fpackage.json',
      '/layers/%2e%2e/%2e%2e/etc/passwd',
      '/layers/.hidden',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
    ]) {
      const res = await send(srv.url, { method: 'GET', path, headers: ctx.credentials.admin! }, HANG_MS);
      expect(res.body.toString(), path).not.toMatch(/"name": "gridcenter"|root:x:0|secret/);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

/** What is wrong with an answer, or undefined. */
function judge(r: RawRequest, res: RawResponse): string | undefined {
  if (res.status >= 500) return `${res.status} ${res.body.toString().slice(0, 200)}`;
  if (res.ms > HANG_MS) return `took ${Math.round(res.ms)} ms`;
  if (res.status < 400 || r.method === 'HEAD' || r.path.startsWith('/socket.io')) return undefined;
  // Socket.IO's own door answers in its protocol's shape; everything else in ours
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return `${res.status} answered as ${type || 'no type'}`;
  try {
    const body = apiErrorSchema.parse(JSON.parse(res.body.toString()));
    if (/ at .+\.ts:\d+|node_modules/.test(body.error.message)) return `stack trace in ${body.error.message}`;
  } catch {
    return `${res.status} without the error shape: ${res.body.toString().slice(0, 120)}`;
  }
  return undefined;
}

function describeInput(r: RawRequest): string {
  const h = Object.entries(r.headers)
    .filter(([k]) => k !== 'cookie' || !r.headers.cookie?.startsWith('gc_session=gcs_'))
    .map(([k, v]) => `${k}: ${v.slice(0, 60)}`)
    .join('; ');
  return `${r.method} ${r.path.slice(0, 160)} [${h}]${r.body ? ` body ${JSON.stringify(r.body.toString('latin1').slice(0, 80))}` : ''}`;
}
