import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { getJson } from '../support/http.ts';
import { loginAs } from '../support/auth.ts';
import { GRID_A, GRID_B, loadSmallDistrict, PEOPLE, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { buildingCollectionSchema, buildingDetailSchema } from '../../contracts/buildings.ts';
import { buildingResidentsSchema, searchResultSchema } from '../../contracts/residents.ts';
import { healthSchema } from '../../contracts/health.ts';
import { selectBuilding, selectBuildingResidentsJson } from '../../server/src/buildings/buildings.sql.ts';
import { regionDetailSchema, regionTreeSchema } from '../../contracts/regions.ts';
import { basemapSchema } from '../../contracts/basemap.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

describe.each(testEngines())('REST API on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let ids: Awaited<ReturnType<typeof loadSmallDistrict>>;
  // Administrators (masked data, search, no key populations) of the whole installation, the
  // district and both streets; `get(path, j)` asks as the one whose jurisdiction is j.
  const sessions = new Map<string, Record<string, string>>();
  const get = (path: string, jurisdiction = '', extra: Record<string, string> = {}) =>
    getJson(srv.url, path, { ...sessions.get(jurisdiction), ...extra });
  const expectError = (
    r: { status: number; body: { error: { code: string; message: string; field?: string } } },
    status: number,
    field?: string,
  ) => {
    expect(r.status).toBe(status);
    expect(typeof r.body.error.code).toBe('string');
    expect(r.body.error.message.length).toBeGreaterThan(5);
    if (field) expect(r.body.error.field).toBe(field);
    expect(JSON.stringify(r.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack traces
  };

  beforeAll(async () => {
    t = await engine.open();
    ids = await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    for (const j of ['', '120106', STREET_A, STREET_B])
      sessions.set(j, (await loginAs(t.db, srv.url, 'admin', j)).headers);
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('reports health: engine, PostGIS version, counts', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    const h = healthSchema.parse(body);
    expect(h.engine).toBe(engine.name);
    expect(h.postgis).toMatch(/^3\./);
    expect(h.counts).toEqual({
      regions: 7,
      buildings: 3,
      houses: 5,
      residents: 6,
      gridWorkers: 2,
      places: 0,
    });
    // The embedded PostGIS is built without protobuf: no ST_AsMVT there.
    expect(h.capabilities.mvt).toBe(engine.name === 'postgres');
  });

  it('serves the region tree, cut to the jurisdiction', async () => {
    const all = regionTreeSchema.parse((await get('/api/regions')).body).regions;
    expect(all.map((r) => r.code)).toEqual(['120106']);
    expect(all[0]!.children.map((s) => s.code)).toEqual([STREET_A, STREET_B]);
    expect(all[0]!.children[0]!.children[0]!.children[0]).toMatchObject({
      code: GRID_A,
      level: 'grid',
      children: [],
    });

    const streetA = regionTreeSchema.parse((await get('/api/regions', STREET_A)).body).regions;
    expect(streetA.map((r) => r.code)).toEqual([STREET_A]);
    expect(JSON.stringify(streetA)).not.toContain(STREET_B);
  });

  it('serves one region with its polygon, bbox, children and occupancy', async () => {
    const { status, body } = await get(`/api/regions/${STREET_A}`);
    expect(status).toBe(200);
    const r = regionDetailSchema.parse(body);
    expect(r).toMatchObject({ name: '西于庄街道', level: 'street', parentCode: '120106' });
    expect(r.geometry.type).toBe('MultiPolygon');
    expect(r.bbox.map((v) => Math.round(v * 100) / 100)).toEqual([117.1, 39.14, 117.15, 39.2]);
    expect(r.children).toEqual([{ code: '120106001001', name: '光荣里社区', level: 'community' }]);
    expect(r.summary).toEqual({
      buildings: 1,
      houses: 4,
      residents: 5,
      floating: 1,
      rented: 1,
      vacant: 1,
      elderlyAlone: 1,
      gridWorkers: 1,
    });
  });

  it('hides regions outside the jurisdiction as not found, and rejects malformed codes', async () => {
    expectError(await get(`/api/regions/${STREET_B}`, STREET_A), 404, 'code');
    expectError(await get(`/api/regions/99999`), 400, 'code');
    expectError(await get(`/api/regions/120106999`), 404, 'code');
    // The jurisdiction comes from the login only: the old X-Jurisdiction header changes nothing.
    const widened = regionTreeSchema.parse(
      (await get('/api/regions', STREET_A, { 'X-Jurisdiction': '' })).body,
    );
    expect(widened.regions.map((r) => r.code)).toEqual([STREET_A]);
    expect((await getJson(srv.url, '/api/regions', { 'X-Jurisdiction': '' })).status).toBe(401);
  });

  it('lists buildings in a bbox as GeoJSON with occupancy counts', async () => {
    const { status, body } = await get('/api/buildings?bbox=117.1,39.1,117.2,39.2');
    expect(status).toBe(200);
    const fc = buildingCollectionSchema.parse(body);
    expect(fc.truncated).toBe(false);
    expect(fc.features.map((f) => f.id)).toEqual([ids.buildingA, ids.buildingB]);
    expect(fc.features[0]!.geometry.type).toBe('MultiPolygon');
    expect(fc.features[0]!.properties).toEqual({
      id: ids.buildingA,
      name: '光荣里1号楼',
      address: '红桥区光荣道1号',
      floors: 6,
      heightM: 18,
      use: 'residential',
      gridCode: GRID_A,
      houses: 4,
      residents: 5,
      floating: 1,
      rented: 1,
      vacant: 1,
      elderlyAlone: 1,
    });
    const limited = buildingCollectionSchema.parse(
      (await get('/api/buildings?bbox=117.1,39.1,117.2,39.2&limit=1')).body,
    );
    expect(limited.features).toHaveLength(1);
    expect(limited.truncated).toBe(true);
    const b = buildingCollectionSchema.parse(
      (await get('/api/buildings?bbox=117.1,39.1,117.2,39.2', STREET_B)).body,
    );
    expect(b.features.map((f) => f.id)).toEqual([ids.buildingB]);
  });

  it('rejects malformed, inverted, out-of-range and city-sized bboxes with the field named', async () => {
    for (const bad of [
      '',
      '1,2,3',
      'a,b,c,d',
      '117.2,39.1,117.1,39.2',
      '117,39,117,39',
      '181,0,182,1',
      '116,38,118,40',
      '1,,2,3',
    ]) {
      expectError(await get(`/api/buildings?bbox=${bad}`), 400, 'bbox');
    }
    const missing = await get('/api/buildings');
    expectError(missing, 400, 'bbox');
    expect(missing.body.error.code).toBe('required');
    expect((await get('/api/buildings?bbox=116,38,118,40')).body.error.code).toBe('too_large');
    expectError(await get('/api/buildings?bbox=117.1,39.1,117.2,39.2&limit=0'), 400, 'limit');
  });

  it('shows a building with its grid, worker (phone masked) and occupancy summary', async () => {
    const { status, body } = await get(`/api/buildings/${ids.buildingA}`);
    expect(status).toBe(200);
    const b = buildingDetailSchema.parse(body);
    expect(b).toMatchObject({
      houses: 4,
      residents: 5,
      floating: 1,
      rented: 1,
      vacant: 1,
      elderlyAlone: 1,
      entrances: 2,
    });
    expect(b.grid).toEqual({ code: GRID_A, name: '光荣里第一网格' });
    expect(b.gridWorkers).toEqual([{ id: expect.any(Number), name: '陈静', phone: '136****1234' }]);
    expect(b.center[0]).toBeCloseTo(117.1203, 3);
  });

  it('answers unknown, malformed and out-of-jurisdiction building ids clearly', async () => {
    expectError(await get('/api/buildings/999999'), 404, 'id');
    expectError(await get('/api/buildings/abc'), 400, 'id');
    expectError(await get('/api/buildings/-3/residents'), 400, 'id');
    expectError(await get(`/api/buildings/${ids.buildingA}`, STREET_B), 404, 'id');
    expectError(await get(`/api/buildings/${ids.buildingA}/residents`, STREET_B), 404, 'id');
    // A building outside every grid (an import) is visible only to the whole-installation scope.
    expect((await get(`/api/buildings/${ids.buildingX}`)).status).toBe(200);
    expect((await get(`/api/buildings/${ids.buildingX}`, '120106')).status).toBe(404);
  });

  it('以房找人: groups houses entrance → floor → room with masked residents', async () => {
    const { status, body } = await get(`/api/buildings/${ids.buildingA}/residents`);
    expect(status).toBe(200);
    const r = buildingResidentsSchema.parse(body);
    expect(r.building.name).toBe('光荣里1号楼');
    expect(
      r.entrances.map((e) => [e.entrance, e.floors.map((f) => [f.floor, f.houses.map((h) => h.room)])]),
    ).toEqual([
      [
        1,
        [
          [1, ['1**', '1**']],
          [2, ['2**']],
        ],
      ],
      [2, [[1, ['1**']]]],
    ]);
    // Rooms are masked within their floor; the houses keep distinct ids in room order.
    const floor1 = r.entrances[0]!.floors[0]!.houses;
    expect(new Set(floor1.map((h) => h.id)).size).toBe(2);
    const h101 = r.entrances[0]!.floors[0]!.houses[0]!;
    expect(h101.residents.map((p) => [p.name, p.relation])).toEqual([
      ['张伟', 'head'],
      ['李娜', 'spouse'],
      ['张小明', 'child'],
    ]);
    const zw = h101.residents[0]!;
    expect(zw.idNumber).toBe(`120106********${PEOPLE.zhangWei.id.slice(14)}`);
    expect(zw.phone).toBe('138****5678');
    expect(h101.residents[2]!.phone).toBeNull();
    expect(JSON.stringify(body)).not.toContain(PEOPLE.zhangWei.id);
    // Key-population tags stay on the server for callers without that permission.
    expect(h101.residents[1]).not.toHaveProperty('keyTags');
    expect(JSON.stringify(body)).not.toContain('petitioner');
    const vacant = r.entrances[1]!.floors[0]!.houses[0]!;
    expect(vacant).toMatchObject({ status: 'vacant', residents: [] });
    expect(r.entrances[0]!.floors[0]!.houses[1]!.residents[0]!.careTags).toEqual(['elderly_alone']);
  });

  it('以房找人 and the building card run as statements prepared once per connection, each call with its own values', async () => {
    const names = async () =>
      Promise.all(
        [ids.buildingA, ids.buildingB, ids.buildingA].map(
          async (id) =>
            buildingResidentsSchema.parse((await get(`/api/buildings/${id}/residents`)).body).building.name,
        ),
      );
    const expected = await names();
    expect(expected[0]).toBe('光荣里1号楼');
    expect(expected[1]).not.toBe(expected[0]);
    expect(await names()).toEqual(expected);
    // Another caller's values through the same prepared statement: outside the jurisdiction → 404.
    expect((await get(`/api/buildings/${ids.buildingB}/residents`, STREET_A)).status).toBe(404);
    expect((await get(`/api/buildings/${ids.buildingA}/residents`, STREET_A)).status).toBe(200);
    if (t.db.engine !== 'postgres') return;
    const prepared = await t.db.transaction(async (tx) => {
      await selectBuildingResidentsJson(tx, ids.buildingA, '', false);
      await selectBuildingResidentsJson(tx, ids.buildingB, '', false);
      expect((await selectBuilding(tx, ids.buildingB, ''))?.id).toBe(ids.buildingB);
      expect(await selectBuilding(tx, ids.buildingB, STREET_A)).toBeUndefined();
      return (await tx.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`)).rows.map(
        (r) => r.name,
      );
    });
    expect(prepared).toEqual(expect.arrayContaining(['building-residents', 'building-detail']));
  });

  it('以人找房: finds a person by name, full ID, ID tail, phone and phone tail, with the house', async () => {
    const search = async (q: string, j?: string) =>
      searchResultSchema.parse((await get(`/api/residents/search?q=${encodeURIComponent(q)}`, j)).body);
    const byName = await search('张伟');
    expect(byName.hits).toHaveLength(1);
    expect(byName.hits[0]).toMatchObject({
      name: '张伟',
      matchedBy: 'name',
      buildingId: ids.buildingA,
      buildingName: '光荣里1号楼',
      gridCode: GRID_A,
      house: { entrance: 1, floor: 1, room: '1**' },
      phone: '138****5678',
    });
    expect(byName.hits[0]!.point![0]).toBeCloseTo(117.1203, 3);
    expect(byName.hits[0]!.point![1]).toBeCloseTo(39.1701, 3);
    expect((await search('张小')).hits.map((h) => h.name)).toEqual(['张小明']);
    expect((await search(PEOPLE.zhaoQiang.id)).hits.map((h) => [h.name, h.matchedBy])).toEqual([
      ['赵强', 'id_number'],
    ]);
    expect((await search(PEOPLE.liuYang.id.slice(-6))).hits.map((h) => [h.name, h.matchedBy])).toEqual([
      ['刘洋', 'id_tail'],
    ]);
    expect((await search('13812345678')).hits.map((h) => [h.name, h.matchedBy])).toEqual([['张伟', 'phone']]);
    expect((await search('3333')).hits.map((h) => [h.name, h.matchedBy])).toEqual([['王芳', 'phone_tail']]);
    // Jurisdiction: street B cannot find street A's people.
    expect((await search('张伟', STREET_B)).hits).toEqual([]);
    expect((await search('刘洋', STREET_B)).hits.map((h) => h.gridCode)).toEqual([GRID_B]);
  });

  it('rejects short, long and SQL-laden searches and changes nothing', async () => {
    for (const [q, code] of [
      ['张', 'too_short'],
      ['', 'too_short'],
      ['12', 'invalid'],
      ["张'; DROP TABLE residents;--", 'invalid'],
      ['%', 'too_short'],
      ['a%b_', 'invalid'],
      ['张'.repeat(40), 'too_large'],
    ] as const) {
      const r = await get(`/api/residents/search?q=${encodeURIComponent(q)}`);
      expectError(r, 400, 'q');
      expect(r.body.error.code).toBe(code);
    }
    expectError(await get('/api/residents/search'), 400, 'q');
    expect((await get('/api/health')).body.counts.residents).toBe(6);
  });

  it('draws the basemap: roads in the bbox and the outlines of regions inside the jurisdiction', async () => {
    const all = basemapSchema.parse((await get('/api/basemap?bbox=117.1,39.1,117.2,39.2')).body);
    expect(all.roads.map((r) => [r.name, r.class, r.geometry.type])).toEqual([
      ['光荣道', 'primary', 'LineString'],
    ]);
    expect(all.regions.map((r) => r.code)).toEqual([
      STREET_A,
      '120106001001',
      GRID_A,
      STREET_B,
      '120106002001',
      GRID_B,
    ]);
    const grid = all.regions.find((r) => r.code === GRID_A)!;
    expect(grid.labelPoint[0]).toBeGreaterThan(117.1);
    expect(grid.labelPoint[0]).toBeLessThan(117.15);
    const b = basemapSchema.parse((await get('/api/basemap?bbox=117.1,39.1,117.2,39.2', STREET_B)).body);
    expect(b.regions.map((r) => r.code)).toEqual([STREET_B, '120106002001', GRID_B]);
    expectError(await get('/api/basemap?bbox=1,2'), 400, 'bbox');
  });

  it('serves buildings as vector tiles on either engine (ST_AsMVT on PostGIS, encoded in JS on PGlite)', async () => {
    // z16 tile holding building A (117.1203E 39.1701N).
    const [z, x, y] = [16, 54089, 25006];
    const tile = async (j = '') => {
      const res = await fetch(`${srv.url}/api/tiles/buildings/${z}/${x}/${y}.mvt`, {
        headers: sessions.get(j),
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        bytes: new Uint8Array(await res.arrayBuffer()),
      };
    };
    const all = await tile();
    expect(all.status).toBe(200);
    expect(all.type).toBe('application/vnd.mapbox-vector-tile');
    const layer = new VectorTile(new PbfReader(all.bytes)).layers.buildings!;
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    expect(features.map((f) => f.id)).toEqual([ids.buildingA]);
    expect(features[0]!.properties).toMatchObject({
      floors: 6,
      heightM: 18,
      use: 'residential',
      gridCode: GRID_A,
    });
    expect(features[0]!.type).toBe(3); // polygon
    // Street B cannot see street A's building: an empty tile.
    expect((await tile(STREET_B)).status).toBe(204);
    expectError(await get(`/api/tiles/buildings/3/1/1.mvt`), 400, 'z');
    expectError(await get(`/api/tiles/buildings/16/70000/1.mvt`), 400, 'x');
  });

  it('answers unknown routes with a JSON 404, and asks for a login before saying so', async () => {
    // Unknown feature, unknown path under a known feature, known path with a trailing segment.
    for (const path of ['/api/nope', '/api/buildings/1/nope', '/api/health/x', '/api/', '/api'])
      expect((await get(path)).body.error.code, path).toBe('unknown_route');
    expectError(await get('/api/nope'), 404);
    // Public doors (login, health, OsmAnd) answer without a login; every other feature asks first.
    expect((await getJson(srv.url, '/api/health')).status).toBe(200);
    expect((await getJson(srv.url, '/api/nope')).status).toBe(401);
    expect((await getJson(srv.url, '/api/buildings/1')).status).toBe(401);
    // A feature reached through its second prefix (the workers router also serves /duty).
    expect((await get('/api/duty/me')).body.error.code).toBe('forbidden'); // admin is no grid worker
  });
});
