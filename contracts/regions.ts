import { z } from 'zod';
import { geometrySchema } from './geo.ts';

export const regionLevelSchema = z.enum(['district', 'street', 'community', 'grid']);
export type RegionLevel = z.infer<typeof regionLevelSchema>;

/** GB/T 2260-style code: 6-digit district, +3 street, +3 community, +3 grid cell. */
export const regionCodeSchema = z
  .string()
  .regex(
    /^[0-9]{6}([0-9]{3}){0,3}$/,
    'region code must be 6, 9, 12 or 15 digits (district/street/community/grid)',
  );

/** A jurisdiction is a region code prefix; '' means the whole installation. */
export const jurisdictionSchema = z
  .string()
  .regex(
    /^([0-9]{6}([0-9]{3}){0,3})?$/,
    'jurisdiction must be a region code (6, 9, 12 or 15 digits) or empty',
  );

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  children: RegionNode[];
}
export const regionNodeSchema: z.ZodType<RegionNode> = z.lazy(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    level: regionLevelSchema,
    children: z.array(regionNodeSchema),
  }),
);
export const regionTreeSchema = z.object({ regions: z.array(regionNodeSchema) });

export const occupancySchema = z.object({
  buildings: z.number().int(),
  houses: z.number().int(),
  residents: z.number().int(),
  floating: z.number().int(),
  rented: z.number().int(),
  vacant: z.number().int(),
  elderlyAlone: z.number().int(),
});
export type Occupancy = z.infer<typeof occupancySchema>;

export const regionDetailSchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  level: regionLevelSchema,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  geometry: geometrySchema,
  summary: occupancySchema.extend({ gridWorkers: z.number().int() }),
  children: z.array(z.object({ code: z.string(), name: z.string(), level: regionLevelSchema })),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;
