import type { LineString } from 'geojson';
import { planLayout, type Layout, type Parcel } from './layout.ts';
import { heightOf } from './parcels.ts';
import { makePlaces } from './places.ts';
import { makeHouses, makeResidents, type HomeBuilding } from './population.ts';
import { Rng } from './random.ts';
import { buildRegions } from './regions.ts';
import type { BuildingRow, District, RoadRow } from './types.ts';
import { Warp } from './warp.ts';
import { makeWorkers } from './workers.ts';

export interface GenerateOptions {
  seed?: number;
  /** Multiplies the population (and area): 1 ≈ 90,000 residents, 10 ≈ 900,000; fractions allowed. */
  scale?: number;
  /** District centre, lon/lat (default: Hongqiao District, Tianjin). */
  center?: [number, number];
  districtCode?: string;
  districtName?: string;
  /** Ages are counted to this day (default 2025-06-30), so output doesn't depend on the clock. */
  referenceDate?: string;
}

const HOUSES_PER_SCALE = 36_000;

/** Pure and deterministic: the same options always give a deep-equal district. */
export function generateDistrict(opts: GenerateOptions = {}): District {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 1;
  const districtCode = opts.districtCode ?? '120106';
  const districtName = opts.districtName ?? '红桥区';
  const referenceDate = opts.referenceDate ?? '2025-06-30';
  if (!/^[0-9]{6}$/.test(districtCode)) throw new Error('districtCode must be 6 digits');
  if (!(scale > 0 && scale <= 50)) throw new Error('scale must be in (0, 50]');
  const root = new Rng(seed);
  const extentM = 1500 + 1700 * Math.sqrt(scale);
  const warp = new Warp(root.fork(1), extentM * 1.3, opts.center ?? [117.15, 39.17]);
  const layout = planLayout(root.fork(2), HOUSES_PER_SCALE * scale, extentM);
  nameSites(root.fork(3), layout.parcels, districtName);
  const regions = buildRegions(root.fork(4), layout.parcels, warp, {
    code: districtCode,
    name: districtName,
  });
  const { buildings, homes } = makeBuildings(layout, warp, regions.gridOfParcel, districtName);
  const houses = makeHouses(root.fork(5), homes);
  const gridOfBuilding = (id: number) => buildings[id - 1]!.gridCode;
  const residents = makeResidents({ rng: root.fork(6), districtCode, referenceDate }, houses, gridOfBuilding);
  const gridCodes = regions.rows.filter((r) => r.level === 'grid').map((r) => r.code);
  const workers = makeWorkers(root.fork(7), gridCodes, districtCode);
  const places = makePlaces({
    rng: root.fork(8),
    warp,
    layout,
    buildings,
    gridOfParcel: regions.gridOfParcel,
    gridCount: gridCodes.length,
  });
  const roads = makeRoads(layout, warp);
  return {
    seed,
    scale,
    districtCode,
    districtName,
    referenceDate,
    regions: regions.rows,
    roads,
    buildings,
    houses,
    residents,
    workers,
    places,
  };
}

const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Unique compound names; schools, hospitals and markets get institution names. */
function nameSites(rng: Rng, parcels: Parcel[], districtName: string): void {
  const used = new Map<string, number>();
  let hospitals = 0;
  let schools = 0;
  for (const p of parcels) {
    const stem = p.compound.replace(
      /(里|家园|花园|新苑|新村|公寓|南里|北里|西里|东里|大院|华庭|雅苑|嘉园|名邸)$/,
      '',
    );
    if (p.kind === 'school') p.compound = schools++ % 3 === 2 ? `${districtName}${stem}中学` : `${stem}小学`;
    else if (p.kind === 'hospital')
      p.compound = hospitals++ === 0 ? `${districtName}人民医院` : `${districtName}${stem}医院`;
    else if (p.kind === 'market') p.compound = `${stem}农贸市场`;
    else if (p.kind === 'office') p.compound = `${stem}${rng.pick(['大厦', '国际中心', '商务楼'])}`;
    else if (p.kind === 'commercial') p.compound = `${stem}${rng.pick(['商业街', '商厦', '购物广场'])}`;
    const n = (used.get(p.compound) ?? 0) + 1;
    used.set(p.compound, n);
    if (n > 1) p.compound = `${p.compound}${CN_NUM[(n - 2) % 10]}区`.replace('一区', '二区');
  }
}

function makeBuildings(layout: Layout, warp: Warp, gridOfParcel: readonly string[], districtName: string) {
  const buildings: BuildingRow[] = [];
  const homes: HomeBuilding[] = [];
  for (const p of layout.parcels) {
    const gridCode = gridOfParcel[p.index]!;
    const number = ((p.index * 37) % 260) + 1;
    p.buildings.forEach((b, k) => {
      const localId = buildings.length + 1;
      const isHome = b.perFloor > 0;
      const name = isHome ? `${p.compound}${k + 1}号楼` : `${p.compound}${b.label}`;
      const [x, y] = warp.ground(b.u, b.v);
      buildings.push({
        localId,
        sourceId: `demo-${localId}`,
        name,
        address: `天津市${districtName}${p.roadName}${number}号${name}`,
        use: b.use,
        form: b.form,
        floors: b.floors,
        entrances: b.entrances,
        heightM: heightOf(b),
        gridCode,
        compound: p.compound,
        footprint: { type: 'MultiPolygon', coordinates: [[warp.rect(b.u, b.v, b.widthM, b.depthM)]] },
        center: warp.toLonLat(x, y),
      });
      if (isHome)
        homes.push({
          localId,
          gridCode,
          form: b.form,
          floors: b.floors,
          entrances: b.entrances,
          perFloor: b.perFloor,
        });
    });
  }
  return { buildings, homes };
}

/** Lattice roads as runs along included blocks, plus the lanes inside blocks. */
function makeRoads(layout: Layout, warp: Warp): RoadRow[] {
  const roads: RoadRow[] = [];
  const add = (name: string | null, cls: RoadRow['class'], widthM: number, coords: [number, number][]) => {
    const geom: LineString = { type: 'LineString', coordinates: coords };
    roads.push({ localId: roads.length + 1, name, class: cls, widthM, geom });
  };
  const has = (i: number, j: number) => layout.blocks.has(`${i},${j}`);
  const runs = (n: number, on: (k: number) => boolean, emit: (a: number, b: number) => void) => {
    let start = -1;
    for (let k = 0; k <= n; k++) {
      if (k < n && on(k)) {
        if (start < 0) start = k;
      } else if (start >= 0) {
        emit(start, k);
        start = -1;
      }
    }
  };
  const { uLines, vLines } = layout;
  uLines.forEach((l, i) =>
    runs(
      vLines.length - 1,
      (j) => has(i - 1, j) || has(i, j),
      (a, b) => add(l.name, l.cls, l.widthM, warp.line(l.pos, vLines[a]!.pos, l.pos, vLines[b]!.pos)),
    ),
  );
  vLines.forEach((l, j) =>
    runs(
      uLines.length - 1,
      (i) => has(i, j - 1) || has(i, j),
      (a, b) => add(l.name, l.cls, l.widthM, warp.line(uLines[a]!.pos, l.pos, uLines[b]!.pos, l.pos)),
    ),
  );
  for (const [u0, v0, u1, v1] of layout.lanes) add(null, 'residential', 7, warp.line(u0, v0, u1, v1));
  return roads;
}
