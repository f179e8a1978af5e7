import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tiles3dVersionSchema, type Tiles3dUpdated } from '../../contracts/tiles3d.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loadSmallDistrict, STREET_A } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { readGlb } from '../tiles/glbRead.ts';
import { Tiles3dService } from '../../server/src/tiles3d/tiles3d.service.ts';
import { readManifest } from '../../tiles/src/build.ts';
import { Hub } from '../../server/src/realtime/hub.ts';
import type { Queryable } from '../../server/src/db/db.ts';

/** Ids of the buildings in every content of a tileset, as the server sends them. */
async function idsInTileset(base: string, headers: Record<string, string>) {
  const res = await fetch(`${base}/api/3dtiles/buildings/tileset.json`, { headers });
  expect(res.status).toBe(200);
  const tileset = await res.json();
  const uris: string[] = [];
  const walk = (t: { content?: { uri: string }; children?: unknown[] }) => {
    if (t.content) uris.push(t.content.uri);
    for (const c of t.children ?? []) walk(c as typeof t);
  };
  walk(tileset.root);
  const ids = new Set<number>();
  for (const uri of uris) {
    const r = await fetch(`${base}/api/3dtiles/buildings/${uri}`, { headers });
    expect(r.status).toBe(200);
    for (const id of readGlb(new Uint8Array(await r.arrayBuffer())).column('id')) ids.add(id);
  }
  return { tileset, ids, uris };
}

