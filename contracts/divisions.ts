import { z } from 'zod';
import { geometrySchema } from './geo.ts';
import { regionCodeSchema } from './regions.ts';

/**
 * Dividing communities into grid cells (网格划分), reviewed on the screen before it counts:
 *   POST   /api/divisions              { region, households } → 201 Division (a proposal)
 *   GET    /api/divisions?region=CODE  → { divisions: DivisionSummary[] } (newest first)
 *   GET    /api/divisions/:id          → Division, its cells as GeoJSON
 *   POST   /api/divisions/:id/commit   → Division (status committed; the cells are grid regions now)
 *   DELETE /api/divisions/:id          → 204 (discarded)
 * `region`: a community, or a street/district (each of its communities). Permission regions.manage;
 * inside the caller's jurisdiction. `npm run grid -- divide` is the same from the console.
 */
export const DIVISION_PATHS = {
  list: '/api/divisions',
  one: (id: number) => `/api/divisions/${id}`,
  commit: (id: number) => `/api/divisions/${id}/commit`,
} as const;

export const divisionCreateSchema = z.object({
  region: regionCodeSchema,
  households: z.number().int().min(10).max(5000).default(300),
});
export type DivisionCreate = z.input<typeof divisionCreateSchema>;

export const divisionListQuerySchema = z.object({ region: regionCodeSchema });

export const spreadSchema = z.object({
  cells: z.number().int(),
  /** Share of cells within ±tolerance of the target (the aim: 0.9 within ±20 %). */
  withinShare: z.number(),
  min: z.number().int(),
  max: z.number().int(),
  tolerance: z.number(),
});

export const divisionReportSchema = z.object({
  communities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      buildings: z.number().int(),
      households: z.number().int(),
      cells: z.number().int(),
      /** Buildings whose households were estimated (no houses recorded): floors × footprint / 100 m². */
      estimatedBuildings: z.number().int(),
      /** Road pieces the cuts could follow. */
      roads: z.number().int(),
    }),
  ),
  spread: spreadSchema,
});
export type DivisionReport = z.infer<typeof divisionReportSchema>;

export const divisionStatusSchema = z.enum(['proposed', 'committed', 'discarded']);

export const divisionSummarySchema = z.object({
  id: z.number().int(),
  region: z.string(),
  households: z.number().int(),
  status: divisionStatusSchema,
  createdAt: z.string(),
  spread: spreadSchema,
});
export type DivisionSummary = z.infer<typeof divisionSummarySchema>;

export const divisionCellSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: geometrySchema,
  properties: z.object({
    ord: z.number().int(),
    community: z.string(),
    households: z.number().int(),
    buildings: z.number().int(),
    /** The grid code it has (committed) or will get (proposed). */
    code: z.string(),
  }),
});

export const divisionSchema = divisionSummarySchema.extend({
  report: divisionReportSchema,
  cells: z.object({ type: z.literal('FeatureCollection'), features: z.array(divisionCellSchema) }),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type Division = z.infer<typeof divisionSchema>;
