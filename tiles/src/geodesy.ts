/**
 * WGS84 geodesy for tile frames: geodetic → ECEF and a local east-north-up frame per tile, exact
 * (no tangent-plane approximation), so coarse tiles spanning tens of kilometres stay correct.
 */
const A = 6378137.0;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const DEG = Math.PI / 180;

export interface EnuFrame {
  /** ECEF origin (metres). */
  origin: [number, number, number];
  /** Rows: east, north, up unit vectors in ECEF. */
  east: [number, number, number];
  north: [number, number, number];
  up: [number, number, number];
}

/** Geodetic lon/lat (degrees), height (m) → ECEF (m), written into out. */
export function toEcef(lonDeg: number, latDeg: number, h: number, out: Float64Array | number[]): void {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const sinLat = Math.sin(lat);
  const cosLat = Math.cos(lat);
  const n = A / Math.sqrt(1 - E2 * sinLat * sinLat);
  out[0] = (n + h) * cosLat * Math.cos(lon);
  out[1] = (n + h) * cosLat * Math.sin(lon);
  out[2] = (n * (1 - E2) + h) * sinLat;
}

export function enuFrame(lonDeg: number, latDeg: number): EnuFrame {
  const lon = lonDeg * DEG;
  const lat = latDeg * DEG;
  const o = [0, 0, 0];
  toEcef(lonDeg, latDeg, 0, o);
  const sl = Math.sin(lon);
  const cl = Math.cos(lon);
  const sp = Math.sin(lat);
  const cp = Math.cos(lat);
  return {
    origin: [o[0]!, o[1]!, o[2]!],
    east: [-sl, cl, 0],
    north: [-sp * cl, -sp * sl, cp],
    up: [cp * cl, cp * sl, sp],
  };
}

/** The frame's local→ECEF matrix, column-major (3D Tiles tile.transform). */
export function frameTransform(f: EnuFrame): number[] {
  return [...f.east, 0, ...f.north, 0, ...f.up, 0, ...f.origin, 1];
}

/**
 * Projects lon/lat pairs (degrees, flat) at height 0 and at height h into the frame: writes
 * east/north/up of the base into base and of the top into top (3 numbers per point).
 * The top follows each point's own ellipsoid normal, so tall buildings stand straight.
 */
export function projectRing(
  f: EnuFrame,
  lonLat: ArrayLike<number>,
  h: number,
  base: Float64Array,
  top: Float64Array,
): void {
  const p = [0, 0, 0];
  const [ox, oy, oz] = f.origin;
  const [ex, ey, ez] = f.east;
  const [nx, ny, nz] = f.north;
  const [ux, uy, uz] = f.up;
  for (let i = 0, j = 0; i < lonLat.length; i += 2, j += 3) {
    const lon = lonLat[i]! * DEG;
    const lat = lonLat[i + 1]! * DEG;
    const sinLat = Math.sin(lat);
    const cosLat = Math.cos(lat);
    const cosLon = Math.cos(lon);
    const sinLon = Math.sin(lon);
    const n = A / Math.sqrt(1 - E2 * sinLat * sinLat);
    p[0] = n * cosLat * cosLon - ox;
    p[1] = n * cosLat * sinLon - oy;
    p[2] = n * (1 - E2) * sinLat - oz;
    // Point normal (geodetic) times h, added for the top.
    const tx = p[0] + h * cosLat * cosLon;
    const ty = p[1] + h * cosLat * sinLon;
    const tz = p[2] + h * sinLat;
    base[j] = ex * p[0] + ey * p[1] + ez * p[2];
    base[j + 1] = nx * p[0] + ny * p[1] + nz * p[2];
    base[j + 2] = ux * p[0] + uy * p[1] + uz * p[2];
    top[j] = ex * tx + ey * ty + ez * tz;
    top[j + 1] = nx * tx + ny * ty + nz * tz;
    top[j + 2] = ux * tx + uy * ty + uz * tz;
  }
}

export const toRadians = (deg: number) => deg * DEG;

/** Metres per degree of longitude / latitude at latDeg on the ellipsoid (for sizes, not positions). */
export function metresPerDegree(latDeg: number): { lon: number; lat: number } {
  const s = Math.sin(latDeg * DEG);
  const w = 1 - E2 * s * s;
  return {
    lon: (A / Math.sqrt(w)) * Math.cos(latDeg * DEG) * DEG,
    lat: ((A * (1 - E2)) / (w * Math.sqrt(w))) * DEG,
  };
}

/** inverse(a) × b for rigid column-major 4×4 matrices (a child's transform relative to its parent). */
export function relativeTransform(a: readonly number[], b: readonly number[]): number[] {
  // inverse(a) = [Rᵀ, −Rᵀt]
  const inv = new Array<number>(16).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) inv[c * 4 + r] = a[r * 4 + c]!;
  for (let r = 0; r < 3; r++) inv[12 + r] = -(inv[r]! * a[12]! + inv[4 + r]! * a[13]! + inv[8 + r]! * a[14]!);
  inv[15] = 1;
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++)
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += inv[k * 4 + r]! * b[c * 4 + k]!;
      out[c * 4 + r] = Math.abs(s) < 1e-15 ? 0 : s;
    }
  return out;
}
