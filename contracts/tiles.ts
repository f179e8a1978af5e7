import { z } from 'zod';

/** Vector tiles are not served below this zoom: a district would be a few pixels, a city a huge tile. */
export const MIN_TILE_ZOOM = 12;

/** Slippy-map tile address (Web Mercator, EPSG:3857); z from MIN_TILE_ZOOM to 22. */
export const tileParamsSchema = z
  .object({
    z: z.coerce.number().int().min(MIN_TILE_ZOOM, `z must be at least ${MIN_TILE_ZOOM}`).max(22),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'x and y must be below 2^z', path: ['x'] });
export type TileParams = z.infer<typeof tileParamsSchema>;
