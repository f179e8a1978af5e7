import {
  AGE_BANDS,
  KEY_TAGS,
  type KeyTag,
  type OccupancyAnswer,
  type OccupancyFigures,
  type OccupancyLevel,
  type OccupancyProfile,
  type OccupancyQuery,
  type OccupancyTrend,
} from '../../../contracts/occupancy.ts';
import type { RegionLevel } from '../../../contracts/regions.ts';
import type { Queryable } from '../db/db.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { selectPlace, selectProfile, selectTrendParts, selectUnits, type UnitRow } from './occupancy.sql.ts';

const DEPTH: Record<RegionLevel | OccupancyLevel, number> = {
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  building: 99,
};

type Place = OccupancyAnswer['region'];

/**
 * The region asked about, inside the caller's jurisdiction (a region elsewhere is "not found",
 * as everywhere else): the jurisdiction itself when none is named.
 */
export async function resolveRegion(
  db: Queryable,
  caller: Caller,
  region: string | undefined,
): Promise<Place> {
  const code = region ?? caller.jurisdiction;
  if (!code.startsWith(caller.jurisdiction)) throw notFound('region', 'region');
  if (code === '') return { code: '', name: '', level: null };
  const place = await selectPlace(db, code);
  if (!place) throw notFound('region', 'region');
  return { code: place.code, name: place.name, level: place.level as RegionLevel };
}

const keysOf = (caller: Caller) => caller.permissions.has('people.key_population');

function figures(r: UnitRow, keys: boolean): OccupancyFigures {
  return {
    buildings: r.buildings,
    houses: r.houses,
    occupied: r.occupied,
    residents: r.residents,
    perHouse: r.perHouse,
    floating: r.floating,
    floatingShare: r.floatingShare,
    rented: r.rented,
    rentedShare: r.rentedShare,
    vacant: r.vacant,
    vacancy: r.vacancy,
    elderly: r.elderly,
    elderlyAlone: r.elderlyAlone,
    children: r.children,
    keyPopulation: keys ? r.keyPopulation : null,
    keyTags: keys
      ? (Object.fromEntries(KEY_TAGS.map((t) => [t, r[`k_${t}`] ?? 0])) as Record<KeyTag, number>)
      : null,
  };
}

/** A ranking table: the units of a level inside a region, sorted, with the region's total. */
export async function occupancyTable(
  db: Queryable,
  caller: Caller,
  q: OccupancyQuery,
): Promise<OccupancyAnswer> {
  const region = await resolveRegion(db, caller, q.region);
  if (DEPTH[q.level] <= region.code.length)
    throw new HttpError(400, 'invalid', `level: ${q.level} is not below the region ${region.code}`, 'level');
  const keys = keysOf(caller);
  if (q.sort === 'keyPopulation' && !keys)
    throw new HttpError(403, 'forbidden', 'sorting by key populations needs people.key_population', 'sort');
  const rows = await selectUnits(db, {
    region: region.code,
    level: q.level,
    keys,
    sort: q.sort,
    order: q.order,
    limit: q.limit,
  });
  const total = rows.find((r) => r.total)!;
  const units = rows.filter((r) => !r.total);
  return {
    region,
    level: q.level,
    sort: q.sort,
    order: q.order,
    count: units[0]?.units ?? 0,
    rows: units.map((r) => ({
      code: r.code!,
      name: r.name!,
      bbox: r.x0 === null ? null : [r.x0, r.y0!, r.x1!, r.y1!],
      buildingId: r.buildingId === null ? null : Number(r.buildingId),
      ...figures(r, keys),
    })),
    total: figures(total, keys),
    keyPopulationVisible: keys,
  };
}

export async function occupancyProfile(
  db: Queryable,
  caller: Caller,
  code: string | undefined,
): Promise<OccupancyProfile> {
  const region = await resolveRegion(db, caller, code);
  const p = await selectProfile(db, region.code);
  const houses = new Map(p.perHouse.map((r) => [r.residents, r.houses]));
  const ages = new Map(p.ages.map((r) => [r.band, r]));
  return {
    region,
    perHouse: [0, 1, 2, 3, 4, 5, 6].map((n) => ({ residents: n, houses: houses.get(n) ?? 0 })),
    ages: AGE_BANDS.map((band, i) => ({ band, M: ages.get(i)?.M ?? 0, F: ages.get(i)?.F ?? 0 })),
  };
}

/** Month by month: who lived here at each month's end, and the moves in and out. */
export async function occupancyTrend(
  db: Queryable,
  caller: Caller,
  code: string | undefined,
  months: number,
): Promise<OccupancyTrend> {
  const region = await resolveRegion(db, caller, code);
  const parts = await selectTrendParts(db, region.code, months);
  const moved = (kind: 'in' | 'out') =>
    new Map(parts.filter((p) => p.kind === kind).map((p) => [p.month!, p.n]));
  const ins = moved('in');
  const outs = moved('out');
  let residents = parts.find((p) => p.kind === 'base')?.n ?? 0;
  const list = parts
    .filter((p) => p.kind === 'month')
    .map((p) => p.month!)
    .sort()
    .map((month) => {
      const movedIn = ins.get(month) ?? 0;
      const movedOut = outs.get(month) ?? 0;
      residents += movedIn - movedOut;
      return { month, residents, movedIn, movedOut };
    });
  return { region, months: list };
}
