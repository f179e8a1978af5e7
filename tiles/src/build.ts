import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TileBuildingProps } from '../../contracts/tiles3d.ts';
import type { Polygon } from './footprint.ts';
import { writeGlb } from './glb.ts';
import { MeshBuffers } from './mesh.ts';
import { planTree, walk, type IndexRow, type PlannedTile } from './quadtree.ts';
import { tileFrame, tilesetJson, type ContentFiles } from './tileset.ts';

/** Bump when the GLB layout changes: every content hash changes with it, so clients refetch all. */
export const BUILDER_VERSION = 'gc3dt-1';

export type IndexedBuilding = IndexRow & TileBuildingProps;

/** Where buildings come from (PostGIS via buildings.sql.ts, or fixtures in tests). */
export interface BuildingSource {
  /** Every building with its metadata and bbox, no geometry. */
  index(): Promise<IndexedBuilding[]>;
  /** Footprints of these buildings ('all': every building of the index). */
  footprints(ids: readonly number[] | 'all'): Promise<Map<number, Polygon[]>>;
}

export interface BuildResult {
  version: string;
  buildings: number;
  tiles: number;
  /** Tile contents written in this run (the rest were unchanged and kept). */
  changedTiles: number;
  changedKeys: string[];
  ms: { index: number; read: number; mesh: number; write: number; total: number };
}

export interface Manifest {
  version: string;
  builtAt: string;
  buildings: number;
  /** tile key → content file, for this version. */
  tiles: Record<string, string>;
  /** Content files of the previous version (kept one version so loaded tilesets still resolve). */
  previous: string[];
  /** What the builder's caller says this version was built from (the server: database and watermark). */
  stamp?: Record<string, string> | undefined;
}

/**
 * Builds or updates the tileset in outDir: tileset.json, content/<hash>.glb, manifest.json.
 * Contents are addressed by a hash of what goes into them (builder version, tile key, each
 * building's digest), so only tiles whose buildings changed are meshed again; the version is a
 * hash of all content hashes.
 */
export async function buildTileset(
  source: BuildingSource,
  outDir: string,
  opts: { stamp?: Record<string, string> | undefined } = {},
): Promise<BuildResult> {
  const t0 = performance.now();
  const rows = await source.index();
  const tIndex = performance.now();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const root = planTree(rows);
  const files: ContentFiles = new Map();
  const tiles = root ? [...walk(root)] : [];
  for (const t of tiles) files.set(t.key, `${contentHash(t, byId)}.glb`);
  const contentDir = join(outDir, 'content');
  await mkdir(contentDir, { recursive: true });
  const existing = new Set(await readdir(contentDir));
  const todo = tiles.filter((t) => !existing.has(files.get(t.key)!));

  const needed = new Set<number>();
  for (const t of todo) for (const id of contentIds(t)) needed.add(id);
  const footprints =
    needed.size === 0
      ? new Map()
      : await source.footprints(needed.size === rows.length ? 'all' : [...needed]);
  const tRead = performance.now();

  let meshMs = 0;
  let writeMs = 0;
  for (const t of todo) {
    const m0 = performance.now();
    const glb = meshTile(t, byId, footprints);
    const m1 = performance.now();
    const file = join(contentDir, files.get(t.key)!);
    await writeFile(`${file}.tmp`, glb);
    await rename(`${file}.tmp`, file);
    meshMs += m1 - m0;
    writeMs += performance.now() - m1;
  }

  const version = root
    ? createHash('sha256')
        .update([...files.values()].join(','))
        .digest('hex')
        .slice(0, 16)
    : 'empty';
  const w0 = performance.now();
  const json = tilesetJson(root, files, version);
  await atomicWrite(join(outDir, 'tileset.json'), JSON.stringify(json));
  const old = await readManifest(outDir);
  const previous = old && old.version !== version ? Object.values(old.tiles) : (old?.previous ?? []);
  const keep = new Set([...files.values(), ...previous]);
  const manifest: Manifest = {
    version,
    builtAt: new Date().toISOString(),
    buildings: rows.length,
    tiles: Object.fromEntries(files),
    previous,
    stamp: opts.stamp,
  };
  await atomicWrite(join(outDir, 'manifest.json'), JSON.stringify(manifest));
  for (const f of existing)
    if (f.endsWith('.glb') && !keep.has(f)) await rm(join(contentDir, f), { force: true });
  writeMs += performance.now() - w0;
  const total = performance.now() - t0;
  return {
    version,
    buildings: rows.length,
    tiles: tiles.length,
    changedTiles: todo.length,
    changedKeys: todo.map((t) => t.key),
    ms: { index: tIndex - t0, read: tRead - tIndex, mesh: meshMs, write: writeMs, total },
  };
}

/** The buildings drawn in a tile's own content. */
const contentIds = (t: PlannedTile) => t.ids;

function contentHash(t: PlannedTile, byId: Map<number, IndexedBuilding>): string {
  const h = createHash('sha256').update(`${BUILDER_VERSION}|${t.key}|${t.leaf ? 'leaf' : 'coarse'}`);
  for (const id of contentIds(t)) h.update(`|${id}:${byId.get(id)!.digest}`);
  return h.digest('hex').slice(0, 32);
}

/** One tile's GLB: its buildings in its own east-north-up frame (see tileset.ts for the transform). */
export function meshTile(
  t: PlannedTile,
  byId: Map<number, IndexedBuilding>,
  footprints: Map<number, Polygon[]>,
): Uint8Array {
  const frame = tileFrame(t);
  const mesh = new MeshBuffers();
  const props: IndexedBuilding[] = [];
  for (const id of contentIds(t)) {
    const polygons = footprints.get(id);
    if (!polygons) continue;
    const row = byId.get(id)!;
    mesh.addBuilding(frame, polygons, row.heightM, props.length, !t.leaf);
    props.push(row);
  }
  return writeGlb(mesh, props);
}

async function atomicWrite(path: string, data: string): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
