import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Track } from '../../contracts/workers.ts';
import { glideMs, LiveMotion } from '../../client/src/workers/liveMotion.ts';
import * as clock from '../../client/src/workers/playbackClock.ts';
import { playedPath, positionAt, vertexBefore } from '../../client/src/workers/trackSample.ts';

const track = (t: number[], lon: number[], lat: number[]): Track => ({
  workerId: 1,
  name: 'w',
  gridCode: '120106001001001',
  path: { t, lon, lat },
  points: t.length,
  stops: [],
  distanceM: 0,
  movingS: 0,
  stillS: 0,
  cellsVisited: [],
});

describe('playback clock', () => {
  it('runs proportional to real time at the chosen speed and re-anchors without jumps', () => {
    let c = clock.newClock(1_000_000, 2_000_000, 0);
    expect(clock.timeAt(c, 5000)).toBe(1_000_000); // paused until played
    c = clock.play(c, 100);
    c = clock.setSpeed(c, 10, 100);
    expect(clock.timeAt(c, 1100)).toBe(1_000_000 + 10_000);
    c = clock.setSpeed(c, 120, 1100);
    expect(clock.timeAt(c, 1100)).toBe(1_010_000); // a speed change does not jump
    expect(clock.timeAt(c, 2100)).toBe(1_010_000 + 120_000);
    c = clock.pause(c, 2100);
    expect(clock.timeAt(c, 9_999)).toBe(1_130_000);
    expect(clock.timeAt(clock.seek(c, 5e9, 0), 0)).toBe(2_000_000); // held inside the range
  });

  it('is monotonic in real time and stays inside the range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 1e7 }),
        fc.constantFrom(...clock.SPEEDS),
        fc.array(fc.integer({ min: 0, max: 1e5 }), { minLength: 2, maxLength: 20 }),
        (from, span, speed, steps) => {
          let now = 0;
          const c = clock.setSpeed(clock.play(clock.newClock(from, from + span, 0), 0), speed, 0);
          let last = clock.timeAt(c, 0);
          for (const dt of steps) {
            now += dt;
            const t = clock.timeAt(c, now);
            expect(t).toBeGreaterThanOrEqual(last);
            expect(t).toBeLessThanOrEqual(from + span);
            last = t;
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('plays again from the start once the end is reached', () => {
    const c = clock.play(clock.newClock(0, 1000, 0), 0);
    expect(clock.ended(c, 1000)).toBe(true);
    expect(clock.timeAt(clock.play(c, 1000), 1000)).toBe(0);
  });
});

describe('track sampling', () => {
  const tr = track([10, 20, 40], [0, 1, 1], [0, 0, 2]);
  it('interpolates between vertices and holds at the last one', () => {
    expect(positionAt(tr, 5)).toBeNull();
    expect(positionAt(tr, 15)).toEqual([0.5, 0]);
    expect(positionAt(tr, 30)).toEqual([1, 1]);
    expect(positionAt(tr, 99)).toEqual([1, 2]);
  });
  it('draws the played part up to the moving head', () => {
    expect(playedPath(tr, 5)).toEqual([]);
    expect(playedPath(tr, 30)).toEqual([0, 0, 1, 0, 1, 1]);
    expect(playedPath(tr, 40)).toEqual([0, 0, 1, 0, 1, 2]);
  });
  it('finds the vertex before t by binary search (property: equals a linear scan)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 50 }),
        fc.integer({ min: -10, max: 1010 }),
        (raw, t) => {
          const ts = [...raw].sort((a, b) => a - b);
          const linear = ts.reduce((found, v, i) => (v <= t ? i : found), -1);
          const got = vertexBefore(track(ts, ts, ts), t);
          // Equal times: any index with the same time is right.
          expect(got === -1 ? -1 : ts[got]).toBe(linear === -1 ? -1 : ts[linear]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('live motion between ticks', () => {
  it('places a first fix at once, then glides to the next one within one tick', () => {
    const m = new LiveMotion();
    m.push(7, 117, 39, 0, 1000);
    expect(m.at(7, 0)).toEqual([117, 39]);
    expect(m.moving(0)).toBe(false);
    m.push(7, 117.001, 39, 100, 1000);
    expect(m.moving(500)).toBe(true);
    const mid = m.at(7, 600)!;
    expect(mid[0]).toBeGreaterThan(117);
    expect(mid[0]).toBeLessThan(117.001);
    expect(m.at(7, 1100)).toEqual([117.001, 39]);
    expect(m.moving(1100)).toBe(false);
  });
  it('starts a new glide from where the icon is drawn (no jump back)', () => {
    const m = new LiveMotion();
    m.push(1, 0, 0, 0, 0);
    m.push(1, 10, 0, 0, 1000);
    const here = m.at(1, 500)!;
    m.push(1, 20, 0, 500, 1000);
    expect(m.at(1, 500)).toEqual(here);
  });
  it('glides for one tick interval, bounded', () => {
    expect(glideMs(null, 5)).toBe(1000);
    expect(glideMs(0, 500)).toBe(500);
    expect(glideMs(0, 10)).toBe(300);
    expect(glideMs(0, 60_000)).toBe(2000);
  });
});
