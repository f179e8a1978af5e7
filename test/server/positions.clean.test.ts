import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanBatch,
  distanceM,
  nextStillness,
  TRAIL_LENGTH,
  type Fix,
} from '../../server/src/positions/positions.clean.ts';

const NOW = Date.parse('2025-06-01T08:00:00Z');
const LON = 117.12;
const LAT = 39.17;
/** `m` metres east of the base point, `s` seconds before NOW. */
const p = (s: number, m = 0) => ({ t: NOW - s * 1000, lon: LON + m / 86_000, lat: LAT });
const fix = (s: number, m = 0): Fix => ({
  ...p(s, m),
  accuracyM: null,
  speedMps: null,
  headingDeg: null,
  batteryPct: null,
});

describe('cleaning a batch of positions', () => {
  it('drops impossible coordinates and times, keeping the rest in time order', () => {
    const r = cleanBatch(
      [
        p(10, 10),
        { ...p(5), lon: -181 },
        { ...p(5), lat: 91 },
        { t: NOW, lon: 0, lat: 0 },
        p(-600),
        p(8 * 86_400),
        p(20),
      ],
      [],
      NOW,
    );
    expect(r.accepted.map((f) => f.t)).toEqual([NOW - 20_000, NOW - 10_000]);
    expect(r.dropped).toEqual([
      { index: 1, reason: 'out_of_range' },
      { index: 2, reason: 'out_of_range' },
      { index: 3, reason: 'out_of_range' },
      { index: 4, reason: 'future' },
      { index: 5, reason: 'too_old' },
    ]);
  });

  it('drops a jump over 200 km/h from the previous fix in time, also for a late point', () => {
    const trail = [fix(100), fix(10, 100)];
    // 60 s after the first fix, 4 km away: 240 km/h; compared with fix(100), not with the newest.
    const late = cleanBatch([p(40, 4000)], trail, NOW);
    expect(late.dropped).toEqual([{ index: 0, reason: 'jump' }]);
    const ok = cleanBatch([p(40, 50)], trail, NOW);
    expect(ok.accepted).toHaveLength(1);
    expect(ok.trail.map((f) => f.t)).toEqual([NOW - 100_000, NOW - 40_000, NOW - 10_000]);
    // 55 m/s ≈ 198 km/h passes.
    expect(cleanBatch([p(9, 155)], trail, NOW).accepted).toHaveLength(1);
  });

  it('drops a point at a time the device already reported (a resent batch)', () => {
    const r = cleanBatch([p(10), p(10), p(5, 3)], [fix(5, 3)], NOW);
    expect(r.accepted.map((f) => f.t)).toEqual([NOW - 10_000]);
    expect(r.dropped).toEqual([
      { index: 1, reason: 'duplicate' },
      { index: 2, reason: 'duplicate' },
    ]);
  });

  it('whatever the order of arrival, keeps every point of a walk and the trail bounded', () => {
    const walk = Array.from({ length: 120 }, (_, i) => p(1000 - i * 5, i * 6)); // 1.2 m/s
    fc.assert(
      fc.property(
        fc.shuffledSubarray(walk, { minLength: walk.length, maxLength: walk.length }),
        fc.integer({ min: 1, max: 40 }),
        (shuffled, size) => {
          let trail: Fix[] = [];
          const stored: number[] = [];
          for (let i = 0; i < shuffled.length; i += size) {
            const r = cleanBatch([...shuffled.slice(i, i + size), ...shuffled.slice(0, 2)], trail, NOW);
            trail = r.trail;
            stored.push(...r.accepted.map((f) => f.t));
            expect(trail.length).toBeLessThanOrEqual(TRAIL_LENGTH);
          }
          // Re-sent points may pass again only when they fell out of the trail window.
          expect(new Set(stored).size).toBe(walk.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('stillness', () => {
  it('keeps the still period while within 30 m and restarts when the worker moves on', () => {
    let s = nextStillness(undefined, fix(600));
    expect(s.stillSince).toBe(NOW - 600_000);
    s = nextStillness(s, fix(300, 20));
    expect(s.stillSince).toBe(NOW - 600_000);
    s = nextStillness(s, fix(0, 60));
    expect(s.stillSince).toBe(NOW);
    expect(distanceM(LON, LAT, LON + 60 / 86_000, LAT)).toBeCloseTo(60, -0.5);
  });
});
