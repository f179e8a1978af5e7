import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionBatchSchema } from '../../contracts/workers.ts';
import { HttpError } from '../../server/src/http/errors.ts';
import { parse } from '../../server/src/http/validate.ts';
import { readPositionBatch } from '../../server/src/positions/positions.validate.ts';

/** What a caller gets: the points, or the 400's code, field and message. */
function outcome(read: () => unknown) {
  try {
    return { points: read() };
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { status: err.status, code: err.code, field: err.field, message: err.message };
  }
}

const odd = fc.constantFrom(null, undefined, '12', true, [], {}, '2026-01-15T08:00:00Z', 'x', -1e9, 1e9);
const RANGES = {
  lon: [-200, 200],
  lat: [-100, 100],
  accuracyM: [0, 100_000],
  speedMps: [0, 1000],
  headingDeg: [0, 360],
  batteryPct: [0, 100],
} as const;
const KEYS = ['t', ...Object.keys(RANGES), 'extra'] as const;
/** Valid points (optional fields absent, null or a number in range). */
const point = fc.record(
  {
    t: fc.integer({ min: 1.7e12, max: 1.8e12 }),
    ...Object.fromEntries(
      Object.entries(RANGES).map(([k, [min, max]]) => [
        k,
        // lon and lat are required numbers; the optional fields may be null.
        k === 'lon' || k === 'lat'
          ? fc.double({ min, max, noNaN: true })
          : fc.oneof(fc.double({ min, max, noNaN: true }), fc.constant(null)),
      ]),
    ),
    extra: fc.string(),
  },
  { requiredKeys: ['t', 'lon', 'lat'] as never[] },
);
/** Values that replace one field of one point: edges just inside and outside its range, wrong types. */
const spoil = fc.record({
  index: fc.nat(),
  key: fc.constantFrom(...KEYS),
  edge: fc.constantFrom(0, 1, 2, 3),
  other: odd,
});
/** A valid batch of 0–6 points with at most one field of one point spoiled, or an odd body. */
const body = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.tuple(fc.array(point, { maxLength: 6 }), fc.option(spoil)).map(([points, s]) => {
      if (!s || points.length === 0) return { points };
      const p: Record<string, unknown> = { ...points[s.index % points.length]! };
      const range = RANGES[s.key as keyof typeof RANGES] as readonly [number, number] | undefined;
      p[s.key] =
        range && s.edge < 2
          ? [range[0], range[1]][s.edge]! + (s.edge === 0 ? -0.001 : 0.001)
          : range && s.edge === 2
            ? range[1]
            : s.other;
      points[s.index % points.length] = p as (typeof points)[number];
      return { points };
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, [], {}, { points: 'x' }, { points: [null] }) },
);

describe('position batch validation', () => {
  it('answers exactly as the zod contract does, for any body (200 runs)', () => {
    fc.assert(
      fc.property(body, (b) => {
        const fast = outcome(() => readPositionBatch(b));
        const zod = outcome(() => parse(positionBatchSchema, b, 'body').points);
        if ('points' in fast && 'points' in zod) {
          // The fast path hands back the caller's objects; zod's copies drop unknown keys.
          const known = (fast.points as Record<string, unknown>[]).map(({ extra: _, ...p }) => p);
          expect(JSON.parse(JSON.stringify(known))).toEqual(JSON.parse(JSON.stringify(zod.points)));
        } else expect(fast).toEqual(zod);
      }),
      { numRuns: 200 },
    );
  });

  it('names the bad field of a large plain batch, and limits its size', () => {
    const good = Array.from({ length: 1000 }, (_, i) => ({ t: 1.75e12 + i, lon: 117, lat: 39, speedMps: 1 }));
    expect(readPositionBatch({ points: good })).toBe(good);
    const bad = good.map((p, i) => (i === 600 ? { ...p, headingDeg: 361 } : p));
    expect(outcome(() => readPositionBatch({ points: bad }))).toMatchObject({
      status: 400,
      code: 'too_large',
      field: 'points.600.headingDeg',
    });
    expect(outcome(() => readPositionBatch({ points: [...good, good[0]] }))).toMatchObject({
      code: 'too_large',
      field: 'points',
    });
    expect(readPositionBatch({ points: [{ t: '2026-01-15T08:00:00Z', lon: 1, lat: 2 }] })).toEqual([
      { t: Date.parse('2026-01-15T08:00:00Z'), lon: 1, lat: 2 },
    ]);
  });
});
