import { enuFrame, frameTransform, relativeTransform, toRadians, type EnuFrame } from './geodesy.ts';
import type { PlannedTile } from './quadtree.ts';

/** tile key → content file name (content/<file>). */
export type ContentFiles = Map<string, string>;

/**
 * tileset.json (3D Tiles 1.1): explicit tree, REPLACE refinement, region bounding volumes
 * (radians, heights 0..max building height) and per-tile transforms. A tile's transform is
 * relative to its parent's in 3D Tiles, so each tile's own east-north-up frame is written as
 * inverse(parent frame) × frame.
 */
export function tilesetJson(root: PlannedTile | undefined, files: ContentFiles, version: string) {
  const asset = { version: '1.1', tilesetVersion: version, generator: 'gridcenter tiles' };
  if (!root)
    return {
      asset,
      geometricError: 0,
      root: { boundingVolume: { region: [0, 0, 0, 0, 0, 0] }, geometricError: 0, refine: 'REPLACE' },
    };
  return {
    asset,
    geometricError: Math.max(root.geometricError * 2, 200),
    root: { ...tileJson(root, files, undefined), refine: 'REPLACE' },
  };
}

function tileJson(t: PlannedTile, files: ContentFiles, parentWorld: number[] | undefined): object {
  const world = frameTransform(tileFrame(t));
  const [w, s, e, n] = t.bounds;
  return {
    boundingVolume: {
      region: [toRadians(w), toRadians(s), toRadians(e), toRadians(n), 0, round(t.maxHeightM + 1)].map(
        round9,
      ),
    },
    geometricError: t.geometricError,
    transform: (parentWorld ? relativeTransform(parentWorld, world) : world).map(round9),
    content: { uri: `content/${files.get(t.key)!}` },
    ...(t.children.length > 0 ? { children: t.children.map((c) => tileJson(c, files, world)) } : {}),
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** A tile's content frame: east-north-up at the centre of its buildings' bounds. */
export const tileFrame = (t: PlannedTile): EnuFrame =>
  enuFrame((t.bounds[0] + t.bounds[2]) / 2, (t.bounds[1] + t.bounds[3]) / 2);
