import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areaSchema, installationSchema, INSTALLATION_PATHS } from '../../contracts/installation.ts';
import { readFeatures } from '../../data/import/features.ts';
import { importRegions } from '../../data/import/importRegions.ts';
import { basemapFromEnv, basemapOrigin } from '../../server/src/installation/installation.service.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { login, loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { sharedData } from '../support/sharedData.ts';

const SHENZHEN = sharedData('cn-admin-boundaries/shenzhen_districts.geojson.gz');
const PASSWORD = 'first admin password';

/**
 * A first start without the demo: an empty installation says it needs its administrator; only a
 * request from the machine itself (no proxy header) makes one, once, for the whole installation;
 * the area a screen opens on is nothing at first, then the imported city's own extent.
 */
describe.each(testEngines())('first start on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(srv.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(srv.url + path, { headers });
    return { status: r.status, body: (await r.json()) as unknown };
  };

  beforeAll(async () => {
    t = await engine.open();
    srv = await startServer(t.db, {
      port: 0,
      basemap: basemapFromEnv({ BASEMAP_URL: 'http://tiles.intranet.example:8081/roads/{z}/{x}/{y}.png' }),
    });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('says it needs its administrator, and refuses one asked for through a proxy', async () => {
    const info = installationSchema.parse((await get(INSTALLATION_PATHS.info)).body);
    expect(info).toMatchObject({ setupNeeded: true, local: true });
    expect(info.basemap).toMatchObject({ kind: 'xyz' });
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const r = await post(
        INSTALLATION_PATHS.firstAdmin,
        { username: 'boss', password: PASSWORD },
        { [header]: '10.1.2.3' },
      );
      expect(r.status, header).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'not_local' });
    }
    const weak = await post(INSTALLATION_PATHS.firstAdmin, { username: 'boss', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'too_short', field: 'password' });
    expect((await t.db.query(`SELECT 1 FROM users`)).rows).toEqual([]);
  });

  it('makes one administrator of the whole installation, once, even when asked twice at once', async () => {
    const [a, b] = await Promise.all([
      post(INSTALLATION_PATHS.firstAdmin, { username: 'Boss', displayName: '管理员', password: PASSWORD }),
      post(INSTALLATION_PATHS.firstAdmin, { username: 'other', password: PASSWORD }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const made = a.status === 201 ? a : b;
    expect(made.body).toMatchObject({ role: 'admin', jurisdiction: '' });
    const refused = a.status === 201 ? b : a;
    expect(refused.body.error).toMatchObject({ code: 'already_set_up' });
    const users = await t.db.query<{ role: string; jurisdiction: string }>(
      `SELECT role, jurisdiction FROM users`,
    );
    expect(users.rows).toEqual([{ role: 'admin', jurisdiction: '' }]);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'installation.first_admin'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(installationSchema.parse((await get(INSTALLATION_PATHS.info)).body).setupNeeded).toBe(false);
    expect((await login(srv.url, made.body.username as string, PASSWORD)).status).toBe(200);
  });

  it('opens on nothing before an import, then on the imported city wherever it is', async () => {
    const { rows: made } = await t.db.query<{ username: string }>(`SELECT username FROM users`);
    const admin = { cookie: (await login(srv.url, made[0]!.username, PASSWORD)).cookie };
    const empty = areaSchema.parse((await get(INSTALLATION_PATHS.area, admin)).body);
    expect(empty).toEqual({
      bbox: null,
      counts: { regions: 0, grids: 0, buildings: 0, houses: 0, residents: 0, roads: 0 },
    });
    await importRegions(t.db, SHENZHEN, await readFeatures(SHENZHEN), { level: 'district' });
    const area = areaSchema.parse((await get(INSTALLATION_PATHS.area, admin)).body);
    expect(area.counts.regions).toBeGreaterThanOrEqual(9);
    const [x0, y0, x1, y1] = area.bbox!;
    // Shenzhen: about 113.7–114.7 E, 22.4–22.9 N
    expect(x0).toBeGreaterThan(113.5);
    expect(x1).toBeLessThan(114.8);
    expect(y0).toBeGreaterThan(22.3);
    expect(y1).toBeLessThan(23);
    // a leader of one district opens on that district alone
    const { rows } = await t.db.query<{ code: string }>(
      `SELECT code FROM regions WHERE level = 'district' ORDER BY ST_Area(geom) LIMIT 1`,
    );
    const leader = await loginAs(t.db, srv.url, 'leader', rows[0]!.code);
    const own = areaSchema.parse((await get(INSTALLATION_PATHS.area, leader.headers)).body);
    expect(own.counts.regions).toBe(1);
    expect(own.bbox![2] - own.bbox![0]).toBeLessThan(x1 - x0);
    expect((await get(INSTALLATION_PATHS.area)).status).toBe(401);
  });

  it('lets the configured tile server in through the Content-Security-Policy, and nothing else', async () => {
    const csp = (await fetch(srv.url + '/')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/img-src [^;]*http:\/\/tiles\.intranet\.example:8081/);
    expect(csp).toMatch(/connect-src [^;]*http:\/\/tiles\.intranet\.example:8081/);
    expect(csp).not.toMatch(/https?:\/\/(?!tiles\.intranet\.example)[a-z]/);
  });
});

describe('BASEMAP_URL', () => {
  it('reads XYZ and WMTS templates and stops on a setting that would show a blank map', () => {
    expect(basemapFromEnv({})).toBeNull();
    expect(
      basemapFromEnv({ BASEMAP_URL: 'http://10.0.0.5/tiles/{z}/{x}/{y}.png', BASEMAP_MAX_LEVEL: '18' }),
    ).toEqual({
      kind: 'xyz',
      url: 'http://10.0.0.5/tiles/{z}/{x}/{y}.png',
      maximumLevel: 18,
    });
    const wmts = basemapFromEnv({
      BASEMAP_URL: 'https://gis.gov.internal/wmts/{TileMatrix}/{TileRow}/{TileCol}.png',
      BASEMAP_LAYER: 'vec',
      BASEMAP_MATRIX_SET: 'c',
      BASEMAP_ATTRIBUTION: '天地图（内网）',
    });
    expect(wmts).toMatchObject({
      kind: 'wmts',
      layer: 'vec',
      style: 'default',
      tileMatrixSetID: 'c',
      attribution: '天地图（内网）',
    });
    expect(basemapOrigin(wmts)).toBe('https://gis.gov.internal');
    expect(() => basemapFromEnv({ BASEMAP_URL: 'http://10.0.0.5/tiles/' })).toThrow(/\{z\}/);
    expect(() => basemapFromEnv({ BASEMAP_URL: 'file:///tiles/{z}/{x}/{y}.png' })).toThrow(/http/);
    expect(() => basemapFromEnv({ BASEMAP_URL: 'not a url {z}{x}{y}' })).toThrow(/not a URL/);
  });
});
