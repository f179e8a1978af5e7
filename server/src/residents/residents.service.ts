import type { Queryable } from '../db/db.ts';
import type { SearchResult, UnmaskedResident } from '../../../contracts/residents.ts';
import { audit } from '../audit/audit.service.ts';
import type { Caller, RequestInfo } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import { normalizeSearch, searchHash } from '../audit/auditKey.ts';
import { listVisibility, maskName, maskRoom, protectResident, type Visibility } from './masking.ts';
import { maskText } from './maskText.ts';
import { searchResidents, selectResident, type MatchKind, type SearchRow } from './residents.sql.ts';

/** Which indexes a query string is looked up in: names, or ID numbers / phones in full or by their tail. */
export function matchKinds(q: string): MatchKind[] {
  if (/^[0-9]{17}[0-9X]$/.test(q)) return ['id_number'];
  if (/^1[0-9]{10}$/.test(q)) return ['phone', 'id_tail'];
  if (/^[0-9]{3,16}X$/.test(q)) return ['id_tail'];
  if (/^[0-9]{4,17}$/.test(q)) return ['id_tail', 'phone_tail'];
  return ['name'];
}

/**
 * 以人找房, always masked; every search is audited with its hit count and the query string as an
 * auditor may see it: masked (张*, 120106********013X) beside its keyed hash, which GET /api/audit?q=
 * matches exactly (audit/auditKey.ts). The search string itself is never stored.
 */
export async function searchPeople(
  db: Queryable,
  rawQ: string,
  limit: number,
  caller: Caller,
  from: RequestInfo,
  auditKey: Buffer,
): Promise<SearchResult> {
  const q = normalizeSearch(rawQ);
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
    params: { q: maskSearch(q), qHash: searchHash(auditKey, q), limit, hits: result.hits.length },
  });
  return result;
}

/** A search string as the audit keeps it: a name as 张*, numbers as maskText leaves them. */
const maskSearch = (q: string) => (matchKinds(q)[0] === 'name' ? maskName(q) : maskText(q));

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
  await audit(db, caller, from, {
    action: 'people.unmask',
    target: `resident:${id}`,
    params: { reason: maskText(reason) },
  });
  const { houseId, entrance, floor, room, ...r } = row;
  return {
    ...protectResident(r, { unmasked: true, keyPopulation: caller.permissions.has('people.key_population') }),
    house: houseId === null ? null : { id: houseId, entrance: entrance!, floor: floor!, room: room! },
  };
}
