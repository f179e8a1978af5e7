import { z } from 'zod';

/**
 * External 3D layers (issue #5 item 4): an administrator registers an existing 3D Tiles tileset —
 * oblique photogrammetry or BIM, 3D Tiles 1.0 (b3dm) or 1.1 (glTF) — and the screens load it with
 * `Cesium3DTileset.fromUrl(layer.url)`. With `classify`, the client drapes our building footprints
 * on it (ClassificationType.CESIUM_3D_TILE) so one building of the mesh highlights and opens its
 * 以房找人 panel, and a floor highlights as a band between its floor heights.
 *
 * Routes:
 *   GET    /api/layers        → LayerList   (login + `buildings.read`): the layers visible to the caller
 *   POST   /api/layers        LayerCreate → 201 Layer   (`layers.manage`); 409 `duplicate` on a taken name
 *   DELETE /api/layers/:id    → 204          (`layers.manage`); 404 when unknown or outside jurisdiction
 *
 * Visibility: a layer belongs to the jurisdiction of the administrator who registered it; a caller
 * sees the layers of its own jurisdiction, of the regions above it, and (for a district-wide caller)
 * of the regions below it — i.e. whenever one jurisdiction is a prefix of the other.
 *
 * Files served by us: tilesets copied into the server's layers folder (`LAYERS_DIR`, default
 * `<DATA_DIR>/layers`) are served read-only at `GET /layers/<path>` (login + `buildings.read`,
 * `Cache-Control: private, max-age=3600`, gzip), so `LAYERS_DIR=../shared/data/3dtiles-cesium-samples`
 * makes `/layers/1.0/TilesetWithRequestVolume/city/tileset.json` a valid layer url. Urls of tilesets
 * on an intranet server are stored as given (the screen's browser must reach them; the CSP's
 * connect-src is the deployer's business).
 */
export const layerKindSchema = z.enum(['photogrammetry', 'bim']);
export type LayerKind = z.infer<typeof layerKindSchema>;

export const tilesVersionSchema = z.enum(['1.0', '1.1']);

/** 4×4 column-major matrix (Cesium Matrix4.fromArray order): 16 finite numbers. */
export const modelMatrixSchema = z
  .array(z.number().finite())
  .length(16, 'modelMatrix: 16 numbers (column-major)');

/** Absolute http(s) url, or a path on this server starting with '/' (e.g. '/layers/…/tileset.json'). */
export const layerUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^\/[^/]/.test(u) || /^https?:\/\/[^\s]+$/i.test(u), {
    message: 'url must be http(s)://… or a path on this server starting with /',
  })
  .refine((u) => u.endsWith('.json'), { message: 'url must point at a tileset .json' });

export const layerCreateSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  kind: layerKindSchema,
  url: layerUrlSchema,
  tilesVersion: tilesVersionSchema,
  /** Optional placement of the tileset (applied as Cesium3DTileset.modelMatrix). */
  modelMatrix: modelMatrixSchema.nullable().default(null),
  /** Metres added to the tileset's heights (photogrammetry often sits on a different datum). */
  heightOffsetM: z.number().finite().min(-1000).max(1000).default(0),
  /** Drape our building footprints on it for per-building and per-floor picking. */
  classify: z.boolean().default(true),
});
export type LayerCreate = z.input<typeof layerCreateSchema>;

export const layerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: layerKindSchema,
  url: z.string(),
  tilesVersion: tilesVersionSchema,
  modelMatrix: z.array(z.number()).length(16).nullable(),
  heightOffsetM: z.number(),
  classify: z.boolean(),
  /** Jurisdiction of the administrator who registered it. */
  jurisdiction: z.string(),
  createdAt: z.string(),
});
export type Layer = z.infer<typeof layerSchema>;

export const layerListSchema = z.object({ layers: z.array(layerSchema) });
export type LayerList = z.infer<typeof layerListSchema>;

export const LAYERS_FILES_BASE = '/layers';
