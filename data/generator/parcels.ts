import type { Rng } from './random.ts';
import type { BuildingForm, BuildingUse } from './types.ts';

export type ParcelKind =
  'bungalow' | 'old_slab' | 'mid_slab' | 'tower' | 'school' | 'hospital' | 'market' | 'office' | 'commercial';

/** A building planned in the planning plane: centre (u, v) and an east-west × north-south size in metres. */
export interface PlannedBuilding {
  u: number;
  v: number;
  widthM: number;
  depthM: number;
  form: BuildingForm;
  use: BuildingUse;
  floors: number;
  entrances: number;
  /** Dwellings per floor and entrance (0 for non-residential buildings). */
  perFloor: number;
  label: string;
}

/** Buildable rectangle of a parcel (already set back from the roads). */
export interface Inner {
  u0: number;
  v0: number;
  u1: number;
  v1: number;
}

/** Cell centres of a regular lattice of cw × ch cells centred in the rectangle, row by row from the south. */
function cells(r: Inner, cw: number, ch: number, max = Infinity): [number, number][] {
  const cols = Math.floor((r.u1 - r.u0) / cw);
  const rows = Math.floor((r.v1 - r.v0) / ch);
  const u0 = (r.u0 + r.u1 - cols * cw) / 2;
  const v0 = (r.v0 + r.v1 - rows * ch) / 2;
  const out: [number, number][] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols && out.length < max; i++) out.push([u0 + (i + 0.5) * cw, v0 + (j + 0.5) * ch]);
  }
  return out;
}

const STOREY_M = 2.9;

function residential(rng: Rng, kind: ParcelKind, r: Inner): PlannedBuilding[] {
  const base = { use: 'residential' as const, label: '' };
  if (kind === 'bungalow') {
    // 平房: rows of single-storey houses along 胡同 lanes, 4–6 dwellings each.
    return cells(r, 25, 12).map(([u, v]) => {
      const perFloor = rng.int(3, 5);
      return {
        ...base,
        u,
        v,
        widthM: perFloor * 3.8,
        depthM: 7,
        form: 'bungalow',
        floors: 1,
        entrances: 1,
        perFloor,
      };
    });
  }
  if (kind === 'tower') {
    // 点式高层: 18–33 floors, one entrance, four flats per floor; spacing for sunlight.
    return cells(r, 52, 72).map(([u, v]) => {
      const floors = rng.int(18, 33);
      return { ...base, u, v, widthM: 26, depthM: 22, form: 'tower', floors, entrances: 1, perFloor: 4 };
    });
  }
  const mid = kind === 'mid_slab';
  const maxEntr = mid ? 3 : 4;
  const unitW = mid ? 16 : 13;
  const depth = mid ? 14 : 11;
  // Sunlight spacing (日照间距) of about 1.2–1.6 × height between rows of south-facing slabs.
  const floorsMax = mid ? 18 : 7;
  const gap = Math.round(floorsMax * STOREY_M * (mid ? 1.0 : 1.25));
  return cells(r, maxEntr * unitW + 10, depth + gap).map(([u, v]) => {
    const entrances = rng.int(mid ? 2 : 1, maxEntr);
    const floors = mid ? rng.int(11, 18) : rng.weighted([4, 5, 6, 7], [1, 3, 6, 1]);
    return {
      ...base,
      u,
      v,
      widthM: entrances * unitW + 2,
      depthM: depth,
      form: 'slab',
      floors,
      entrances,
      perFloor: 2,
    };
  });
}

function block(
  u: number,
  v: number,
  w: number,
  d: number,
  use: BuildingUse,
  floors: number,
  label: string,
): PlannedBuilding {
  return { u, v, widthM: w, depthM: d, form: 'block', use, floors, entrances: 1, perFloor: 0, label };
}

function nonResidential(rng: Rng, kind: ParcelKind, r: Inner): PlannedBuilding[] {
  switch (kind) {
    case 'school':
      return cells(r, 80, 45, 2).map(([u, v], i) =>
        block(
          u,
          v,
          i === 0 ? 66 : 44,
          16,
          'school',
          i === 0 ? rng.int(4, 5) : 3,
          i === 0 ? '教学楼' : '综合楼',
        ),
      );
    case 'hospital':
      return cells(r, 70, 50, 3).map(([u, v], i) =>
        block(
          u,
          v,
          i === 0 ? 56 : 40,
          i === 0 ? 28 : 16,
          'hospital',
          i === 0 ? rng.int(12, 16) : rng.int(4, 6),
          i === 0 ? '门诊住院楼' : '医技楼',
        ),
      );
    case 'market':
      return cells(r, 70, 50, 2).map(([u, v]) => block(u, v, 56, 36, 'market', rng.int(1, 3), '市场'));
    case 'office':
      return cells(r, 48, 60, 3).map(([u, v], i) =>
        block(
          u,
          v,
          34,
          24,
          i === 0 ? 'office' : rng.pick(['office', 'mixed'] as const),
          rng.int(12, 28),
          '大厦',
        ),
      );
    default:
      return cells(r, 44, 30, 8).map(([u, v]) =>
        block(
          u,
          v,
          36,
          18,
          rng.pick(['commercial', 'commercial', 'mixed'] as const),
          rng.int(2, 6),
          '商业楼',
        ),
      );
  }
}

/** The buildings of one parcel; residential compounds get a service building (物业/社区服务站) in the last cell. */
export function planParcel(rng: Rng, kind: ParcelKind, inner: Inner): PlannedBuilding[] {
  const isHome = kind === 'bungalow' || kind === 'old_slab' || kind === 'mid_slab' || kind === 'tower';
  if (!isHome) return nonResidential(rng, kind, inner);
  // Cap a compound at ~420 dwellings; left-over cells stay green space and parking.
  const out: PlannedBuilding[] = [];
  let homes = 0;
  for (const b of residential(rng, kind, inner)) {
    if (homes > 420) break;
    out.push(b);
    homes += b.floors * b.entrances * b.perFloor;
  }
  if (kind !== 'bungalow' && out.length >= 3) {
    const last = out[out.length - 1]!;
    out[out.length - 1] = block(last.u, last.v, 20, 10, 'public', rng.int(2, 3), '物业服务中心');
  }
  for (const b of out) b.floors = Math.max(1, b.floors);
  return out;
}

export function heightOf(b: PlannedBuilding): number {
  const storey = b.form === 'block' ? 4.2 : STOREY_M;
  return Math.round((b.floors * storey + (b.form === 'bungalow' ? 1.5 : 0.6)) * 10) / 10;
}
