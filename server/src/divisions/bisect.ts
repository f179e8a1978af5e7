import { Delaunay } from 'd3-delaunay';
/**
 * Dividing a community into grid cells of about N households (网格划分), as pure geometry on
 * local metres: recursive weighted bisection of its buildings. A group to become k cells is cut
 * across its longer side so that one side holds ⌊k/2⌋ cells' worth of households (a cut may step
 * through a row of buildings); among the cut positions that keep that balance within `slack`, the
 * one running along a road wins (where the data has roads), then the best balanced. Buildings are never split (each is one weighted point);
 * cells come out compact (cuts across the longer side) and contiguous (each is a run of cuts).
 */

export interface Site {
  id: number;
  /** Local metres (east, north) of the building's point on surface. */
  x: number;
  y: number;
  households: number;
}

/** A road piece in the same local metres. */
export type Segment = [x0: number, y0: number, x1: number, y1: number];

export interface BisectOptions {
  /** Target households per cell. */
  households: number;
  /** How far a cut may move off the exact balance to follow a road, as a share of one cell (0.15). */
  slack?: number;
  /** A cut line counts as along a road where it runs within this many metres of one (20). */
  roadM?: number;
}

/** Cells: the building ids of each, with their household total. */
export interface Cell {
  ids: number[];
  households: number;
}

export function bisect(sites: readonly Site[], roads: readonly Segment[], o: BisectOptions): Cell[] {
  const total = sites.reduce((s, b) => s + b.households, 0);
  if (sites.length === 0) return [];
  const k = Math.max(1, Math.round(total / o.households));
  const index = new RoadIndex(roads, o.roadM ?? 20);
  const out: Cell[] = [];
  split([...sites], k, o, index, out);
  rebalance(out, sites, o.households);
  return out;
}

/**
 * Which buildings border each other: of a building's Delaunay neighbours (d3-delaunay), those
 * nearer than 1.3 × its nearest one (the next one along a row, not the one across a corner).
 * Cells keep to this graph. O(n log n): a community of thousands of buildings in milliseconds.
 */
const NEAR_M = 60;

