import type { Rng } from './random.ts';
import { compoundName, roadName } from './names.ts';
import { planParcel, type Inner, type ParcelKind, type PlannedBuilding } from './parcels.ts';
import type { RoadClass } from './types.ts';

/** One road line of the planning lattice: a north-south road at u = pos, or an east-west one at v = pos. */
export interface LatticeLine {
  pos: number;
  cls: RoadClass;
  widthM: number;
  name: string;
}

/** A parcel (compound / 小区 or a non-residential site) bounded by road centre lines, in planning metres. */
export interface Parcel {
  index: number;
  block: [number, number];
  u0: number;
  v0: number;
  u1: number;
  v1: number;
  kind: ParcelKind;
  compound: string;
  /** Road the compound's address is on. */
  roadName: string;
  buildings: PlannedBuilding[];
  households: number;
}

export interface Layout {
  uLines: LatticeLine[];
  vLines: LatticeLine[];
  /** Included blocks as "i,j" keys (block i between uLines[i] and uLines[i+1]). */
  blocks: Set<string>;
  parcels: Parcel[];
  /** Internal lanes between parcels of one block: [u0, v0, u1, v1] planning segments. */
  lanes: [number, number, number, number][];
}

const LANE_WIDTH_M = 7;

/** Planning coordinates are multiples of 0.5 m, exact in binary, so polygon unions stay exact. */
const half = (m: number) => Math.round(m * 2) / 2;

function lines(rng: Rng, extentM: number, nameIndex: { n: number }, used: Set<string>): LatticeLine[] {
  const out: LatticeLine[] = [];
  let sinceArterial = 0;
  for (let pos = half(-extentM + rng.float(0, 150)); pos <= extentM; pos = half(pos + rng.float(210, 340))) {
    const arterial = sinceArterial >= 2 || (sinceArterial >= 1 && rng.chance(0.35));
    sinceArterial = arterial ? 0 : sinceArterial + 1;
    const cls: RoadClass = arterial ? (rng.chance(0.25) ? 'trunk' : 'primary') : 'secondary';
    const name = roadName(rng, nameIndex.n++, used);
    used.add(name);
    out.push({ pos, cls, widthM: cls === 'trunk' ? 40 : cls === 'primary' ? 30 : 16, name });
  }
  return out;
}

/** Residential mix by neighbourhood: an old 平房 / 老旧小区 belt and newer high-rise areas, varying smoothly. */
function residentialKind(rng: Rng, oldness: number): ParcelKind {
  return rng.weighted<ParcelKind>(
    ['bungalow', 'old_slab', 'mid_slab', 'tower'],
    [0.7 * oldness * oldness, 0.3 + 0.6 * oldness, 0.35 * (1 - oldness), 0.4 * (1 - oldness)],
  );
}

function parcelKind(rng: Rng, index: number, onArterial: boolean, oldness: number): ParcelKind {
  if (index % 90 === 10) return 'hospital';
  const r = rng.next();
  if (r < 0.06) return 'school';
  if (r < 0.085) return 'market';
  if (onArterial && r < 0.13) return 'office';
  if (onArterial && r < 0.22) return 'commercial';
  return residentialKind(rng, oldness);
}

/** Blocks grown outward from the centre as a 4-connected set, with noise so the outline is irregular. */
function* growBlocks(rng: Rng, ni: number, nj: number): Generator<[number, number]> {
  const ci = Math.floor(ni / 2);
  const cj = Math.floor(nj / 2);
  const noise = new Map<string, number>();
  const keyOf = (i: number, j: number) => `${i},${j}`;
  const score = (i: number, j: number) => {
    const k = keyOf(i, j);
    if (!noise.has(k)) noise.set(k, rng.float(0.75, 1.35));
    return Math.hypot(i - ci, (j - cj) * 1.15) * noise.get(k)!;
  };
  const frontier = new Map<string, [number, number]>([[keyOf(ci, cj), [ci, cj]]]);
  const done = new Set<string>();
  while (frontier.size > 0) {
    let best: [string, [number, number]] | undefined;
    for (const e of frontier) if (!best || score(...e[1]) < score(...best[1])) best = e;
    const [k, [i, j]] = best!;
    frontier.delete(k);
    done.add(k);
    yield [i, j];
    for (const [a, b] of [
      [i + 1, j],
      [i - 1, j],
      [i, j + 1],
      [i, j - 1],
    ] as const) {
      if (a >= 0 && b >= 0 && a < ni && b < nj && !done.has(keyOf(a, b))) frontier.set(keyOf(a, b), [a, b]);
    }
  }
}

