import type { Db } from '../server/src/db/db.ts';
import { selectBuildingResidentsJson } from '../server/src/buildings/buildings.sql.ts';
import { insertAudit } from '../server/src/audit/audit.sql.ts';
import { searchResidents } from '../server/src/residents/residents.sql.ts';
import { matchKinds } from '../server/src/residents/residents.service.ts';
import type { BenchSuite } from './context.ts';
import { httpGet } from './httpGet.ts';
import { spawnServer } from '../test/support/spawnServer.ts';
import { type LatencyStats, latencyStats, timed } from './stats.ts';

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

/**
 * Runs each input through the API, through the same SQL on pg and (以房找人) through a bare HTTP
 * server on that SQL, one after the other, taking turns at going first.
 */
export async function benchPeopleHouses(
  db: Db,
  baseUrl: string,
  inputs: Inputs,
  headers: Record<string, string>,
  warmup: number,
  /** A bare node:http server on the same statement (bareServer.ts): the floor of the HTTP hop. */
  bareUrl: string,
) {
  const http = (path: string) => httpGet(baseUrl + path, headers);

  // The same statements the endpoints run: 以房找人 is one JSON-building query; a search is one
  // query per match kind plus its audit row (the API writes it before answering).
  const searchSql = async (q: string) => {
    let hits = 0;
    for (const kind of matchKinds(q)) hits += (await searchResidents(db, kind, q, '', 21)).length;
    return hits;
  };
  const raw = {
    house: async (id: number) => {
      await selectBuildingResidentsJson(db, id, '', false);
    },
    search: async (q: string) => {
      const hits = await searchSql(q);
      await insertAudit(db, {
        userId: null,
        username: 'bench-raw',
        displayId: null,
        role: 'admin',
        jurisdiction: '',
        action: 'people.search',
        target: null,
        params: { q, limit: 20, hits },
        outcome: 'ok',
        ip: '127.0.0.1',
        userAgent: 'bench',
      });
    },
  };
  const api = {
    house: (id: number) => http(`/api/buildings/${id}/residents`),
    search: (q: string) => http(`/api/residents/search?q=${encodeURIComponent(q)}`),
  };
  const house = await measure(
    inputs.buildingIds,
    {
      api: api.house,
      sql: raw.house,
      bare: (id: number) => httpGet(`${bareUrl}/buildings/${id}/residents`, {}),
    },
    warmup,
  );
  const findPeopleByHouse = {
    api: house.api,
    sql: house.sql,
    p99Ratio: ratio(house.api, house.sql),
    bareHttp: house.bare,
    bareP99Ratio: ratio(house.bare, house.sql),
  };
  const search = await measure(inputs.queries, { api: api.search, sql: raw.search }, warmup);
  const personSearch = { api: search.api, sql: search.sql, p99Ratio: ratio(search.api, search.sql) };
  // For reference: the search queries alone, without the audit insert and its commit.
  const searchSqlOnly: number[] = [];
  for (const q of inputs.queries.slice(warmup)) searchSqlOnly.push(await timed(() => searchSql(q)));
  return {
    findPeopleByHouse,
    personSearch: { ...personSearch, sqlWithoutAudit: latencyStats(searchSqlOnly) },
  };
}

/**
 * Each input through every path, one after the other, the first `warmup` inputs not counted.
 * Whichever runs later finds the rows hot in shared buffers and CPU caches: the order rotates.
 */
async function measure<I, K extends string>(
  inputs: readonly I[],
  paths: Record<K, (i: I) => Promise<void>>,
  warmup: number,
): Promise<Record<K, LatencyStats>> {
  const names = Object.keys(paths) as K[];
  const samples = new Map<K, number[]>(names.map((n) => [n, []]));
  for (const [k, input] of inputs.entries()) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(k + j) % names.length]!;
      const t = await timed(() => paths[name](input));
      if (k >= warmup) samples.get(name)!.push(t);
    }
  }
  return Object.fromEntries(names.map((n) => [n, latencyStats(samples.get(n)!)])) as Record<K, LatencyStats>;
}

const ratio = (a: LatencyStats, b: LatencyStats) => Math.round((a.p99 / b.p99) * 100) / 100;

type Row = { api: { p50: number; p99: number }; sql: { p50: number; p99: number }; p99Ratio: number };
const line = (name: string, r: Row) =>
  `${name.padEnd(22)} API p50 ${r.api.p50.toFixed(2)} ms  p99 ${r.api.p99.toFixed(2)} ms | raw SQL p50 ${r.sql.p50.toFixed(2)} ms  p99 ${r.sql.p99.toFixed(2)} ms | API/SQL p99 ${r.p99Ratio}×`;

/** 以房找人 and person search through HTTP beside the same SQL through pg (issue #2). */
export const peopleHousesSuite: BenchSuite = {
  name: 'people-houses',
  async run(ctx) {
    const inputs = await pickInputs(ctx.db, ctx.warmup + ctx.requests);
    const bare = await spawnServer(ctx.databaseUrl, {}, 'bench/bareServer.ts');
    try {
      const result = await benchPeopleHouses(
        ctx.db,
        ctx.serverUrl,
        inputs,
        ctx.headers,
        ctx.warmup,
        bare.url,
      );
      const b = result.findPeopleByHouse;
      return {
        result,
        summary: [
          line('find people by house', b),
          `${''.padEnd(22)} bare node:http + pg (the floor) p50 ${b.bareHttp.p50.toFixed(2)} ms  p99 ${b.bareHttp.p99.toFixed(2)} ms | bare/SQL p99 ${b.bareP99Ratio}×`,
          line('person search', result.personSearch),
        ],
      };
    } finally {
      await bare.close();
    }
  },
};
