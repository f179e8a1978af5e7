import type { Layout } from './layout.ts';
import type { Rng } from './random.ts';
import type { BuildingRow, PlaceRow } from './types.ts';
import type { Warp } from './warp.ts';

export interface PlaceContext {
  rng: Rng;
  warp: Warp;
  layout: Layout;
  buildings: readonly BuildingRow[];
  gridOfParcel: readonly string[];
  gridCount: number;
}

const point = (lonLat: [number, number]) => ({ type: 'Point' as const, coordinates: lonLat });

/** Key places (schools, hospitals, markets) and special trades, tied to their buildings. */
function buildingPlaces(ctx: PlaceContext): PlaceRow[] {
  const out: PlaceRow[] = [];
  const seen = new Set<string>();
  for (const b of ctx.buildings) {
    const base = {
      address: b.address,
      gridCode: b.gridCode,
      buildingLocalId: b.localId,
      geom: point(b.center),
    };
    if ((b.use === 'school' || b.use === 'hospital' || b.use === 'market') && !seen.has(b.compound)) {
      seen.add(b.compound);
      out.push({ ...base, kind: 'key_place', subtype: b.use, name: b.compound, attrs: {} });
    } else if ((b.use === 'commercial' || b.use === 'mixed') && ctx.rng.chance(0.3)) {
      const subtype = ctx.rng.weighted(['hotel', 'internet_cafe', 'pawn_shop'], [5, 3, 1]);
      const label = {
        hotel: ['如家快捷酒店', '汉庭酒店', '宾馆', '旅馆'],
        internet_cafe: ['网吧', '网咖'],
        pawn_shop: ['典当行'],
      }[subtype]!;
      const stem = b.compound.replace(/(商业楼|大厦|商厦)$/, '');
      out.push({
        ...base,
        kind: 'special_trade',
        subtype,
        name: `${stem}${ctx.rng.pick(label)}`,
        attrs: { licensed: true },
      });
    }
  }
  return out;
}

/** Gas stations and substations on non-residential parcels along arterials, at the parcel's corner. */
function facilities(ctx: PlaceContext): PlaceRow[] {
  const out: PlaceRow[] = [];
  for (const p of ctx.layout.parcels) {
    const site = p.kind === 'commercial' || p.kind === 'office' || p.kind === 'market';
    if (!site || !ctx.rng.chance(0.45)) continue;
    const subtype = ctx.rng.chance(0.55) ? 'gas_station' : 'substation';
    const name = subtype === 'gas_station' ? `中国石化${p.roadName}加油站` : `${p.roadName}110kV变电站`;
    out.push({
      kind: 'facility',
      subtype,
      name,
      address: p.roadName,
      gridCode: ctx.gridOfParcel[p.index]!,
      buildingLocalId: null,
      attrs: {},
      geom: point(ctx.warp.lonLat(p.u0 + 12, p.v0 + 12)),
    });
  }
  return out;
}

/** Surveillance cameras (社会面监控点) at about one road crossing per two grid cells. */
function cameras(ctx: PlaceContext): PlaceRow[] {
  const { layout } = ctx;
  const crossings: { u: number; v: number; parcel: number; name: string }[] = [];
  for (const p of layout.parcels) {
    const [i, j] = p.block;
    if (p.u0 === layout.uLines[i]!.pos && p.v0 === layout.vLines[j]!.pos) {
      crossings.push({
        u: p.u0 + 6,
        v: p.v0 + 6,
        parcel: p.index,
        name: `${layout.uLines[i]!.name}与${layout.vLines[j]!.name}交口`,
      });
    }
  }
  const n = Math.max(1, Math.round(ctx.gridCount / 2));
  return ctx.rng
    .shuffle(crossings)
    .slice(0, n)
    .map((c, k) => ({
      kind: 'camera' as const,
      subtype: 'video',
      name: `${c.name}监控点`,
      address: c.name,
      gridCode: ctx.gridOfParcel[c.parcel]!,
      buildingLocalId: null,
      attrs: {
        videoUrl: `rtsp://10.12.${Math.floor(k / 250) + 1}.${(k % 250) + 2}:554/Streaming/Channels/101`,
        ptz: ctx.rng.chance(0.3),
      },
      geom: point(ctx.warp.lonLat(c.u, c.v)),
    }));
}

export function makePlaces(ctx: PlaceContext): PlaceRow[] {
  return [...buildingPlaces(ctx), ...facilities(ctx), ...cameras(ctx)];
}
