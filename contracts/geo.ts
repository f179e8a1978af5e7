import { z } from 'zod';

/** Largest bbox a map request may ask for: about a city (1.5° ≈ 130 km north–south). */
export const MAX_BBOX_SPAN_DEG = 1.5;

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** `minLon,minLat,maxLon,maxLat` in WGS84 degrees, as in the OGC API / GeoJSON bbox order. */
export const bboxParamSchema = z
  .string({ error: 'bbox is required: minLon,minLat,maxLon,maxLat' })
  .transform((s, ctx) => {
    const parts = s.split(',');
    const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = nums as Bbox;
    if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox is outside lon [-180,180] / lat [-90,90]' });
      return z.NEVER;
    }
    if (minLon >= maxLon || minLat >= maxLat) {
      ctx.addIssue({
        code: 'custom',
        message: 'bbox min must be less than max (minLon,minLat,maxLon,maxLat)',
      });
      return z.NEVER;
    }
    if (maxLon - minLon > MAX_BBOX_SPAN_DEG || maxLat - minLat > MAX_BBOX_SPAN_DEG) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum: MAX_BBOX_SPAN_DEG,
        message: `bbox is larger than a city: each side must span at most ${MAX_BBOX_SPAN_DEG}°`,
      });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat] as Bbox;
  });

export const pointSchema = z.tuple([z.number(), z.number()]);

/** GeoJSON geometry as sent by the API (RFC 7946, lon/lat). */
export const geometrySchema = z.object({
  type: z.enum(['Point', 'LineString', 'Polygon', 'MultiPolygon', 'MultiLineString', 'MultiPoint']),
  coordinates: z.array(z.unknown()),
});
export type Geometry = z.infer<typeof geometrySchema>;
