type Position = [lon: number, lat: number];

/** Metres per degree of latitude (spherical; plenty at building scale). */
const M_PER_DEG = 111_320;

/**
 * The part of a footprint that belongs to one entrance (单元) of a slab building. The data knows
 * how many entrances a building has, not where they are, so the footprint is cut across its long
 * axis into `entrances` equal sections, numbered from the west end (the south end for a
 * north–south slab), the way the demo district and most Chinese compounds lay out 1单元, 2单元 …
 * A single-entrance building (towers, schools) gets its whole footprint back.
 * `ring` is a closed or open lon/lat ring (SRID 4326); the answer is an open ring.
 */
export function entranceSection(ring: readonly Position[], entrance: number, entrances: number): Position[] {
  const open = isClosed(ring) ? ring.slice(0, -1) : ring.slice();
  if (entrances <= 1 || open.length < 3) return open;
  const [lon0, lat0] = open[0]!;
  const kx = M_PER_DEG * Math.cos((lat0 * Math.PI) / 180);
  const local = open.map(([lon, lat]): Position => [(lon - lon0) * kx, (lat - lat0) * M_PER_DEG]);
  const [ax, ay] = longAxis(local);
  const along = local.map(([x, y]) => x * ax + y * ay);
  const min = Math.min(...along);
  const len = Math.max(...along) - min;
  const n = Math.min(Math.max(Math.round(entrance), 1), entrances);
  const from = min + ((n - 1) / entrances) * len;
  const to = min + (n / entrances) * len;
  // Keep what lies between the two cuts: two half-planes, Sutherland–Hodgman.
  const cut = clip(clip(local, ax, ay, from), -ax, -ay, -to);
  return cut.map(([x, y]): Position => [lon0 + x / kx, lat0 + y / M_PER_DEG]);
}

function isClosed(ring: readonly Position[]): boolean {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return ring.length > 1 && a![0] === b![0] && a![1] === b![1];
}

/**
 * Unit vector of the long side of the footprint's minimum-area bounding rectangle (its sides are
 * parallel to some hull edge, so trying every edge direction finds it), pointing east (or north).
 */
function longAxis(pts: readonly Position[]): [number, number] {
  let best = { area: Infinity, ux: 1, uy: 0, longU: true };
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[(i + 1) % pts.length]!;
    const l = Math.hypot(x2 - x1, y2 - y1);
    if (l < 1e-9) continue;
    const ux = (x2 - x1) / l;
    const uy = (y2 - y1) / l;
    const u = pts.map(([x, y]) => x * ux + y * uy);
    const v = pts.map(([x, y]) => -x * uy + y * ux);
    const du = Math.max(...u) - Math.min(...u);
    const dv = Math.max(...v) - Math.min(...v);
    if (du * dv < best.area) best = { area: du * dv, ux, uy, longU: du >= dv };
  }
  let [ax, ay] = best.longU ? [best.ux, best.uy] : [-best.uy, best.ux];
  if (ax < -1e-9 || (Math.abs(ax) <= 1e-9 && ay < 0)) [ax, ay] = [-ax, -ay];
  return [ax, ay];
}

/** The polygon's part where x·ax + y·ay ≥ c. */
function clip(pts: readonly Position[], ax: number, ay: number, c: number): Position[] {
  const out: Position[] = [];
  const side = ([x, y]: Position) => x * ax + y * ay - c;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const q = pts[(i + 1) % pts.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp >= 0) out.push(p);
    if (sp >= 0 !== sq >= 0) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}
