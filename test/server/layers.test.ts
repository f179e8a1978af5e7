import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerListSchema, layerSchema } from '../../contracts/layers.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { sharedData } from '../support/sharedData.ts';

const SAMPLES = sharedData('3dtiles-cesium-samples') + '/';
const CITY = '/layers/1.0/TilesetWithRequestVolume/city/tileset.json';

describe.each(testEngines())('external 3D layers on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const as: Record<string, Record<string, string>> = {};
  const send = (method: string, path: string, who: string, body?: unknown) =>
    fetch(srv.url + path, {
      method,
      headers: { ...as[who], 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      tiles3d: { layersDir: SAMPLES, prebuild: false, refreshMs: 0 },
    });
    as.adminA = (await loginAs(t.db, srv.url, 'admin', STREET_A)).headers;
    as.adminB = (await loginAs(t.db, srv.url, 'admin', STREET_B)).headers;
    as.district = (await loginAs(t.db, srv.url, 'leader', '120106')).headers;
    as.leaderA = (await loginAs(t.db, srv.url, 'leader', STREET_A)).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('registers, lists by jurisdiction and removes a layer', async () => {
    const res = await send('POST', '/api/layers', 'adminA', {
      name: '光荣里倾斜摄影',
      kind: 'photogrammetry',
      url: CITY,
      tilesVersion: '1.0',
      heightOffsetM: -2.5,
    });
    expect(res.status).toBe(201);
    const layer = layerSchema.parse(await res.json());
    expect(layer).toMatchObject({
      jurisdiction: STREET_A,
      classify: true,
      modelMatrix: null,
      heightOffsetM: -2.5,
    });

    const list = async (who: string) =>
      layerListSchema.parse(await (await send('GET', '/api/layers', who)).json());
    expect((await list('leaderA')).layers.map((l) => l.id)).toEqual([layer.id]);
    expect((await list('district')).layers.map((l) => l.id)).toEqual([layer.id]); // inside the district
    expect((await list('adminB')).layers).toEqual([]); // a sibling street does not see it

    expect((await send('DELETE', `/api/layers/${layer.id}`, 'adminB')).status).toBe(404);
    expect((await send('DELETE', `/api/layers/${layer.id}`, 'leaderA')).status).toBe(403);
    expect((await send('DELETE', `/api/layers/${layer.id}`, 'adminA')).status).toBe(204);
    expect((await list('leaderA')).layers).toEqual([]);
  });

  it('refuses bad bodies naming the field, duplicates with 409, and non-administrators with 403', async () => {
    const base = {
      name: 'BIM 1号楼',
      kind: 'bim',
      url: '/layers/1.1/MultipleContents/tileset.json',
      tilesVersion: '1.1',
    };
    const cases: Array<[object, string]> = [
      [{ ...base, kind: 'lidar' }, 'kind'],
      [{ ...base, url: 'ftp://x/tileset.json' }, 'url'],
      [{ ...base, url: '/layers/a.b3dm' }, 'url'],
      [{ ...base, tilesVersion: '2.0' }, 'tilesVersion'],
      [{ ...base, modelMatrix: [1, 0, 0] }, 'modelMatrix'],
      [{ ...base, name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await send('POST', '/api/layers', 'adminA', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((await r.json()).error.field).toBe(field);
    }
    expect((await send('POST', '/api/layers', 'leaderA', base)).status).toBe(403);
    const matrix = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 100, 200, 300, 1];
    const ok = await send('POST', '/api/layers', 'adminA', { ...base, modelMatrix: matrix, classify: false });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ modelMatrix: matrix, classify: false });
    const dup = await send('POST', '/api/layers', 'adminB', base);
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatchObject({ code: 'duplicate', field: 'name' });
  });

  it('serves tilesets from LAYERS_DIR behind the login, gzipped, no escaping the folder', async () => {
    expect((await fetch(srv.url + CITY)).status).toBe(401);
    const res = await fetch(srv.url + CITY, { headers: { ...as.leaderA, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const tileset = await res.json();
    expect(tileset.asset.version).toBe('1.0');
    const b3dm = await fetch(`${srv.url}/layers/1.0/TilesetWithRequestVolume/city/ll.b3dm`, {
      headers: as.leaderA,
    });
    expect(b3dm.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await b3dm.arrayBuffer()).subarray(0, 4))).toBe('b3dm');
    const missing = await fetch(`${srv.url}/layers/none/tileset.json`, { headers: as.leaderA });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const escape = await fetch(`${srv.url}/layers/..%2F..%2FREADME.md`, { headers: as.leaderA });
    expect([400, 403, 404]).toContain(escape.status);
  });
});
