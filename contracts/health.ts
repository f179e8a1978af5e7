import { z } from 'zod';

export const healthSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
  postgres: z.string(),
  postgis: z.string(),
  /** Engine capabilities the server detected at start (PGlite's PostGIS lacks ST_AsMVT). */
  capabilities: z.object({ mvt: z.boolean() }),
  /** Only for a logged-in caller, inside the caller's jurisdiction. */
  counts: z
    .object({
      regions: z.number().int(),
      buildings: z.number().int(),
      houses: z.number().int(),
      residents: z.number().int(),
      gridWorkers: z.number().int(),
      places: z.number().int(),
    })
    .optional(),
});
export type Health = z.infer<typeof healthSchema>;
