import { Rng } from '../generator/random.ts';

/** A road network as a graph of vertices (lon/lat, WGS84) and their neighbours. */
export interface RoadGraph {
  lon: number[];
  lat: number[];
  next: number[][];
}

/** Builds the graph from road polylines; vertices shared by two roads (same coordinates) join them. */
export function roadGraph(lines: readonly (readonly [number, number][])[]): RoadGraph {
  const g: RoadGraph = { lon: [], lat: [], next: [] };
  const ids = new Map<string, number>();
  const vertex = ([lon, lat]: readonly [number, number]) => {
    const key = `${lon.toFixed(7)},${lat.toFixed(7)}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = g.lon.length;
      ids.set(key, id);
      g.lon.push(lon);
      g.lat.push(lat);
      g.next.push([]);
    }
    return id;
  };
  for (const line of lines)
    for (let i = 1; i < line.length; i++) {
      const a = vertex(line[i - 1]!);
      const b = vertex(line[i]!);
      if (a === b) continue;
      if (!g.next[a]!.includes(b)) g.next[a]!.push(b);
      if (!g.next[b]!.includes(a)) g.next[b]!.push(a);
    }
  return g;
}

/** How demo workers move: walking speed, how often and how long they stop, GPS noise. */
export interface WalkModel {
  speedMps: [number, number];
  /** Chance of stopping (a building visit) on reaching a road vertex. */
  stopChance: number;
  stopS: [number, number];
  /** Standard deviation of GPS noise per axis, metres. */
  noiseM: number;
}
export const WALK: WalkModel = { speedMps: [1.2, 1.5], stopChance: 0.08, stopS: [180, 900], noiseM: 5 };

const M_PER_DEG_LAT = 110_540;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export interface Sample {
  t: number;
  lon: number;
  lat: number;
  speedMps: number;
  headingDeg: number;
  accuracyM: number;
}

/**
 * One worker walking the road graph: along an edge at its own speed, at each vertex on to a random
 * neighbour (not straight back unless a dead end), sometimes stopping 3–15 min (a building visit,
 * a few metres off the road). `sample` adds Gaussian GPS noise. Deterministic for a seed.
 */
export class Walker {
  private from: number;
  private to: number;
  private along = 0;
  private stopUntil = 0;
  private stopOffset: [number, number] = [0, 0];
  private readonly speed: number;

  constructor(
    private readonly g: RoadGraph,
    private readonly rng: Rng,
    start: number,
    private t: number,
    private readonly model: WalkModel = WALK,
  ) {
    this.from = start;
    this.to = g.next[start]![0] ?? start;
    this.speed = rng.float(model.speedMps[0], model.speedMps[1]);
  }

  private edgeM(): [number, number, number] {
    const { lon, lat } = this.g;
    const dx = (lon[this.to]! - lon[this.from]!) * mPerDegLon(lat[this.from]!);
    const dy = (lat[this.to]! - lat[this.from]!) * M_PER_DEG_LAT;
    return [Math.hypot(dx, dy), dx, dy];
  }

  /** Moves the worker on by dtS seconds. */
  advance(dtS: number): void {
    let left = dtS;
    while (left > 0) {
      if (this.t < this.stopUntil) {
        const wait = Math.min(left, (this.stopUntil - this.t) / 1000);
        this.t += wait * 1000;
        left -= wait;
        continue;
      }
      const [len] = this.edgeM();
      const step = Math.min(left * this.speed, len - this.along);
      this.along += step;
      left -= step / this.speed;
      this.t += (step / this.speed) * 1000;
      if (this.along >= len - 1e-9) this.arrive();
      if (step === 0 && len === 0) break;
    }
  }

  private arrive() {
    const here = this.to;
    const options = this.g.next[here]!.filter((n) => n !== this.from);
    const pick = options.length > 0 ? options : this.g.next[here]!;
    this.from = here;
    this.to = pick.length > 0 ? pick[this.rng.int(0, pick.length - 1)]! : here;
    this.along = 0;
    if (this.rng.chance(this.model.stopChance)) {
      this.stopUntil = this.t + this.rng.float(this.model.stopS[0], this.model.stopS[1]) * 1000;
      this.stopOffset = [this.rng.float(-15, 15), this.rng.float(-15, 15)];
    } else this.stopOffset = [0, 0];
  }

  /** Where the worker truly is now (no noise). */
  position(): { t: number; lon: number; lat: number; stopped: boolean; headingDeg: number } {
    const { lon, lat } = this.g;
    const [len, dx, dy] = this.edgeM();
    const f = len > 0 ? this.along / len : 0;
    const la = lat[this.from]! + f * (lat[this.to]! - lat[this.from]!);
    const stopped = this.t < this.stopUntil;
    const [ox, oy] = stopped ? this.stopOffset : [0, 0];
    return {
      t: this.t,
      lon: lon[this.from]! + f * (lon[this.to]! - lon[this.from]!) + ox / mPerDegLon(la),
      lat: la + oy / M_PER_DEG_LAT,
      stopped,
      headingDeg: ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360,
    };
  }

  /** A GPS fix: the true position plus noise. */
  sample(): Sample {
    const p = this.position();
    const n = this.model.noiseM;
    return {
      t: Math.round(p.t),
      lon: p.lon + (gauss(this.rng) * n) / mPerDegLon(p.lat),
      lat: p.lat + (gauss(this.rng) * n) / M_PER_DEG_LAT,
      speedMps: p.stopped ? 0 : this.speed,
      headingDeg: Math.round(p.headingDeg),
      accuracyM: Math.round(n * 2),
    };
  }
}

/** Standard normal (Box–Muller). */
function gauss(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Walkers spread over the graph's vertices, one per worker, deterministic for a seed. */
export function walkers(
  g: RoadGraph,
  n: number,
  seed: number,
  t0: number,
  model: WalkModel = WALK,
): Walker[] {
  const rng = new Rng(seed);
  const starts = g.lon.map((_, i) => i).filter((i) => g.next[i]!.length > 0);
  return Array.from(
    { length: n },
    (_, i) => new Walker(g, rng.fork(i), starts[rng.int(0, starts.length - 1)]!, t0, model),
  );
}
