import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Parcel } from './layout.ts';
import { PLACE_STEMS, streetName } from './names.ts';
import type { Rng } from './random.ts';
import type { RegionRow } from './types.ts';
import type { Warp } from './warp.ts';

/** Households per street, community and grid cell the hierarchy aims at. */
const STREET_HH = 12_000;
const COMMUNITY_HH = 3_000;
const GRID_HH = 300;

export interface Regions {
  rows: RegionRow[];
  /** Grid code of each parcel, by parcel index. */
  gridOfParcel: string[];
}

/** Parcels weigh by households; non-residential sites a little, so they spread over the cells. */
const weight = (p: Parcel) => p.households + 20;

/**
 * Recursive bisection along the longer side of the parcels' extent, cutting where the weight
 * splits k1 : k − k1. Groups are compact, follow parcel (compound) and road edges, and are
 * never a square lattice because parcels differ in size and households.
 */
function bisect(items: Parcel[], k: number): Parcel[][] {
  if (k <= 1 || items.length <= 1) return [items];
  const cx = (p: Parcel) => (p.u0 + p.u1) / 2;
  const cy = (p: Parcel) => (p.v0 + p.v1) / 2;
  const xs = items.map(cx);
  const ys = items.map(cy);
  const alongU = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  const [a, b] = alongU ? [cx, cy] : [cy, cx];
  const sorted = items.slice().sort((p, q) => a(p) - a(q) || b(p) - b(q));
  const k1 = Math.floor(k / 2);
  const total = sorted.reduce((s, p) => s + weight(p), 0);
  const want = (total * k1) / k;
  let cut = 1;
  let acc = 0;
  let bestErr = Infinity;
  for (let i = 0; i < sorted.length - 1; i++) {
    acc += weight(sorted[i]!);
    const err = Math.abs(acc - want);
    if (err < bestErr && i + 1 >= Math.min(k1, sorted.length - 1)) {
      bestErr = err;
      cut = i + 1;
    }
  }
  return [...bisect(sorted.slice(0, cut), k1), ...bisect(sorted.slice(cut), k - k1)];
}

const households = (ps: Parcel[]) => ps.reduce((s, p) => s + p.households, 0);
const pad3 = (n: number) => String(n).padStart(3, '0');

/** Warps a planning-metre polygon set (already unioned) to a lon/lat MultiPolygon. */
function unionGeom(plan: Polygon[], warp: Warp): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: plan.map((p) =>
      p.coordinates.map((ring) => warp.ring(ring.map((pt) => [pt[0]!, pt[1]!] as const))),
    ),
  };
}

function parcelPolygon(p: Parcel): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [p.u0, p.v0],
        [p.u1, p.v0],
        [p.u1, p.v1],
        [p.u0, p.v1],
        [p.u0, p.v0],
      ],
    ],
  };
}

function toPlanning(m: MultiPolygon | Polygon): Polygon[] {
  return m.type === 'Polygon' ? [m] : m.coordinates.map((c) => ({ type: 'Polygon', coordinates: c }));
}

/** District → streets → communities → grid cells, codes as a prefix tree, polygons as unions of parcels. */
export function buildRegions(
  rng: Rng,
  parcels: Parcel[],
  warp: Warp,
  district: { code: string; name: string },
): Regions {
  const rows: RegionRow[] = [];
  const gridOfParcel: string[] = [];
  const stems = rng.shuffle(PLACE_STEMS);
  let communityNo = 0;
  const streets = bisect(parcels, Math.max(1, Math.round(households(parcels) / STREET_HH)));
  const streetPlans: Polygon[][] = [];
  streets.forEach((sp, s) => {
    const streetCode = district.code + pad3(s + 1);
    const communities = bisect(sp, Math.max(1, Math.round(households(sp) / COMMUNITY_HH)));
    const commPlans: Polygon[][] = [];
    const commRows: RegionRow[] = [];
    communities.forEach((cp, c) => {
      const code = streetCode + pad3(c + 1);
      const n = communityNo++;
      const cname = `${stems[n % stems.length]}${['', '东', '西', '南', '北', '新'][Math.floor(n / stems.length) % 6]}社区`;
      const grids = bisect(cp, Math.max(1, Math.round(households(cp) / GRID_HH)));
      const gridPlans: Polygon[][] = [];
      grids.forEach((gp, g) => {
        const gcode = code + pad3(g + 1);
        for (const p of gp) gridOfParcel[p.index] = gcode;
        const plan = unionPlan(gp.map(parcelPolygon));
        gridPlans.push(plan);
        rows.push({
          code: gcode,
          parentCode: code,
          level: 'grid',
          name: `${cname}第${g + 1}网格`,
          geom: unionGeom(plan, warp),
        });
      });
      const plan = unionPlan(gridPlans.flat());
      commPlans.push(plan);
      commRows.push({
        code,
        parentCode: streetCode,
        level: 'community',
        name: cname,
        geom: unionGeom(plan, warp),
      });
    });
    rows.push(...commRows);
    const plan = unionPlan(commPlans.flat());
    streetPlans.push(plan);
    rows.push({
      code: streetCode,
      parentCode: district.code,
      level: 'street',
      name: streetName(s),
      geom: unionGeom(plan, warp),
    });
  });
  const plan = unionPlan(streetPlans.flat());
  rows.push({
    code: district.code,
    parentCode: null,
    level: 'district',
    name: district.name,
    geom: unionGeom(plan, warp),
  });
  rows.sort((x, y) => x.code.length - y.code.length || (x.code < y.code ? -1 : 1));
  return { rows, gridOfParcel };
}

/** Union in planning space, kept as planning polygons for the next level up. */
function unionPlan(parts: Polygon[]): Polygon[] {
  if (parts.length === 1) return parts;
  const merged = turf.union(turf.featureCollection(parts.map((p) => turf.polygon(p.coordinates))))!.geometry;
  return toPlanning(merged);
}
