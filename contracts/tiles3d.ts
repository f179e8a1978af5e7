import { z } from 'zod';
import { buildingUseSchema } from './buildings.ts';

/**
 * 3D Tiles 1.1 of our own buildings (issue #5), built from PostGIS by `tiles/` and served by the
 * server. This file is the contract between the builder/server and the client's building layer.
 *
 * URLs (all need a login and `buildings.read`; cookie or bearer token as for every /api route):
 *   GET /api/3dtiles/buildings/tileset.json[?v=<version>]
 *       The tileset of the CALLER'S JURISDICTION (see "Jurisdiction" below). `Cache-Control:
 *       private, no-cache` (always revalidated), gzip. The first request of a jurisdiction whose
 *       tileset is not built yet builds it (a few seconds for a district); the server keeps every
 *       built jurisdiction up to date afterwards.
 *   GET /api/3dtiles/buildings/content/<hash>.glb
 *       One tile's content, content-addressed (the hash changes whenever the content does):
 *       `Cache-Control: private, max-age=31536000, immutable`, gzip. Relative URIs in
 *       tileset.json point here, so `Cesium3DTileset.fromUrl('/api/3dtiles/buildings/tileset.json')`
 *       just works. An unknown hash is 404.
 *   GET /api/3dtiles/buildings/version  → Tiles3dVersion (no-store; cheap, for polling)
 *
 * Reloading: tileset.json carries `asset.tilesetVersion` = the version. When buildings or their
 * occupancy change, the server rebuilds only the affected tiles, the version changes, and it sends
 * the Socket.IO event `tiles3d:updated` (payload Tiles3dUpdated) to the rooms of that jurisdiction.
 * A client reloads with `tileset.json?v=<version>`: unchanged contents keep their URLs (cached),
 * changed ones have new hashes.
 *
 * Jurisdiction: a tileset is built per jurisdiction prefix and holds only the buildings inside it
 * (grid_code LIKE prefix%; the whole-installation tileset '' also holds buildings outside every
 * grid). The tiles carry per-building aggregates only (counts and shares, no person), but counts of
 * another street's buildings must not leak to a street's operator, so tiles are per jurisdiction and
 * `private` for caches.
 *
 * Geometry: buildings extruded from the ground (height 0 above the WGS84 ellipsoid; no terrain) to
 * heightM; one glTF node per tile in a local east-north-up frame (tile.transform), y-up as glTF
 * requires; positions/normals quantized (KHR_mesh_quantization). Leaves (level LEAF_LEVEL of a
 * geographic quadtree: level z has 2^(z+1) × 2^z tiles of 180/2^z degrees, ≈ 600 m × 450 m at 40°N
 * for the leaves) hold every building in full; each coarser tile holds a simplified version (the
 * convex hull of the tallest/largest buildings of its subtree, at most COARSE_MAX_BUILDINGS) and is
 * REPLACEd by its children. A building belongs to the leaf containing its bbox centre.
 */
export const LEAF_LEVEL = 15;
export const COARSE_MAX_BUILDINGS = 1500;

/**
 * Feature ids and metadata (EXT_mesh_features + EXT_structural_metadata, in each GLB):
 * - every primitive has one feature ID set: `{ attribute: 0, propertyTable: 0, featureCount }`
 *   (vertex attribute `_FEATURE_ID_0`). The feature ID is the ROW of property table 0; the row's
 *   `id` property is the building's database id (buildings.id) — the id for GET /api/buildings/:id
 *   and the 以房找人 panel. In Cesium: `feature.getProperty('id')` on a picked Cesium3DTileFeature.
 * - property table 0 has class `building` of schema `gridcenter`, with the properties below.
 *   Counts are 0 for buildings without houses; shares are 0..1 (0 without houses).
 *   Cesium style expressions read them as `${floors}`, `${elderlyAlone} > 0`, `${use} === 'school'`.
 */
export const TILES3D_SCHEMA_ID = 'gridcenter';
export const TILES3D_CLASS = 'building';

/** The property table's columns, their glTF metadata types and meaning. Order is stable. */
export const BUILDING_PROPERTIES = {
  /** buildings.id (UINT32: ids beyond 2^32 are not supported). */
  id: { type: 'SCALAR', componentType: 'UINT32' },
  floors: { type: 'SCALAR', componentType: 'UINT16' },
  heightM: { type: 'SCALAR', componentType: 'FLOAT32' },
  /** ENUM `buildingUse` (valueType UINT8), values in the order of buildingUseSchema.options; Cesium returns the name. */
  use: { type: 'ENUM', enumType: 'buildingUse' },
  houses: { type: 'SCALAR', componentType: 'UINT32' },
  residents: { type: 'SCALAR', componentType: 'UINT32' },
  floating: { type: 'SCALAR', componentType: 'UINT32' },
  rented: { type: 'SCALAR', componentType: 'UINT32' },
  vacant: { type: 'SCALAR', componentType: 'UINT32' },
  /** Residents tagged elderly_alone (独居老人): the "buildings with elderly living alone" filter is `${elderlyAlone} > 0`. */
  elderlyAlone: { type: 'SCALAR', componentType: 'UINT32' },
  /** (houses - vacant) / houses: the share of houses lived in. */
  occupancy: { type: 'SCALAR', componentType: 'FLOAT32' },
  /** floating / residents. */
  floatingShare: { type: 'SCALAR', componentType: 'FLOAT32' },
  /** rented / houses. */
  rentedShare: { type: 'SCALAR', componentType: 'FLOAT32' },
} as const;
export type BuildingPropertyName = keyof typeof BUILDING_PROPERTIES;

/** One building's row in a property table, as the builder receives it. */
export const tileBuildingPropsSchema = z.object({
  id: z.number().int().positive(),
  floors: z.number().int(),
  heightM: z.number(),
  use: buildingUseSchema,
  houses: z.number().int(),
  residents: z.number().int(),
  floating: z.number().int(),
  rented: z.number().int(),
  vacant: z.number().int(),
  elderlyAlone: z.number().int(),
  occupancy: z.number(),
  floatingShare: z.number(),
  rentedShare: z.number(),
});
export type TileBuildingProps = z.infer<typeof tileBuildingPropsSchema>;

/** GET /api/3dtiles/buildings/version */
export const tiles3dVersionSchema = z.object({
  /** The jurisdiction this tileset covers ('' = the whole installation). */
  jurisdiction: z.string(),
  /** Changes whenever any content changes; also tileset.json's asset.tilesetVersion. */
  version: z.string(),
  builtAt: z.string(),
  buildings: z.number().int(),
  tiles: z.number().int(),
});
export type Tiles3dVersion = z.infer<typeof tiles3dVersionSchema>;

/** Socket.IO `tiles3d:updated`: the tileset of `jurisdiction` has a new version; reload with ?v=. */
export const tiles3dUpdatedSchema = z.object({
  jurisdiction: z.string(),
  version: z.string(),
  /** How many tile contents were rebuilt for this version. */
  changedTiles: z.number().int(),
});
export type Tiles3dUpdated = z.infer<typeof tiles3dUpdatedSchema>;

export interface Tiles3dServerToClientEvents {
  'tiles3d:updated': (payload: Tiles3dUpdated) => void;
}

/** The URLs, for clients and tests. */
export const TILES3D_BASE = '/api/3dtiles/buildings';
export const tilesetUrl = (version?: string) =>
  `${TILES3D_BASE}/tileset.json${version ? `?v=${encodeURIComponent(version)}` : ''}`;
