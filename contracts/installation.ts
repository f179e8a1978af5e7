import { z } from 'zod';
import { passwordSchema, usernameSchema } from './auth.ts';

/**
 * The installation itself: a first start without the demo (DEMO=0) and what the screens need to
 * open on a customer's own city.
 *   GET  /api/installation        (public) → Installation
 *   POST /api/installation/admin  (public, from the machine itself only, once) FirstAdmin → 201 User
 *   GET  /api/area                (login) → Area: the caller's extent and what is there
 */
export const INSTALLATION_PATHS = {
  info: '/api/installation',
  firstAdmin: '/api/installation/admin',
  area: '/api/area',
} as const;

/**
 * An intranet tile server for roads and labels under the buildings (BASEMAP_URL): an XYZ template
 * ({z}/{x}/{y}, optionally {s}) or a WMTS KVP/REST template ({TileMatrix}/{TileRow}/{TileCol}).
 */
export const basemapSourceSchema = z.object({
  kind: z.enum(['xyz', 'wmts']),
  url: z.string(),
  /** WMTS: layer, style and tile matrix set (BASEMAP_LAYER, BASEMAP_STYLE, BASEMAP_MATRIX_SET). */
  layer: z.string().optional(),
  style: z.string().optional(),
  tileMatrixSetID: z.string().optional(),
  maximumLevel: z.number().int().optional(),
  /** Shown in the corner (BASEMAP_ATTRIBUTION). */
  attribution: z.string().optional(),
});
export type BasemapSource = z.infer<typeof basemapSourceSchema>;

export const installationSchema = z.object({
  /** No account exists yet: the first administrator is to be made (on the console or /setup). */
  setupNeeded: z.boolean(),
  /** Whether this request comes from the machine itself (only then the first-run page works). */
  local: z.boolean(),
  basemap: basemapSourceSchema.nullable(),
});
export type Installation = z.infer<typeof installationSchema>;

export const firstAdminSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(64).default(''),
  password: passwordSchema,
});
export type FirstAdmin = z.input<typeof firstAdminSchema>;

export const areaSchema = z.object({
  /**
   * Where the screen opens: the jurisdiction's top regions (those with buildings first), else its
   * buildings; null when nothing is imported yet. Never wider than MAX_BBOX_SPAN_DEG: of regions
   * far apart (one installation, two cities) the one with the most buildings.
   */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  counts: z.object({
    regions: z.number().int(),
    grids: z.number().int(),
    buildings: z.number().int(),
    houses: z.number().int(),
    residents: z.number().int(),
    roads: z.number().int(),
  }),
});
export type Area = z.infer<typeof areaSchema>;
