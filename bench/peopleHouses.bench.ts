import type { Db } from '../server/src/db/db.ts';
import { selectBuildingHeader, selectHouseResidents } from '../server/src/buildings/buildings.sql.ts';
import { searchResidents } from '../server/src/residents/residents.sql.ts';
import { matchKinds } from '../server/src/residents/residents.service.ts';
import { latencyStats, timed } from './stats.ts';

interface Inputs {
  buildingIds: number[];
  queries: string[];
}

/** Real inputs drawn from the loaded district: occupied buildings and a mix of person searches. */
export async function pickInputs(db: Db, n: number): Promise<Inputs> {
  const b = await db.query<{ id: number }>(
    `SELECT DISTINCT h.building_id AS id FROM houses h JOIN residents r ON r.house_id = h.id
     ORDER BY 1 LIMIT 200000`,
  );
  const r = await db.query<{ name: string; id_number: string; phone: string | null }>(
    `SELECT name, id_number, phone FROM residents TABLESAMPLE SYSTEM (5) REPEATABLE (42) LIMIT $1`,
    [n],
  );
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const buildingIds = Array.from({ length: n }, () => b.rows[Math.floor(rand() * b.rows.length)]!.id);
  // A dispatcher's mix: full names most often, then ID tails, full ID numbers and phones.
  const queries = r.rows.map((p, i) => {
    const k = i % 10;
    if (k < 5) return p.name;
    if (k < 7) return p.id_number.slice(-6);
    if (k < 8) return p.id_number;
    return p.phone ?? p.name;
  });
  return { buildingIds, queries };
}

/** Runs each input through HTTP and through the same SQL on pg, alternating, so both see the same cache. */
export async function benchPeopleHouses(
  db: Db,
  baseUrl: string,
  inputs: Inputs,
  headers: Record<string, string> = {},
  warmup = 100,
) {
  const http = async (path: string) => {
    const res = await fetch(baseUrl + path, { headers });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    await res.arrayBuffer();
  };
  const raw = {
    house: async (id: number) => {
      await selectBuildingHeader(db, id, '');
      await selectHouseResidents(db, id);
    },
    search: async (q: string) => {
      for (const kind of matchKinds(q)) await searchResidents(db, kind, q, '', 21);
    },
  };
  const api = {
    house: (id: number) => http(`/api/buildings/${id}/residents`),
    search: (q: string) => http(`/api/residents/search?q=${encodeURIComponent(q)}`),
  };
  const findPeopleByHouse = await measure(inputs.buildingIds, api.house, raw.house, warmup);
  const personSearch = await measure(inputs.queries, api.search, raw.search, warmup);
  return { findPeopleByHouse, personSearch };
}

/** Each input through the API, then through the raw SQL; the first `warmup` inputs are not counted. */
async function measure<I>(
  inputs: readonly I[],
  api: (i: I) => Promise<void>,
  sql: (i: I) => Promise<void>,
  warmup: number,
) {
  const a: number[] = [];
  const s: number[] = [];
  for (const [k, input] of inputs.entries()) {
    const ta = await timed(() => api(input));
    const ts = await timed(() => sql(input));
    if (k < warmup) continue;
    a.push(ta);
    s.push(ts);
  }
  const apiStats = latencyStats(a);
  const sqlStats = latencyStats(s);
  return { api: apiStats, sql: sqlStats, p99Ratio: Math.round((apiStats.p99 / sqlStats.p99) * 100) / 100 };
}
