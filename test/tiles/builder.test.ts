import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import validator from 'gltf-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTileset } from '../../tiles/src/build.ts';
import { polygonsFromGeoJson } from '../../tiles/src/footprint.ts';
import { enuFrame, metresPerDegree } from '../../tiles/src/geodesy.ts';
import { MeshBuffers } from '../../tiles/src/mesh.ts';
import { FIXTURE_GEOMETRIES, fixtureSource } from './fixture.ts';
import { readGlb } from './glbRead.ts';

const GOLDEN = new URL('./golden/tileset.structure.json', import.meta.url);
const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'gc-tiles-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** tileset.json with content hashes and float noise taken out: what the golden file pins down. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tileset JSON
function structure(tile: any): unknown {
  return {
    geometricError: tile.geometricError,
    ...(tile.refine ? { refine: tile.refine } : {}),
    region: tile.boundingVolume.region.map((x: number) => Number(x.toFixed(7))),
    content: tile.content.uri.replace(/[0-9a-f]{32}/, '<hash>'),
    transformOrigin: tile.transform.slice(12, 15).map((x: number) => Math.round(x) || 0),
    ...(tile.children ? { children: tile.children.map(structure) } : {}),
  };
}

describe('3D Tiles builder', () => {
  it('writes a tileset whose structure matches the golden file', async () => {
    const out = await tempDir();
    const { source } = fixtureSource();
    const r = await buildTileset(source, out);
    const tileset = JSON.parse(await readFile(join(out, 'tileset.json'), 'utf8'));
    expect(tileset.asset).toMatchObject({ version: '1.1', tilesetVersion: r.version });
    const actual = { geometricError: tileset.geometricError, root: structure(tileset.root) };
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN))
      await writeFile(GOLDEN, JSON.stringify(actual, null, 2) + '\n');
    expect(actual).toEqual(JSON.parse(await readFile(GOLDEN, 'utf8')));
    expect(r).toMatchObject({ buildings: 5, tiles: r.changedTiles });
  });

  it('writes GLBs that pass the Khronos glTF validator, one feature per building, ids = database ids', async () => {
    const out = await tempDir();
    const { source } = fixtureSource();
    await buildTileset(source, out);
    const files = (await readdir(join(out, 'content'))).filter((f) => f.endsWith('.glb'));
    expect(files.length).toBeGreaterThan(2);
    const leafIds: number[] = [];
    for (const f of files) {
      const glb = new Uint8Array(await readFile(join(out, 'content', f)));
      const report = await validator.validateBytes(glb);
      expect(report.issues.numErrors, `${f}: ${JSON.stringify(report.issues.messages)}`).toBe(0);
      expect(report.issues.numWarnings).toBe(0);
      const { json, column } = readGlb(glb);
      const fid = json.meshes[0].primitives[0].extensions.EXT_mesh_features.featureIds[0];
      const ids = column('id');
      expect(fid).toMatchObject({ attribute: 0, propertyTable: 0, featureCount: ids.length });
      expect(json.extensionsRequired).toEqual(['KHR_mesh_quantization']);
      if (ids.length <= 3) leafIds.push(...ids);
      expect(column('floors').length).toBe(ids.length);
    }
    // The root's coarse content repeats buildings; the leaves hold each building once.
    expect(new Set(leafIds)).toEqual(new Set([101, 102, 103, 201, 202]));
  });

  it('triangulates a courtyard, a concave L and a MultiPolygon into roofs of the footprint area', () => {
    const { lon, lat } = metresPerDegree(39.17);
    const area = (ring: number[][]) => {
      let s = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
        s += ring[j]![0]! * lon * ring[i]![1]! * lat - ring[i]![0]! * lon * ring[j]![1]! * lat;
      return Math.abs(s / 2);
    };
    for (const [id, g] of Object.entries(FIXTURE_GEOMETRIES)) {
      const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const expected = parts.reduce(
        (s, rings) => s + area(rings[0]!) - rings.slice(1).reduce((h, r) => h + area(r), 0),
        0,
      );
      const mesh = new MeshBuffers();
      mesh.addBuilding(enuFrame(117.1, 39.17), polygonsFromGeoJson(g), 10, 0, false);
      let roof = 0;
      for (let t = 0; t < mesh.indexCount; t += 3) {
        const [a, b, c] = [0, 1, 2].map((k) => mesh.indices[t + k]!);
        if (mesh.normals[a! * 4 + 1] !== 127) continue; // up-facing
        const p = (v: number, k: number) => mesh.positions[v * 3 + k]!;
        // x east, z south (glTF): counter-clockwise from above is clockwise in (x, z).
        const cross =
          (p(b!, 0) - p(a!, 0)) * (p(c!, 2) - p(a!, 2)) - (p(b!, 2) - p(a!, 2)) * (p(c!, 0) - p(a!, 0));
        expect(cross, `roof triangle of ${id} faces up`).toBeLessThan(0);
        roof += -cross / 2;
      }
      expect(roof / expected, `roof area of ${id}`).toBeCloseTo(1, 2);
    }
  });

  it('after an edit rebuilds only the tiles holding that building and changes the version', async () => {
    const out = await tempDir();
    const { source, edit } = fixtureSource();
    const first = await buildTileset(source, out);
    const firstTileset = JSON.parse(await readFile(join(out, 'tileset.json'), 'utf8'));
    const again = await buildTileset(source, out);
    expect(again).toMatchObject({ version: first.version, changedTiles: 0 });

    edit(102, 40);
    const after = await buildTileset(source, out);
    expect(after.version).not.toBe(first.version);
    // The leaf of 102 and its ancestors (coarse contents include it); the other leaves keep their files.
    const leafOf102 = after.changedKeys.filter((k) => k.startsWith('15/'));
    expect(leafOf102).toHaveLength(1);
    expect(after.changedTiles).toBeLessThan(first.tiles);
    expect(after.changedTiles).toBeGreaterThan(0);
    const tileset = JSON.parse(await readFile(join(out, 'tileset.json'), 'utf8'));
    expect(tileset.asset.tilesetVersion).toBe(after.version);
    // Leaves without 102 keep their content files (and URLs, so clients keep them cached).
    const leaves = (t: { content: { uri: string }; children?: unknown[] }): string[] =>
      t.children ? t.children.flatMap((c) => leaves(c as typeof t)) : [t.content.uri];
    const before = new Set(leaves(firstTileset.root));
    const kept = leaves(tileset.root).filter((u) => before.has(u));
    expect(kept.length).toBe(leaves(tileset.root).length - 1);
  });
});
