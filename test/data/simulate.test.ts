import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGpx, shiftTrack } from '../../data/simulate/gpx.ts';
import { roadGraph, walkers, WALK } from '../../data/simulate/walker.ts';
import { distanceM } from '../../server/src/positions/positions.clean.ts';
import { sharedData } from '../support/sharedData.ts';

const GPX_DIR = pathToFileURL(sharedData('gps-tracks-gpxpy') + '/');

/** A 10 × 10 street grid, 100 m blocks, around the demo district. */
function grid() {
  const lines: [number, number][][] = [];
  const dLon = 100 / 86_300;
  const dLat = 100 / 110_540;
  for (let i = 0; i <= 10; i++) {
    lines.push(
      Array.from({ length: 11 }, (_, j) => [117.1 + j * dLon, 39.15 + i * dLat] as [number, number]),
    );
    lines.push(
      Array.from({ length: 11 }, (_, j) => [117.1 + i * dLon, 39.15 + j * dLat] as [number, number]),
    );
  }
  return roadGraph(lines);
}

describe('simulated grid workers', () => {
  it('joins roads at shared vertices', () => {
    const g = grid();
    expect(g.lon).toHaveLength(121);
    expect(g.next.filter((n) => n.length === 4)).toHaveLength(81);
  });

  it('walk at 1.2–1.5 m/s on the roads, stop 3–15 min now and then, with metres of GPS noise', () => {
    const g = grid();
    const t0 = Date.parse('2025-06-01T08:00:00Z');
    const ws = walkers(g, 20, 7, t0);
    let moving = 0;
    let stoppedS = 0;
    const noise: number[] = [];
    for (const w of ws) {
      let prev = w.position();
      for (let s = 0; s < 3600; s++) {
        w.advance(1);
        const p = w.position();
        const d = distanceM(prev.lon, prev.lat, p.lon, p.lat);
        if (p.stopped && prev.stopped) stoppedS++;
        else if (!p.stopped && !prev.stopped) {
          expect(d).toBeLessThanOrEqual(WALK.speedMps[1] * 1.01); // flat-earth step vs haversine
          if (d > 0.5) moving++;
        }
        const fix = w.sample();
        noise.push(distanceM(fix.lon, fix.lat, p.lon, p.lat));
        prev = p;
      }
      expect(prev.t).toBe(t0 + 3600_000);
    }
    expect(moving).toBeGreaterThan(20 * 3600 * 0.3);
    expect(stoppedS).toBeGreaterThan(20 * 3600 * 0.1);
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    expect(mean).toBeGreaterThan(4); // Rayleigh mean of σ = 5 m per axis ≈ 6.3 m
    expect(mean).toBeLessThan(9);
  });

  it('parses the real GPX tracks (points with a time, in order) and replays one now, moved home', () => {
    const car = parseGpx(readFileSync(new URL('around-visnjan-with-car.gpx', GPX_DIR), 'utf8'));
    expect(car).toHaveLength(104);
    expect(car[0]!.t).toBe(Date.parse('2020-12-18T06:15:50Z'));
    const hike = parseGpx(readFileSync(new URL('korita-zbevnica.gpx', GPX_DIR), 'utf8'));
    expect(hike).toHaveLength(513); // 871 points, 513 with a <time> (the 514th <time> is the file’s metadata)
    expect(hike.every((p, i) => i === 0 || p.t >= hike[i - 1]!.t)).toBe(true);
    const now = Date.now();
    const moved = shiftTrack(car, now, [117.12, 39.17]);
    expect(moved[0]).toEqual({ t: now, lon: 117.12, lat: 39.17 });
    expect(moved.at(-1)!.t - now).toBe(car.at(-1)!.t - car[0]!.t);
  });
});
