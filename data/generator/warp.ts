import type { Rng } from './random.ts';

/** Metres per degree of latitude (local equirectangular projection). */
export const M_PER_DEG_LAT = 111_320;

/** One breakpoint of a piecewise-linear offset curve. */
interface Knot {
  at: number;
  off: number;
}

/**
 * Maps the generator's planning plane (u, v in metres, axis-aligned lattice) to the ground:
 * x = u + f(v), y = v + g(u), with f and g piecewise linear and slopes below MAX_SLOPE, so roads
 * bend by a few degrees at the knots while the map stays one-to-one (det = 1 − f'g' > 0).
 * Axis-aligned edges map exactly to polylines through the knots, so shared edges stay shared.
 */
export class Warp {
  static readonly MAX_SLOPE = 0.07;
  private readonly fKnots: Knot[];
  private readonly gKnots: Knot[];
  private readonly mPerDegLon: number;

  constructor(
    rng: Rng,
    extentM: number,
    private readonly center: [number, number],
  ) {
    this.fKnots = Warp.curve(rng, extentM);
    this.gKnots = Warp.curve(rng, extentM);
    this.mPerDegLon = M_PER_DEG_LAT * Math.cos((center[1] * Math.PI) / 180);
  }

  private static curve(rng: Rng, extentM: number): Knot[] {
    const knots: Knot[] = [];
    let off = 0;
    for (let at = -extentM; at <= extentM; at += rng.float(260, 480)) {
      knots.push({ at, off });
      const step = rng.float(260, 480);
      // Mean-reverting slope keeps the offsets within tens of metres.
      const slope = Math.max(
        -Warp.MAX_SLOPE,
        Math.min(Warp.MAX_SLOPE, rng.float(-0.06, 0.06) - off / (4 * step)),
      );
      off += slope * step;
    }
    return knots;
  }

  private static evalCurve(knots: Knot[], t: number): number {
    let lo = 0;
    let hi = knots.length - 1;
    const first = knots[0]!;
    const last = knots[hi]!;
    if (t <= first.at) return first.off;
    if (t >= last.at) return last.off;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (knots[mid]!.at <= t) lo = mid;
      else hi = mid;
    }
    const a = knots[lo]!;
    const b = knots[hi]!;
    return a.off + ((t - a.at) / (b.at - a.at)) * (b.off - a.off);
  }

  /** Ground metres (east, north) of a planning point. */
  ground(u: number, v: number): [number, number] {
    return [u + Warp.evalCurve(this.fKnots, v), v + Warp.evalCurve(this.gKnots, u)];
  }

  /** Ground metres → lon/lat, rounded to 1e-7° (about 1 cm). */
  toLonLat(x: number, y: number): [number, number] {
    const lon = this.center[0] + x / this.mPerDegLon;
    const lat = this.center[1] + y / M_PER_DEG_LAT;
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }

  lonLat(u: number, v: number): [number, number] {
    const [x, y] = this.ground(u, v);
    return this.toLonLat(x, y);
  }

  /** Maps an axis-aligned planning ring (closed) to lon/lat, adding the knots each edge crosses. */
  ring(uv: readonly (readonly [number, number])[]): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < uv.length; i++) {
      const [u0, v0] = uv[i]!;
      const [u1, v1] = uv[i + 1]!;
      out.push(this.lonLat(u0, v0));
      for (const [u, v] of this.knotsBetween(u0, v0, u1, v1)) out.push(this.lonLat(u, v));
    }
    const first = uv[0]!;
    out.push(this.lonLat(first[0], first[1]));
    return out;
  }

  /** Interior knot points on a segment: f knots for a vertical edge, g knots for a horizontal one. */
  knotsBetween(u0: number, v0: number, u1: number, v1: number): [number, number][] {
    const vertical = u0 === u1;
    const knots = vertical ? this.fKnots : this.gKnots;
    const a = vertical ? v0 : u0;
    const b = vertical ? v1 : u1;
    const inside = knots.map((k) => k.at).filter((t) => t > Math.min(a, b) && t < Math.max(a, b));
    if (b < a) inside.reverse();
    return inside.map((t) => (vertical ? [u0, t] : [t, v0]));
  }

  /** A lon/lat polyline along an axis-aligned planning segment. */
  line(u0: number, v0: number, u1: number, v1: number): [number, number][] {
    return [
      [u0, v0] as [number, number],
      ...this.knotsBetween(u0, v0, u1, v1),
      [u1, v1] as [number, number],
    ].map(([u, v]) => this.lonLat(u, v));
  }

  /** An east-west/north-south aligned ground rectangle (w × d metres) centred on a planning point. */
  rect(u: number, v: number, w: number, d: number): [number, number][] {
    const [x, y] = this.ground(u, v);
    const c: [number, number][] = [
      [x - w / 2, y - d / 2],
      [x + w / 2, y - d / 2],
      [x + w / 2, y + d / 2],
      [x - w / 2, y + d / 2],
      [x - w / 2, y - d / 2],
    ];
    return c.map(([px, py]) => this.toLonLat(px, py));
  }
}