describe.each(testEngines())('3D Tiles served on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let dir: string;
  let ids: Awaited<ReturnType<typeof loadSmallDistrict>>;
  let all: Record<string, string>;
  let streetA: Record<string, string>;

  beforeAll(async () => {
    t = await engine.open();
    ids = await loadSmallDistrict(t.db);
    dir = await mkdtemp(join(tmpdir(), 'gc-tiles3d-'));
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      tiles3d: { dir, checkMs: 0, refreshMs: 0, prebuild: false },
    });
    all = (await loginAs(t.db, srv.url, 'leader', '')).headers;
    streetA = (await loginAs(t.db, srv.url, 'leader', STREET_A)).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('needs a login', async () => {
    const res = await fetch(`${srv.url}/api/3dtiles/buildings/tileset.json`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('serves tileset.json revalidated and gzipped, contents immutable, unknown contents 404', async () => {
    const res = await fetch(`${srv.url}/api/3dtiles/buildings/tileset.json`, {
      headers: { ...all, 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('content-encoding')).toBe('gzip'); // fetch decodes it for us
    const tileset = await res.json();
    expect(tileset.asset.version).toBe('1.1');
    const uri: string = tileset.root.content.uri;
    const glb = await fetch(`${srv.url}/api/3dtiles/buildings/${uri}`, { headers: all });
    expect(glb.status).toBe(200);
    expect(glb.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(glb.headers.get('content-type')).toBe('model/gltf-binary');
    const missing = await fetch(`${srv.url}/api/3dtiles/buildings/content/${'0'.repeat(32)}.glb`, {
      headers: all,
    });
    expect(missing.status).toBe(404);
    const bad = await fetch(`${srv.url}/api/3dtiles/buildings/content/..%2Fmanifest.json`, { headers: all });
    expect(bad.status).toBe(404);
  });

  it("holds only the caller's jurisdiction: feature ids are database ids", async () => {
    const whole = await idsInTileset(srv.url, all);
    expect(whole.ids).toEqual(new Set([ids.buildingA, ids.buildingB, ids.buildingX]));
    const street = await idsInTileset(srv.url, streetA);
    expect(street.ids).toEqual(new Set([ids.buildingA]));
  });

  it('after an edit rebuilds only the affected tiles, changes the version and announces it', async () => {
    const before = await idsInTileset(srv.url, streetA);
    const v0 = tiles3dVersionSchema.parse(
      await (await fetch(`${srv.url}/api/3dtiles/buildings/version`, { headers: streetA })).json(),
    );
    expect(v0.version).toBe(before.tileset.asset.tilesetVersion);
    const cookie = streetA.cookie!;
    const socket: Socket = connect(srv.url, { extraHeaders: { cookie }, transports: ['websocket'] });
    const updated = new Promise<Tiles3dUpdated>((resolve) => socket.on('tiles3d:updated', resolve));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    try {
      // Street B's building changes: street A's tileset stays as it is.
      await t.db.query(`UPDATE buildings SET height_m = 60 WHERE id = $1`, [ids.buildingB]);
      const same = await (
        await fetch(`${srv.url}/api/3dtiles/buildings/version`, { headers: streetA })
      ).json();
      expect(same.version).toBe(v0.version);
      // Its own building changes: a new version, and the event.
      await t.db.query(`UPDATE buildings SET floors = 7, height_m = 21 WHERE id = $1`, [ids.buildingA]);
      const after = await idsInTileset(srv.url, streetA);
      expect(after.tileset.asset.tilesetVersion).not.toBe(v0.version);
      expect(await updated).toMatchObject({
        jurisdiction: STREET_A,
        version: after.tileset.asset.tilesetVersion,
      });
      expect(after.uris).not.toEqual(before.uris);
    } finally {
      socket.disconnect();
    }
    // The whole installation's tileset: three leaves, one rebuilt per edited building.
    const whole0 = await idsInTileset(srv.url, all);
    await t.db.query(`UPDATE buildings SET height_m = 12 WHERE id = $1`, [ids.buildingX]);
    const whole1 = await idsInTileset(srv.url, all);
    const kept = whole1.uris.filter((u) => whole0.uris.includes(u));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(whole1.uris.length);
  });

  it('checks the change log, not the buildings: no write, no read; a resident moving in is seen; a restart adopts its manifest', async () => {
    const svcDir = await mkdtemp(join(tmpdir(), 'gc-tiles3d-svc-'));
    let queries = 0;
    const counted: Queryable = {
      query: (sql, params) => (queries++, t.db.query(sql, params)),
      queryBytes: (sql, params) => (queries++, t.db.queryBytes(sql, params)),
      exec: (sql) => t.db.exec(sql),
    };
    const opts = { dir: svcDir, layersDir: undefined, checkMs: 0, refreshMs: 0, prebuild: false };
    try {
      const svc = new Tiles3dService(counted, new Hub(), opts);
      const v1 = await svc.update(STREET_A);
      expect(v1.buildings).toBe(1);
      const built = queries;
      expect(built).toBeGreaterThan(2); // the check, the index, the footprints

      queries = 0;
      expect(await svc.update(STREET_A)).toEqual(v1);
      expect(queries).toBe(1); // the check alone

      // A new resident in building A: its counts change, so does its tile.
      await t.db.query(
        `INSERT INTO residents (name, id_number, sex, birth_date, category, house_id)
         SELECT '测试人', '12010619900101001X', 'M', '1990-01-01', 'floating', id
         FROM houses WHERE building_id = $1 LIMIT 1`,
        [ids.buildingA],
      );
      const v2 = await svc.update(STREET_A);
      expect(v2.version).not.toBe(v1.version);

      // A fresh service on the same folder (a restart) takes the tileset from its manifest.
      const manifest = await readManifest(svc.dirOf(STREET_A));
      expect(manifest?.stamp?.watermark).toMatch(/^[0-9]+$/);
      queries = 0;
      const restarted = new Tiles3dService(counted, new Hub(), opts);
      const v3 = await restarted.update(STREET_A);
      expect(v3).toMatchObject({ version: v2.version, buildings: 1 });
      expect(queries).toBe(1);
      // … and still sees the next write.
      await t.db.query(`UPDATE buildings SET floors = 9, height_m = 27 WHERE id = $1`, [ids.buildingA]);
      expect((await restarted.update(STREET_A)).version).not.toBe(v2.version);

      if (t.db.engine === 'postgres') {
        // A transaction still open at a check is not missed once it commits.
        const before = (await svc.update(STREET_A)).version;
        await t.db.transaction(async (tx) => {
          await tx.query(`UPDATE buildings SET height_m = 33 WHERE id = $1`, [ids.buildingA]);
          expect((await svc.update(STREET_A)).version).toBe(before); // not committed: not seen
        });
        expect((await svc.update(STREET_A)).version).not.toBe(before);
      }
    } finally {
      await rm(svcDir, { recursive: true, force: true });
    }
  });
});
