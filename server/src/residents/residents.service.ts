import type { Queryable } from '../db/db.ts';
import type { SearchResult } from '../../../contracts/residents.ts';
import type { Caller } from '../http/caller.ts';
import { protectResident } from './masking.ts';
import { searchResidents, type MatchKind, type SearchRow } from './residents.sql.ts';

/** Which indexes a query string is looked up in: names, or ID numbers / phones in full or by their tail. */
export function matchKinds(q: string): MatchKind[] {
  if (/^[0-9]{17}[0-9X]$/.test(q)) return ['id_number'];
  if (/^1[0-9]{10}$/.test(q)) return ['phone', 'id_tail'];
  if (/^[0-9]{3,16}X$/.test(q)) return ['id_tail'];
  if (/^[0-9]{4,17}$/.test(q)) return ['id_tail', 'phone_tail'];
  return ['name'];
}

export async function searchPeople(
  db: Queryable,
  rawQ: string,
  limit: number,
  caller: Caller,
): Promise<SearchResult> {
  const q = rawQ.replace(/x$/, 'X');
  const seen = new Set<number>();
  const hits: SearchResult['hits'] = [];
  for (const kind of matchKinds(q)) {
    const rows = await searchResidents(db, kind, q, caller.jurisdiction, limit + 1);
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      hits.push(toHit(row, kind, caller));
    }
  }
  return { hits: hits.slice(0, limit), truncated: hits.length > limit };
}

function toHit(row: SearchRow, matchedBy: MatchKind, caller: Caller): SearchResult['hits'][number] {
  const { houseId, entrance, floor, room, ...r } = row;
  return {
    ...protectResident(r, caller),
    house: houseId === null ? null : { id: houseId, entrance: entrance!, floor: floor!, room: room! },
    point: r.point === null ? null : [Number(r.point[0]), Number(r.point[1])],
    matchedBy,
  };
}
