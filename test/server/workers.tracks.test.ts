import { describe, expect, it } from 'vitest';
import { distanceM } from '../../server/src/positions/positions.clean.ts';
import { findStops, simplifyTimed, summarizeTrack, type RawTrack } from '../../server/src/workers/tracks.ts';

const T0 = Date.parse('2025-06-01T08:00:00Z');
const LON = 117.12;
const LAT = 39.17;
const M_PER_DEG_LON = 111_320 * Math.cos((LAT * Math.PI) / 180);

/** Walks east at 1.25 m/s for `walkS`, stands still (±3 m jitter) for `stopS`, walks on; one fix per 5 s. */
function walkStopWalk(walkS: number, stopS: number): RawTrack {
  const t: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  let x = 0;
  let s = 0;
  const add = (jitter = 0) => {
    t.push(T0 + s * 1000);
    lon.push(LON + (x + jitter) / M_PER_DEG_LON);
    lat.push(LAT + jitter / 111_000);
  };
  for (; s < walkS; s += 5, x += 6.25) add();
  for (let k = 0; s < walkS + stopS; s += 5, k++) add(k % 2 ? 3 : -3);
  for (; s <= 2 * walkS + stopS; s += 5, x += 6.25) add();
  return { t, lon, lat };
}

describe('track summary', () => {
  it('finds a 5-minute stop with arrival, departure and duration, and no stop in a 2-minute pause', () => {
    const stops = findStops(walkStopWalk(600, 300), 180);
    expect(stops).toHaveLength(1);
    // Within 20 m (16 s of walking) of the true arrival at T0 + 600 s and departure at T0 + 900 s.
    expect(Math.abs(stops[0]!.arrivalT - (T0 + 600_000))).toBeLessThanOrEqual(16_000);
    expect(Math.abs(stops[0]!.departureT - (T0 + 900_000))).toBeLessThanOrEqual(16_000);
    expect(stops[0]!.lon).toBeCloseTo(LON + 750 / M_PER_DEG_LON, 4);
    expect(findStops(walkStopWalk(600, 120), 180)).toHaveLength(0);
  });

  it('counts distance and moving time outside stops and still time inside them', () => {
    const s = summarizeTrack(walkStopWalk(600, 300), { resolutionM: 2, minStopS: 180 });
    expect(s.distanceM).toBeGreaterThan(1450); // 2 × 750 m walked, minus the stop's rim
    expect(s.distanceM).toBeLessThan(1510); // jitter in the stop adds nothing
    expect(s.stillS).toBe(s.stops[0]!.durationS);
    expect(s.movingS + s.stillS).toBe(1500);
  });

  it('simplifies a straight walk at constant speed to its ends and keeps the stop as two vertices', () => {
    const s = summarizeTrack(walkStopWalk(600, 300), { resolutionM: 2, minStopS: 180 });
    expect(s.path.t.length).toBeLessThanOrEqual(6);
    const [stop] = s.stops;
    const iA = s.path.t.indexOf(stop!.arrivalT);
    expect(s.path.t[iA + 1]).toBe(stop!.departureT);
    expect(s.path.lon[iA]).toBe(s.path.lon[iA + 1]);
  });

  it('keeps playback within the tolerance of every raw fix at its own time (a brief pause included)', () => {
    const tr = walkStopWalk(300, 120); // a 2-minute pause: no stop, but time-aware simplification keeps it
    for (const tol of [1, 5, 20]) {
      const keep = simplifyTimed(tr, tol);
      for (let k = 0; k < tr.t.length; k++) {
        const j = keep.findIndex((i) => tr.t[i]! >= tr.t[k]!);
        const b = keep[j]!;
        const a = keep[Math.max(0, j - 1)]!;
        const f = b === a ? 0 : (tr.t[k]! - tr.t[a]!) / (tr.t[b]! - tr.t[a]!);
        const lon = tr.lon[a]! + f * (tr.lon[b]! - tr.lon[a]!);
        const lat = tr.lat[a]! + f * (tr.lat[b]! - tr.lat[a]!);
        expect(distanceM(lon, lat, tr.lon[k]!, tr.lat[k]!)).toBeLessThanOrEqual(tol * 1.01);
      }
    }
  });

  it('handles no points, one point and repeated timestamps', () => {
    expect(summarizeTrack({ t: [], lon: [], lat: [] }, { resolutionM: 2, minStopS: 180 }).path.t).toEqual([]);
    const one = summarizeTrack(
      { t: [T0, T0], lon: [LON, LON], lat: [LAT, LAT] },
      { resolutionM: 2, minStopS: 180 },
    );
    expect(one).toMatchObject({ points: 1, distanceM: 0, path: { t: [T0] } });
  });
});
