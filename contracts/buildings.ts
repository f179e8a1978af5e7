import { z } from 'zod';
import { bboxParamSchema, geometrySchema, pointSchema } from './geo.ts';
import { occupancySchema } from './regions.ts';

export const buildingUseSchema = z.enum([
  'residential',
  'commercial',
  'office',
  'school',
  'hospital',
  'market',
  'mixed',
  'industrial',
  'public',
  'other',
]);
export type BuildingUse = z.infer<typeof buildingUseSchema>;

export const houseStatusSchema = z.enum(['self_occupied', 'rented', 'vacant']);
export type HouseStatus = z.infer<typeof houseStatusSchema>;

export const idParamSchema = z.coerce
  .number({ error: 'id must be a positive integer' })
  .int('id must be a positive integer')
  .positive('id must be a positive integer')
  .max(Number.MAX_SAFE_INTEGER);

export const buildingsQuerySchema = z.object({
  bbox: bboxParamSchema,
  limit: z.coerce.number().int().min(1).max(20_000).default(10_000),
});

/** Per-building occupancy, as on every building feature. */
export const buildingOccupancySchema = occupancySchema.omit({ buildings: true });
export type BuildingOccupancy = z.infer<typeof buildingOccupancySchema>;

export const buildingPropsSchema = z
  .object({
    id: z.number().int(),
    name: z.string().nullable(),
    address: z.string().nullable(),
    floors: z.number().int(),
    heightM: z.number(),
    use: buildingUseSchema,
    gridCode: z.string().nullable(),
  })
  .extend(buildingOccupancySchema.shape);
export type BuildingProps = z.infer<typeof buildingPropsSchema>;

export const buildingCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number().int(),
      geometry: geometrySchema,
      properties: buildingPropsSchema,
    }),
  ),
  /** True when more buildings matched than `limit`. */
  truncated: z.boolean(),
});
export type BuildingCollection = z.infer<typeof buildingCollectionSchema>;

export const buildingDetailSchema = buildingPropsSchema.extend({
  geometry: geometrySchema,
  center: pointSchema,
  entrances: z.number().int(),
  grid: z.object({ code: z.string(), name: z.string() }).nullable(),
  gridWorkers: z.array(z.object({ id: z.number().int(), name: z.string(), phone: z.string().nullable() })),
});
export type BuildingDetail = z.infer<typeof buildingDetailSchema>;