/** Splits a span into 1–3 parts of at least ~110 m. */
function splits(rng: Rng, a: number, b: number): number[] {
  const n = Math.max(1, Math.min(3, Math.round((b - a) / rng.float(120, 170))));
  const cuts = [a];
  for (let k = 1; k < n; k++) cuts.push(half(a + ((b - a) * k) / n + rng.float(-15, 15)));
  cuts.push(b);
  return cuts;
}

/**
 * Plans roads, blocks, parcels and buildings until the district holds targetHouses dwellings.
 * All coordinates are planning metres; Warp maps them to the ground.
 */
export function planLayout(rng: Rng, targetHouses: number, extentM: number): Layout {
  const used = new Set<string>();
  const nameIndex = { n: 0 };
  const uLines = lines(rng, extentM, nameIndex, used);
  const vLines = lines(rng, extentM, nameIndex, used);
  const phase = [rng.float(0, 6.28), rng.float(0, 6.28)];
  const layout: Layout = { uLines, vLines, blocks: new Set(), parcels: [], lanes: [] };
  let houses = 0;
  for (const [i, j] of growBlocks(rng, uLines.length - 1, vLines.length - 1)) {
    if (houses >= targetHouses) break;
    layout.blocks.add(`${i},${j}`);
    houses += planBlock(rng, layout, i, j, phase);
  }
  return layout;
}

function planBlock(rng: Rng, layout: Layout, i: number, j: number, phase: number[]): number {
  const W = layout.uLines[i]!;
  const E = layout.uLines[i + 1]!;
  const S = layout.vLines[j]!;
  const N = layout.vLines[j + 1]!;
  const us = splits(rng, W.pos, E.pos);
  const vs = splits(rng, S.pos, N.pos);
  for (const u of us.slice(1, -1)) layout.lanes.push([u, S.pos, u, N.pos]);
  for (const v of vs.slice(1, -1)) layout.lanes.push([W.pos, v, E.pos, v]);
  let households = 0;
  for (let a = 0; a + 1 < us.length; a++) {
    for (let b = 0; b + 1 < vs.length; b++) {
      const r = { u0: us[a]!, v0: vs[b]!, u1: us[a + 1]!, v1: vs[b + 1]! };
      const setback = (line: LatticeLine, edge: number) =>
        (edge === line.pos ? line.widthM / 2 : LANE_WIDTH_M / 2) + 5;
      const inner: Inner = {
        u0: r.u0 + setback(W, r.u0),
        v0: r.v0 + setback(S, r.v0),
        u1: r.u1 - setback(E, r.u1),
        v1: r.v1 - setback(N, r.v1),
      };
      const facing = [
        r.u0 === W.pos && W,
        r.u1 === E.pos && E,
        r.v0 === S.pos && S,
        r.v1 === N.pos && N,
      ].filter((l): l is LatticeLine => l !== false);
      const onArterial = facing.some((l) => l.cls !== 'secondary');
      const cu = (r.u0 + r.u1) / 2;
      const cv = (r.v0 + r.v1) / 2;
      const oldness = Math.min(
        1,
        Math.max(0, 0.5 + 0.65 * Math.sin(cu / 420 + phase[0]!) * Math.cos(cv / 520 + phase[1]!)),
      );
      const index = layout.parcels.length;
      const kind = parcelKind(rng, index, onArterial, oldness);
      const buildings = planParcel(rng, kind, inner);
      const homes = buildings.reduce((s, x) => s + x.floors * x.entrances * x.perFloor, 0);
      households += homes;
      const modern = kind === 'mid_slab' || kind === 'tower';
      const roadName = (facing.find((l) => l.cls !== 'secondary') ?? facing[0] ?? W).name;
      layout.parcels.push({
        index,
        block: [i, j],
        ...r,
        kind,
        compound: compoundName(rng, modern),
        roadName,
        buildings,
        households: homes,
      });
    }
  }
  return households;
}
