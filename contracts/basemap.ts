import { z } from 'zod';
import { bboxParamSchema, geometrySchema, pointSchema } from './geo.ts';
import { regionLevelSchema } from './regions.ts';

export const basemapQuerySchema = z.object({ bbox: bboxParamSchema });

/**
 * What the screens draw under the buildings when there is no imagery (intranet, no internet):
 * roads, and the outlines of the communities and grid cells with a label point each.
 */
export const basemapSchema = z.object({
  roads: z.array(
    z.object({
      id: z.number().int(),
      name: z.string().nullable(),
      class: z.enum(['trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'footway']),
      widthM: z.number(),
      geometry: geometrySchema,
    }),
  ),
  regions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: regionLevelSchema,
      geometry: geometrySchema,
      labelPoint: pointSchema,
    }),
  ),
});
export type Basemap = z.infer<typeof basemapSchema>;
