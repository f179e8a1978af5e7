import type { Queryable } from '../db/db.ts';
import type { SearchResult, UnmaskedResident } from '../../../contracts/residents.ts';
import { audit } from '../audit/audit.service.ts';
import type { Caller, RequestInfo } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import { listVisibility, maskRoom, protectResident, type Visibility } from './masking.ts';
import { searchResidents, selectResident, type MatchKind, type SearchRow } from './residents.sql.ts';

/** Which indexes a query string is looked up in: names, or ID numbers / phones in full or by their tail. */
export function matchKinds(q: string): MatchKind[] {
  if (/^[0-9]{17}[0-9X]$/.test(q)) return ['id_number'];
  if (/^1[0-9]{10}$/.test(q)) return ['phone', 'id_tail'];
  if (/^[0-9]{3,16}X$/.test(q)) return ['id_tail'];
  if (/^[0-9]{4,17}$/.test(q)) return ['id_tail', 'phone_tail'];
  return ['name'];
}

/** 以人找房, always masked; every search is audited with its query string and hit count. */
export async function searchPeople(
  db: Queryable,
  rawQ: string,
  limit: number,
  caller: Caller,
  from: RequestInfo,
): Promise<SearchResult> {
  const q = rawQ.replace(/x$/, 'X');
  const seen = new Set<number>();
  const hits: SearchResult['hits'] = [];
  const vis = listVisibility(caller);
  for (const kind of matchKinds(q)) {
    const rows = await searchResidents(db, kind, q, caller.jurisdiction, limit + 1);
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      hits.push(toHit(row, kind, vis));
    }
  }
  const result = { hits: hits.slice(0, limit), truncated: hits.length > limit };
  await audit(db, caller, from, {
    action: 'people.search',
    params: { q, limit, hits: result.hits.length },
  });
  return result;
}

function toHit(row: SearchRow, matchedBy: MatchKind, vis: Visibility): SearchResult['hits'][number] {
  const { houseId, entrance, floor, room, ...r } = row;
  return {
    ...protectResident(r, vis),
    house:
      houseId === null
        ? null
        : { id: houseId, entrance: entrance!, floor: floor!, room: maskRoom(room!, floor!) },
    point: r.point === null ? null : [Number(r.point[0]), Number(r.point[1])],
    matchedBy,
  };
}

/**
 * One resident in full, for a caller with people.unmask and a stated reason; audited before it is
 * answered. Outside the jurisdiction reads as not found.
 */
export async function unmaskResident(
  db: Queryable,
  id: number,
  reason: string,
  caller: Caller,
  from: RequestInfo,
): Promise<UnmaskedResident> {
  const row = await selectResident(db, id, caller.jurisdiction);
  if (!row) throw notFound(`resident ${id}`, 'id');
  await audit(db, caller, from, { action: 'people.unmask', target: `resident:${id}`, params: { reason } });
  const { houseId, entrance, floor, room, ...r } = row;
  return {
    ...protectResident(r, { unmasked: true, keyPopulation: caller.permissions.has('people.key_population') }),
    house: houseId === null ? null : { id: houseId, entrance: entrance!, floor: floor!, room: room! },
  };
}
