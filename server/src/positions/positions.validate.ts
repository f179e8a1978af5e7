import { POSITION_LIMITS, positionBatchSchema, type PositionPoint } from '../../../contracts/workers.ts';
import { parse } from '../http/validate.ts';

/** Optional fields of a point and their ranges (as positionPointSchema has them). */
const RANGES = [
  ['accuracyM', 0, 100_000],
  ['speedMps', 0, 1000],
  ['headingDeg', 0, 360],
  ['batteryPct', 0, 100],
] as const;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The plain shape phones send (epoch-ms numbers, values in range): accepted as is, nothing copied. */
function plain(p: unknown): boolean {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  const o = p as Record<string, unknown>;
  if (!isNumber(o.t) || !isNumber(o.lon) || !isNumber(o.lat)) return false;
  for (const [k, min, max] of RANGES) {
    const v = o[k];
    if (v !== undefined && v !== null && !(isNumber(v) && v >= min && v <= max)) return false;
  }
  return true;
}

/**
 * The points of a `POST /api/positions` body or a `positions:report` payload. Running zod over a
 * 1,000-point batch was a tenth of the ingest's CPU (an object copied per point), so the plain
 * shape is checked by hand here; anything else (ISO times, a bad or missing field, a wrong size)
 * goes through positionBatchSchema, which converts it or throws the 400 naming the field.
 * test/server/positions.validate.test.ts checks both give the same answer.
 */
export function readPositionBatch(body: unknown, where = 'body'): PositionPoint[] {
  const points = (body as { points?: unknown } | null | undefined)?.points;
  if (
    typeof body === 'object' &&
    !Array.isArray(body) &&
    Array.isArray(points) &&
    points.length >= 1 &&
    points.length <= POSITION_LIMITS.maxPointsPerBatch &&
    points.every(plain)
  )
    return points as PositionPoint[];
  return parse(positionBatchSchema, body, where).points;
}
