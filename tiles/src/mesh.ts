import earcut from 'earcut';
import { projectRing, type EnuFrame } from './geodesy.ts';
import type { Polygon, Ring } from './footprint.ts';

/**
 * Triangles of extruded buildings in one tile's east-north-up frame, in glTF axes (x east, y up,
 * z south) with flat normals: walls get their own 4 vertices per edge, roofs are earcut
 * triangulations (holes included) facing up. The ground face is left out: it is never seen.
 */
export class MeshBuffers {
  positions = new Float64Array(3 * 4096);
  normals = new Int8Array(4 * 4096);
  featureIds = new Float32Array(4096);
  indices = new Uint32Array(6 * 4096);
  vertexCount = 0;
  indexCount = 0;

  private reserve(vertices: number, indices: number): void {
    const needV = this.vertexCount + vertices;
    if (needV > this.featureIds.length) {
      const cap = Math.max(needV, this.featureIds.length * 2);
      this.positions = grow(this.positions, cap * 3);
      this.normals = grow(this.normals, cap * 4);
      this.featureIds = grow(this.featureIds, cap);
    }
    const needI = this.indexCount + indices;
    if (needI > this.indices.length)
      this.indices = grow(this.indices, Math.max(needI, this.indices.length * 2));
  }

  private vertex(e: number, n: number, u: number, ne: number, nn: number, nu: number, feature: number): void {
    const v = this.vertexCount++;
    this.positions[v * 3] = e;
    this.positions[v * 3 + 1] = u;
    this.positions[v * 3 + 2] = -n;
    this.normals[v * 4] = Math.round(ne * 127);
    this.normals[v * 4 + 1] = Math.round(nu * 127);
    this.normals[v * 4 + 2] = Math.round(-nn * 127);
    this.featureIds[v] = feature;
  }

  /** Adds one footprint polygon (outer ring + holes) extruded from the ground to heightM. */
  addPolygon(frame: EnuFrame, rings: Ring[], heightM: number, feature: number): void {
    const projected = rings.map((ring) => {
      const base = new Float64Array((ring.length / 2) * 3);
      const top = new Float64Array(base.length);
      projectRing(frame, ring, heightM, base, top);
      return { base, top, ccw: signedArea(base) > 0 };
    });
    for (let r = 0; r < projected.length; r++) {
      const { base, top, ccw } = projected[r]!;
      // Outer rings run counter-clockwise and holes clockwise, so (dn, -de) always points out of the solid.
      this.addWalls(base, top, r === 0 ? ccw : !ccw, feature);
    }
    this.addRoof(projected, feature);
  }

  private addWalls(base: Float64Array, top: Float64Array, forward: boolean, feature: number): void {
    const n = base.length / 3;
    this.reserve(n * 4, n * 6);
    for (let k = 0; k < n; k++) {
      const i = forward ? k : n - 1 - k;
      const j = forward ? (k + 1) % n : (2 * n - 2 - k) % n;
      const de = base[j * 3]! - base[i * 3]!;
      const dn = base[j * 3 + 1]! - base[i * 3 + 1]!;
      const len = Math.hypot(de, dn);
      if (len < 1e-6) continue;
      const ne = dn / len;
      const nn = -de / len;
      const v0 = this.vertexCount;
      this.vertex(base[i * 3]!, base[i * 3 + 1]!, base[i * 3 + 2]!, ne, nn, 0, feature);
      this.vertex(base[j * 3]!, base[j * 3 + 1]!, base[j * 3 + 2]!, ne, nn, 0, feature);
      this.vertex(top[j * 3]!, top[j * 3 + 1]!, top[j * 3 + 2]!, ne, nn, 0, feature);
      this.vertex(top[i * 3]!, top[i * 3 + 1]!, top[i * 3 + 2]!, ne, nn, 0, feature);
      this.triangle(v0, v0 + 1, v0 + 2);
      this.triangle(v0, v0 + 2, v0 + 3);
    }
  }

  private addRoof(rings: { top: Float64Array }[], feature: number): void {
    let total = 0;
    for (const r of rings) total += r.top.length / 3;
    const flat = new Float64Array(total * 2);
    const holes: number[] = [];
    let p = 0;
    for (let r = 0; r < rings.length; r++) {
      if (r > 0) holes.push(p);
      const top = rings[r]!.top;
      for (let i = 0; i < top.length; i += 3) {
        flat[p * 2] = top[i]!;
        flat[p * 2 + 1] = top[i + 1]!;
        p++;
      }
    }
    const tris = earcut(flat, holes, 2);
    this.reserve(total, tris.length);
    const v0 = this.vertexCount;
    for (const r of rings) {
      const top = r.top;
      for (let i = 0; i < top.length; i += 3)
        this.vertex(top[i]!, top[i + 1]!, top[i + 2]!, 0, 0, 1, feature);
    }
    for (let t = 0; t < tris.length; t += 3) {
      const a = tris[t]!;
      const b = tris[t + 1]!;
      const c = tris[t + 2]!;
      const cross =
        (flat[b * 2]! - flat[a * 2]!) * (flat[c * 2 + 1]! - flat[a * 2 + 1]!) -
        (flat[b * 2 + 1]! - flat[a * 2 + 1]!) * (flat[c * 2]! - flat[a * 2]!);
      // Roofs face up (counter-clockwise seen from above) whatever order earcut returned.
      if (cross >= 0) this.triangle(v0 + a, v0 + b, v0 + c);
      else this.triangle(v0 + a, v0 + c, v0 + b);
    }
  }

  private triangle(a: number, b: number, c: number): void {
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = b;
    this.indices[this.indexCount++] = c;
  }

  /** Adds a building: every polygon in full, or (coarse levels) one convex hull of all its points. */
  addBuilding(frame: EnuFrame, polygons: Polygon[], heightM: number, feature: number, simplified: boolean) {
    if (!simplified) for (const rings of polygons) this.addPolygon(frame, rings, heightM, feature);
    else this.addPolygon(frame, [convexHull(polygons)], heightM, feature);
  }
}

function grow<T extends Float64Array | Float32Array | Int8Array | Uint32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Twice the signed area of a ring of (e, n, u) points in the east/north plane; > 0 counter-clockwise. */
function signedArea(pts: Float64Array): number {
  let s = 0;
  const n = pts.length / 3;
  for (let i = 0, j = n - 1; i < n; j = i++)
    s += pts[j * 3]! * pts[i * 3 + 1]! - pts[i * 3]! * pts[j * 3 + 1]!;
  return s;
}

/** Convex hull (monotone chain) of all outer-ring points of a building, as one lon/lat ring. */
export function convexHull(polygons: Polygon[]): Ring {
  const pts: [number, number][] = [];
  for (const rings of polygons) {
    const outer = rings[0]!;
    for (let i = 0; i < outer.length; i += 2) pts.push([outer[i]!, outer[i + 1]!]);
  }
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower.at(-2)!, lower.at(-1)!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper.at(-2)!, upper.at(-1)!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  return Float64Array.from(hull.flatMap((p) => p));
}
