import { z } from 'zod';
import { caseMajorSchema, caseSourceSchema } from './cases.ts';

/**
 * Heat zones for the analyst (热力分析): cases and grid-worker presence over space and time,
 * answered from rollups (per hour and per local day × grid cell × H3 cell at resolution 10 ×
 * category × source), never from the raw events.
 *   GET /api/heat?layer=cases|presence&from&to&res=7..10|grid|community[&major][&source][&light=red]
 *     → HeatAnswer: one row per H3 cell (or grid cell / community) with events in the window.
 *   GET /api/cases?h3=<cell>&from&to…  the cases of one hexagon (the cases list, masked as always).
 * H3 cells: resolution 7 (≈5 km², edge 1.2 km) to 10 (≈0.015 km², edge 66 m); the screen picks
 * the size from the camera's height. Permission cases.read (cases) / workers.read (presence),
 * inside the caller's jurisdiction.
 */
export const HEAT_PATH = '/api/heat';

/** H3 resolutions the rollups answer at (the stored cells are resolution 10). */
export const HEAT_RESOLUTIONS = [7, 8, 9, 10] as const;
export const HEAT_FINEST = 10;
/** Longest window one question may span (a year and a bit: the slider's whole range). */
export const HEAT_MAX_DAYS = 400;

export const heatLayerSchema = z.enum(['cases', 'presence']);
export type HeatLayer = z.infer<typeof heatLayerSchema>;

/** 'grid' and 'community' answer per region code instead of per hexagon. */
export const heatResSchema = z.union([
  z.enum(['grid', 'community']),
  z.coerce
    .number()
    .int()
    .refine((r) => (HEAT_RESOLUTIONS as readonly number[]).includes(r), 'resolution is 7, 8, 9 or 10'),
]);
export type HeatRes = z.infer<typeof heatResSchema>;

/** The resolution of an H3 cell index in h3-js's 15-digit form (its second hex digit). */
export const h3Resolution = (hex: string) => parseInt(hex[1]!, 16);

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).min(1));

export const heatQuerySchema = z
  .object({
    layer: heatLayerSchema.default('cases'),
    /** Window [from, to), ISO date-time with offset; rounded out to whole hours. */
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    res: heatResSchema.default(9),
    major: csv(caseMajorSchema).optional(),
    source: csv(caseSourceSchema).optional(),
    /** red: only cases that went overdue (a stage past its limit) at least once. */
    light: z.enum(['red']).optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= HEAT_MAX_DAYS * 86_400_000, {
    message: `the window spans at most ${HEAT_MAX_DAYS} days`,
    path: ['to'],
  });
export type HeatQuery = z.infer<typeof heatQuerySchema>;

export const heatCellSchema = z.object({
  /** The H3 cell (hexagon levels) or the region code (grid, community). */
  id: z.string(),
  /** Cases reported in the window (cases layer), or position fixes received (presence layer). */
  n: z.number().int(),
  /** Of those cases, how many went overdue at least once (cases layer; 0 for presence). */
  red: z.number().int(),
});
export type HeatCell = z.infer<typeof heatCellSchema>;

export const heatAnswerSchema = z.object({
  layer: heatLayerSchema,
  res: heatResSchema,
  /** The window as answered (whole hours). */
  from: z.string(),
  to: z.string(),
  cells: z.array(heatCellSchema),
  /** Sum of n over the cells, and the largest n (the colour scale's top). */
  total: z.number().int(),
  max: z.number().int(),
  /**
   * Presence at hexagon levels: the cells of the jurisdiction's grid cells nobody walked in the
   * window (coverage gaps); absent when the cover would be too large to list.
   */
  unwalked: z.array(z.string()).optional(),
});
export type HeatAnswer = z.infer<typeof heatAnswerSchema>;