export function neighbourhood(sites: readonly Site[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (sites.length === 1) out.set(sites[0]!.id, []);
  if (sites.length < 2) return out;
  const delaunay = Delaunay.from(
    sites,
    (s) => s.x,
    (s) => s.y,
  );
  // buildings at the very same point (a footprint split in two in the data) are left out of the
  // triangulation: each is the neighbour of the first one there
  const firstAt = new Map<string, Site>();
  const twins = new Map<number, number[]>();
  sites.forEach((s) => {
    const first = firstAt.get(`${s.x},${s.y}`);
    if (!first) firstAt.set(`${s.x},${s.y}`, s);
    else {
      twins.set(first.id, [...(twins.get(first.id) ?? []), s.id]);
      twins.set(s.id, [first.id]);
    }
  });
  sites.forEach((s, i) => {
    if (firstAt.get(`${s.x},${s.y}`) !== s) {
      out.set(s.id, twins.get(s.id)!);
      return;
    }
    const near: [number, number][] = [];
    for (const j of delaunay.neighbors(i)) {
      const t = sites[j]!;
      near.push([t.id, (t.x - s.x) ** 2 + (t.y - s.y) ** 2]);
    }
    near.sort((x, y) => x[1] - y[1]);
    // areas that touch (Voronoi neighbours), but not across a square or a park: 1.3 × the nearest
    // or NEAR_M, whichever is more
    const limit = Math.max((near[0]?.[1] ?? 0) * 1.3 ** 2, NEAR_M ** 2);
    out.set(s.id, [...near.filter(([, d]) => d <= limit).map(([id]) => id), ...(twins.get(s.id) ?? [])]);
  });
  return out;
}

/** Whether a cell's buildings are one piece in the neighbourhood graph. */
function connected(ids: readonly number[], near: ReadonlyMap<number, number[]>): boolean {
  if (ids.length <= 1) return true;
  const inCell = new Set(ids);
  const seen = new Set([ids[0]!]);
  const queue = [ids[0]!];
  while (queue.length > 0)
    for (const n of near.get(queue.pop()!) ?? [])
      if (inCell.has(n) && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
  return seen.size === ids.length;
}

/**
 * Straight cuts through lumpy buildings (a tower of 90 households beside rows of 36) can leave a
 * cell just outside ±20 %, or a building joined to its cell only across a corner. Then buildings
 * at a border move over: one bordering a cell outside the range moves in (or out) when that brings
 * the cell closer and keeps the other one in range, and both stay one piece.
 */
function rebalance(cells: Cell[], sites: readonly Site[], target: number) {
  if (cells.length < 2) return;
  const weight = new Map(sites.map((s) => [s.id, s.households]));
  const near = neighbourhood(sites);
  const cellOf = new Map<number, Cell>();
  for (const c of cells) for (const id of c.ids) cellOf.set(id, c);
  const inRange = (h: number) => Math.abs(h - target) <= 0.2 * target;
  const excess = (h: number) => Math.max(0, Math.abs(h - target) - 0.2 * target);
  const moveTo = (id: number, to: Cell) => {
    const from = cellOf.get(id)!;
    from.ids.splice(from.ids.indexOf(id), 1);
    to.ids.push(id);
    from.households -= weight.get(id) ?? 0;
    to.households += weight.get(id) ?? 0;
    cellOf.set(id, to);
  };
  // first: pieces cut off their cell join the cell they border most
  for (const c of cells)
    for (const id of [...c.ids])
      if (!(near.get(id) ?? []).some((n) => cellOf.get(n) === c) && c.ids.length > 1) {
        const counts = new Map<Cell, number>();
        for (const n of near.get(id) ?? []) counts.set(cellOf.get(n)!, (counts.get(cellOf.get(n)!) ?? 0) + 1);
        const to = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
        if (to) moveTo(id, to);
      }
  // a cell no move helps is left as it is, and the next one outside the range is tried
  const stuck = new Set<Cell>();
  for (let moves = 0; moves < 20 * cells.length; moves++) {
    const bad = cells.find((c) => !inRange(c.households) && !stuck.has(c));
    if (!bad) return;
    const under = bad.households < target;
    let done = false;
    // border buildings: in another cell next to bad (under), or in bad next to another (over)
    // (under: only the buildings bordering bad can move in)
    const border = under
      ? [...new Set(bad.ids.flatMap((x) => near.get(x) ?? []))].filter((x) => cellOf.get(x) !== bad)
      : [...bad.ids];
    for (const id of border) {
      const from = cellOf.get(id)!;
      const h = weight.get(id) ?? 0;
      const targets = (near.get(id) ?? []).map((n) => cellOf.get(n)!).filter((c) => c !== from);
      const to = under
        ? targets.includes(bad)
          ? bad
          : undefined
        : targets.sort((a, b) => a.households - b.households)[0];
      if (!to || from.ids.length <= 1) continue;
      const other = under ? from : to;
      // the households outside ±20 % of both cells together must shrink (so moves end)
      const badAfter = bad.households + (under ? h : -h);
      const otherAfter = other.households + (under ? -h : h);
      if (excess(badAfter) + excess(otherAfter) >= excess(bad.households) + excess(other.households))
        continue;
      if (
        !connected(
          from.ids.filter((x) => x !== id),
          near,
        )
      )
        continue;
      moveTo(id, to);
      done = true;
      break;
    }
    if (!done) stuck.add(bad);
    // a move changes its neighbours: they may be helped now
    else stuck.clear();
  }
}

function split(group: Site[], k: number, o: BisectOptions, roads: RoadIndex, out: Cell[]) {
  const total = group.reduce((s, b) => s + b.households, 0);
  if (k <= 1 || group.length <= 1) {
    out.push({ ids: group.map((b) => b.id), households: total });
    return;
  }
  const best = bestCut(group, k, total, o, roads, 1);
  if (!best) {
    out.push({ ids: group.map((b) => b.id), households: total });
    return;
  }
  const k1 = Math.floor(k / 2);
  split(best.order.slice(0, best.index + 1), k1, o, roads, out);
  split(best.order.slice(best.index + 1), k - k1, o, roads, out);
}

interface Cut {
  order: Site[];
  index: number;
  score: number;
}

/**
 * The best cut of a group into ⌊k/2⌋ and the rest, across either axis (the shorter one pays a
 * little: cells stay compact). With `lookahead`, the few best candidates are also judged by how well
 * their sides can be cut in turn, so a first cut does not leave a remainder no cut can balance.
 */
function bestCut(
  group: readonly Site[],
  k: number,
  total: number,
  o: BisectOptions,
  roads: RoadIndex,
  lookahead: number,
): Cut | undefined {
  const xs = group.map((b) => b.x);
  const ys = group.map((b) => b.y);
  const box = { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  const longX = box.x1 - box.x0 >= box.y1 - box.y0;
  const slack = (o.slack ?? 0.15) * (total / k);
  const candidates = [
    ...cuts(group, longX, k, total, box, o, roads),
    ...cuts(group, !longX, k, total, box, o, roads, 0.25 * slack),
  ];
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.score - a.score);
  if (lookahead <= 0 || k <= 2) return candidates[0];
  const k1 = Math.floor(k / 2);
  let best: Cut | undefined;
  let bestScore = -Infinity;
  for (const c of candidates.slice(0, 8)) {
    const left = c.order.slice(0, c.index + 1);
    const right = c.order.slice(c.index + 1);
    const sum = (g: Site[]) => g.reduce((s, b) => s + b.households, 0);
    const next = (g: Site[], kk: number) =>
      kk <= 1 ? 0 : (bestCut(g, kk, sum(g), o, roads, lookahead - 1)?.score ?? -total);
    const score = c.score + next(left, k1) + next(right, k - k1);
    if (score > bestScore) [bestScore, best] = [score, c];
  }
  return best;
}

/** Every cut of a group ordered along one axis, scored (index: the last building of the first side). */
function cuts(
  group: readonly Site[],
  alongX: boolean,
  k: number,
  total: number,
  box: { x0: number; x1: number; y0: number; y1: number },
  o: BisectOptions,
  roads: RoadIndex,
  penalty = 0,
): Cut[] {
  const pos = (b: Site) => (alongX ? b.x : b.y);
  const across = (b: Site) => (alongX ? b.y : b.x);
  // by position along the axis, then across it: a cut may take part of a row (a stepped line),
  // so a block of equal rows still divides into the thirds it needs
  const order = [...group].sort((a, b) => pos(a) - pos(b) || across(a) - across(b) || a.id - b.id);
  const k1 = Math.floor(k / 2);
  const target = (total * k1) / k;
  const slack = (o.slack ?? 0.15) * (total / k);
  const miss = (v: number) => (Math.abs(v - o.households) > 0.2 * o.households ? 1 : 0);
  const out: Cut[] = [];
  let acc = 0;
  for (let i = 0; i < order.length - 1; i++) {
    acc += order[i]!.households;
    const off = Math.abs(acc - target);
    const at = (pos(order[i]!) + pos(order[i + 1]!)) / 2;
    const road =
      roads.empty || off > slack
        ? 0
        : alongX
          ? roads.alongness(at, box.y0, at, box.y1)
          : roads.alongness(box.x0, at, box.x1, at);
    // a road is worth a little imbalance; outside the slack only balance counts; a side whose
    // cells would average outside ±20 % of the target costs a cell's worth (the spread users judge)
    const spreadCost = (miss(acc / k1) + miss((total - acc) / (k - k1))) * (total / k);
    out.push({ order, index: i, score: road * slack - off - spreadCost - penalty });
  }
  return out;
}

/** Road segments in square buckets, for "how much of this cut line runs near a road". */
class RoadIndex {
  private cells = new Map<string, Segment[]>();
  readonly empty: boolean;
  constructor(
    roads: readonly Segment[],
    private readonly radius: number,
  ) {
    this.empty = roads.length === 0;
    const size = radius * 4;
    for (const s of roads) {
      const [ax, ay, bx, by] = s;
      for (let cx = Math.floor(Math.min(ax, bx) / size); cx <= Math.floor(Math.max(ax, bx) / size); cx++)
        for (let cy = Math.floor(Math.min(ay, by) / size); cy <= Math.floor(Math.max(ay, by) / size); cy++) {
          const key = `${cx},${cy}`;
          const list = this.cells.get(key);
          if (list) list.push(s);
          else this.cells.set(key, [s]);
        }
    }
  }

  /** Share (0–1) of 16 points along the line that lie within radius of a road. */
  alongness(ax: number, ay: number, bx: number, by: number): number {
    let near = 0;
    for (let i = 0; i < 16; i++) {
      const t = (i + 0.5) / 16;
      if (this.near(ax + (bx - ax) * t, ay + (by - ay) * t)) near++;
    }
    return near / 16;
  }

  private near(x: number, y: number): boolean {
    const size = this.radius * 4;
    const list = this.cells.get(`${Math.floor(x / size)},${Math.floor(y / size)}`) ?? [];
    const r2 = this.radius * this.radius;
    return list.some(([ax, ay, bx, by]) => distance2(x, y, ax, ay, bx, by) <= r2);
  }
}

/** Squared distance from a point to a segment. */
function distance2(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  const px = ax + t * dx - x;
  const py = ay + t * dy - y;
  return px * px + py * py;
}

/** Households of a division against the target: the share of cells within ±tolerance, extremes. */
export function spread(cells: readonly Cell[], households: number, tolerance = 0.2) {
  const within = cells.filter((c) => Math.abs(c.households - households) <= tolerance * households).length;
  const hs = cells.map((c) => c.households);
  return {
    cells: cells.length,
    withinShare: cells.length ? Math.round((within / cells.length) * 1000) / 1000 : 0,
    min: hs.length ? Math.min(...hs) : 0,
    max: hs.length ? Math.max(...hs) : 0,
    tolerance,
  };
}
