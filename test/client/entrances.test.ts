import { describe, expect, it } from 'vitest';
import { entranceSection } from '../../client/src/map3d/entrances.ts';

type P = [number, number];
const M = 111_320;
const LAT = 39.17;
const kx = M * Math.cos((LAT * Math.PI) / 180);
/** A rectangle w × d metres centred at 117.15E 39.17N, rotated by deg (counter-clockwise from east). */
function slab(w: number, d: number, deg: number): P[] {
  const a = (deg * Math.PI) / 180;
  const corners: P[] = [
    [-w / 2, -d / 2],
    [w / 2, -d / 2],
    [w / 2, d / 2],
    [-w / 2, d / 2],
  ];
  const ring = corners.map(([x, y]): P => {
    const rx = x * Math.cos(a) - y * Math.sin(a);
    const ry = x * Math.sin(a) + y * Math.cos(a);
    return [117.15 + rx / kx, LAT + ry / M];
  });
  return [...ring, ring[0]!];
}
const toM = ([lon, lat]: P): P => [(lon - 117.15) * kx, (lat - LAT) * M];
/** Shoelace area in m². */
const area = (ring: P[]) => {
  const m = ring.map(toM);
  let s = 0;
  for (let i = 0; i < m.length; i++) {
    const [x1, y1] = m[i]!;
    const [x2, y2] = m[(i + 1) % m.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
};
const centroidX = (ring: P[]) => ring.map(toM).reduce((s, [x]) => s + x, 0) / ring.length;

describe('entranceSection: which part of a slab is 单元 n', () => {
  it('cuts an east–west slab into equal sections numbered from the west', () => {
    const ring = slab(60, 12, 0);
    const parts = [1, 2, 3, 4].map((n) => entranceSection(ring, n, 4));
    for (const p of parts) expect(area(p)).toBeCloseTo((60 * 12) / 4, 0);
    const xs = parts.map(centroidX);
    expect(xs[0]).toBeCloseTo(-22.5, 0);
    expect(xs[3]).toBeCloseTo(22.5, 0);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('follows the long axis of a rotated slab, not the compass', () => {
    const ring = slab(48, 12, 70); // long side 20° off north
    const first = entranceSection(ring, 1, 3);
    const last = entranceSection(ring, 3, 3);
    expect(area(first)).toBeCloseTo((48 * 12) / 3, 0);
    // Numbered from the west end; along a near north–south slab that is its south end here.
    const cy = (r: P[]) => r.map(toM).reduce((s, [, y]) => s + y, 0) / r.length;
    expect(cy(first)).toBeLessThan(cy(last));
    // Each section spans the full depth: 16 m along the axis, 12 m across.
    expect(area(first) / 16).toBeCloseTo(12, 0);
  });

  it('gives the whole footprint to a single-entrance building and clamps odd entrance numbers', () => {
    const ring = slab(26, 22, 0);
    expect(area(entranceSection(ring, 1, 1))).toBeCloseTo(26 * 22, 0);
    expect(area(entranceSection(ring, 9, 2))).toBeCloseTo((26 * 22) / 2, 0);
  });

  it('keeps a concave L-shaped footprint to its own section', () => {
    // 40 × 10 m bar with a 10 × 10 m wing at its east end.
    const pts: P[] = [
      [0, 0],
      [40, 0],
      [40, 20],
      [30, 20],
      [30, 10],
      [0, 10],
    ].map(([x, y]): P => [117.15 + x! / kx, LAT + y! / M]);
    const east = entranceSection(pts, 2, 2);
    const west = entranceSection(pts, 1, 2);
    expect(area(west) + area(east)).toBeCloseTo(400 + 100, 0);
    expect(area(east)).toBeCloseTo(200 + 100, 0);
  });
});
