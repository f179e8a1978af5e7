import { COARSE_MAX_BUILDINGS, LEAF_LEVEL } from '../../contracts/tiles3d.ts';
import { metresPerDegree } from './geodesy.ts';

/**
 * The tile tree of a tileset, planned from a light index of the buildings (no geometry): a
 * geographic quadtree (level z: tiles of 180/2^z degrees, x from −180° east, y from −90° north)
 * whose keys are stable, so an edit touches only the leaf holding the building and its ancestors.
 */
export interface IndexRow {
  id: number;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  heightM: number;
  /** Changes whenever anything written into the tile for this building changes. */
  digest: string;
}

export interface PlannedTile {
  key: string;
  z: number;
  x: number;
  y: number;
  /** Buildings in this tile's content, best first for coarse tiles (ids). */
  ids: number[];
  /** Leaves hold buildings in full; coarser tiles a simplified selection. */
  leaf: boolean;
  /** [west, south, east, north] degrees of the buildings in the whole subtree; and max height. */
  bounds: [number, number, number, number];
  maxHeightM: number;
  geometricError: number;
  children: PlannedTile[];
}

export const tileSizeDeg = (z: number) => 180 / 2 ** z;

export function leafKeyOf(lon: number, lat: number): [number, number] {
  const s = tileSizeDeg(LEAF_LEVEL);
  return [Math.floor((lon + 180) / s), Math.floor((lat + 90) / s)];
}

/** Coarse tiles draw their best buildings first: tall and large ones make the skyline. */
const importance = (r: IndexRow) => {
  const m = metresPerDegree((r.ymin + r.ymax) / 2);
  return r.heightM * Math.max((r.xmax - r.xmin) * m.lon, (r.ymax - r.ymin) * m.lat, 1);
};

/** Plans the tree; undefined for no buildings. */
export function planTree(
  rows: readonly IndexRow[],
  coarseMax = COARSE_MAX_BUILDINGS,
): PlannedTile | undefined {
  const score = new Map(rows.map((r) => [r.id, importance(r)]));
  let level = new Map<string, PlannedTile>();
  for (const r of rows) {
    const [x, y] = leafKeyOf((r.xmin + r.xmax) / 2, (r.ymin + r.ymax) / 2);
    const key = `${LEAF_LEVEL}/${x}/${y}`;
    let t = level.get(key);
    if (!t) {
      t = newTile(LEAF_LEVEL, x, y, true);
      level.set(key, t);
    }
    t.ids.push(r.id);
    extend(t, r);
  }
  for (const t of level.values()) t.ids.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
  for (let z = LEAF_LEVEL - 1; z >= 0 && level.size > 1; z--) {
    const up = new Map<string, PlannedTile>();
    for (const child of level.values()) {
      const [x, y] = [child.x >> 1, child.y >> 1];
      const key = `${z}/${x}/${y}`;
      let t = up.get(key);
      if (!t) {
        t = newTile(z, x, y, false);
        up.set(key, t);
      }
      t.children.push(child);
      t.bounds = union(t.bounds, child.bounds);
      t.maxHeightM = Math.max(t.maxHeightM, child.maxHeightM);
    }
    for (const t of up.values()) {
      // The best of the subtree are among the best of each child (each child's list is sorted).
      const candidates = t.children.flatMap((c) => c.ids.slice(0, coarseMax));
      candidates.sort((a, b) => score.get(b)! - score.get(a)! || a - b);
      t.ids = candidates.slice(0, coarseMax);
      t.children.sort((a, b) => a.key.localeCompare(b.key));
    }
    level = up;
  }
  const top = [...level.values()][0];
  if (!top) return undefined;
  const root = collapse(top);
  setErrors(root);
  return root;
}

/** A coarse tile with a single coarse child draws the same buildings: keep the child only. */
function collapse(t: PlannedTile): PlannedTile {
  t.children = t.children.map(collapse);
  const only = t.children.length === 1 ? t.children[0]! : undefined;
  return only && !only.leaf ? only : t;
}

function newTile(z: number, x: number, y: number, leaf: boolean): PlannedTile {
  return {
    key: `${z}/${x}/${y}`,
    z,
    x,
    y,
    ids: [],
    leaf,
    bounds: [Infinity, Infinity, -Infinity, -Infinity],
    maxHeightM: 0,
    geometricError: 0,
    children: [],
  };
}

function extend(t: PlannedTile, r: IndexRow): void {
  t.bounds = union(t.bounds, [r.xmin, r.ymin, r.xmax, r.ymax]);
  t.maxHeightM = Math.max(t.maxHeightM, r.heightM);
}

const union = (a: PlannedTile['bounds'], b: PlannedTile['bounds']): PlannedTile['bounds'] => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

/**
 * Geometric error of a coarse tile: 1/24 of its width in metres. With Cesium's default maximum
 * screen-space error (16) a leaf's parent (≈1.2 km) refines within ≈3 km of the camera.
 */
function setErrors(t: PlannedTile): void {
  if (t.leaf) t.geometricError = 0;
  else {
    const lat = (t.bounds[1] + t.bounds[3]) / 2;
    t.geometricError = Math.round(((tileSizeDeg(t.z) * metresPerDegree(lat).lon) / 24) * 100) / 100;
  }
  for (const c of t.children) setErrors(c);
}

export function* walk(t: PlannedTile): Generator<PlannedTile> {
  yield t;
  for (const c of t.children) yield* walk(c);
}
