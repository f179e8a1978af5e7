import type { Queryable } from '../db/db.ts';
import {
  KEY_TAGS,
  type OccupancyFigures,
  type OccupancyLevel,
  type OccupancyMetric,
} from '../../../contracts/occupancy.ts';

/**
 * Occupancy figures, counted where they live: a building belongs to the unit of its grid cell
 * (street = first 9 digits, community 12, grid 15) and its houses and their residents with it.
 * Only buildings placed in a grid cell of the region count (an imported building outside every
 * cell belongs to no unit), so the units' figures add up to the region's total exactly.
 * $1 is the region code prefix ('' = the whole installation), a btree range on buildings.grid_code.
 */
const IN_REGION = (col: string) => `${col} IS NOT NULL AND ${col} >= $1::text AND ${col} < $1::text || ':'`;

const UNIT_KEY: Record<OccupancyLevel, string> = {
  street: 'left(grid_code, 9)',
  community: 'left(grid_code, 12)',
  grid: 'grid_code',
  building: 'id::text',
};

/** Counts per unit key k (CTE f), key populations only when asked ($2). */
const FIGURES_CTES = (level: OccupancyLevel) => `
  b AS (SELECT id, ${UNIT_KEY[level]} AS k FROM buildings WHERE ${IN_REGION('grid_code')}),
  hb AS (SELECT h.id, h.status, b.k FROM houses h JOIN b ON b.id = h.building_id),
  bs AS (SELECT k, count(*)::int AS buildings FROM b GROUP BY k),
  hs AS (SELECT k, count(*)::int AS houses,
                count(*) FILTER (WHERE status = 'rented')::int AS rented,
                count(*) FILTER (WHERE status = 'vacant')::int AS vacant
         FROM hb GROUP BY k),
  rs AS (SELECT hb.k, count(*)::int AS residents, count(DISTINCT r.house_id)::int AS occupied,
                count(*) FILTER (WHERE r.category = 'floating')::int AS floating,
                count(*) FILTER (WHERE r.birth_date <= current_date - interval '60 years')::int AS elderly,
                count(*) FILTER (WHERE 'elderly_alone' = ANY (r.care_tags))::int AS "elderlyAlone",
                count(*) FILTER (WHERE r.birth_date > current_date - interval '18 years')::int AS children,
                CASE WHEN $2::boolean THEN count(*) FILTER (WHERE cardinality(r.key_tags) > 0)::int END AS "keyPopulation",
                ${KEY_TAGS.map((t) => `CASE WHEN $2::boolean THEN count(*) FILTER (WHERE '${t}' = ANY (r.key_tags))::int END AS "k_${t}"`).join(',\n                ')}
         FROM residents r JOIN hb ON hb.id = r.house_id GROUP BY hb.k),
  f AS (SELECT bs.k, bs.buildings, coalesce(hs.houses, 0) AS houses, coalesce(hs.rented, 0) AS rented,
               coalesce(hs.vacant, 0) AS vacant, coalesce(rs.residents, 0) AS residents,
               coalesce(rs.occupied, 0) AS occupied, coalesce(rs.floating, 0) AS floating,
               coalesce(rs.elderly, 0) AS elderly, coalesce(rs."elderlyAlone", 0) AS "elderlyAlone",
               coalesce(rs.children, 0) AS children,
               CASE WHEN $2::boolean THEN coalesce(rs."keyPopulation", 0) END AS "keyPopulation",
               ${KEY_TAGS.map((t) => `CASE WHEN $2::boolean THEN coalesce(rs."k_${t}", 0) END AS "k_${t}"`).join(', ')}
        FROM bs LEFT JOIN hs ON hs.k = bs.k LEFT JOIN rs ON rs.k = bs.k)`;

const COUNTS = [
  'buildings',
  'houses',
  'occupied',
  'residents',
  'floating',
  'rented',
  'vacant',
  'elderly',
  '"elderlyAlone"',
  'children',
  '"keyPopulation"',
  ...KEY_TAGS.map((t) => `"k_${t}"`),
];

/** The shares and ratios, from the counts of a row (one definition for rows and totals). */
const RATIOS = `
  CASE WHEN occupied > 0 THEN residents::float8 / occupied ELSE 0 END AS "perHouse",
  CASE WHEN residents > 0 THEN floating::float8 / residents ELSE 0 END AS "floatingShare",
  CASE WHEN houses > 0 THEN rented::float8 / houses ELSE 0 END AS "rentedShare",
  CASE WHEN houses > 0 THEN vacant::float8 / houses ELSE 0 END AS vacancy`;

const SORT_SQL: Record<OccupancyMetric, string> = {
  buildings: 'buildings',
  houses: 'houses',
  occupied: 'occupied',
  residents: 'residents',
  perHouse: '"perHouse"',
  floating: 'floating',
  floatingShare: '"floatingShare"',
  rented: 'rented',
  rentedShare: '"rentedShare"',
  vacant: 'vacant',
  vacancy: 'vacancy',
  elderly: 'elderly',
  elderlyAlone: '"elderlyAlone"',
  children: 'children',
  keyPopulation: '"keyPopulation"',
};

/** The units of a level inside the region: key k, name, extent, building id. */
const UNITS: Record<OccupancyLevel, string> = {
  street: `SELECT code AS k, name, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1,
             NULL::bigint AS building_id FROM regions WHERE level = 'street' AND ${IN_REGION('code')}`,
  community: `SELECT code AS k, name, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1,
             NULL::bigint AS building_id FROM regions WHERE level = 'community' AND ${IN_REGION('code')}`,
  grid: `SELECT code AS k, name, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1,
             NULL::bigint AS building_id FROM regions WHERE level = 'grid' AND ${IN_REGION('code')}`,
  building: `SELECT id::text AS k, coalesce(name, address, '#' || id) AS name, NULL::float8 AS x0, NULL::float8 AS y0,
             NULL::float8 AS x1, NULL::float8 AS y1, id AS building_id FROM buildings WHERE ${IN_REGION('grid_code')}`,
};

type CountRow = Omit<OccupancyFigures, 'keyTags'> & Record<`k_${string}`, number | null>;
export interface UnitRow extends CountRow {
  total: boolean;
  code: string | null;
  name: string | null;
  x0: number | null;
  y0: number | null;
  x1: number | null;
  y1: number | null;
  buildingId: number | null;
  units: number;
}

/**
 * One ranking table in one statement: the units sorted and limited, then one row more with the
 * region's total (total = true), summed over every unit, not only those listed.
 */
export async function selectUnits(
  db: Queryable,
  q: {
    region: string;
    level: OccupancyLevel;
    keys: boolean;
    sort: OccupancyMetric;
    order: 'asc' | 'desc';
    limit: number;
  },
): Promise<UnitRow[]> {
  const order = `${SORT_SQL[q.sort]} ${q.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, code`;
  const zeros = COUNTS.map((c) =>
    c.startsWith('"k') || c === '"keyPopulation"'
      ? `CASE WHEN $2::boolean THEN coalesce(f.${c}, 0) END AS ${c}`
      : `coalesce(f.${c}, 0) AS ${c}`,
  );
  const { rows } = await db.query<UnitRow>(
    `WITH ${FIGURES_CTES(q.level)},
     u AS (${UNITS[q.level]}),
     x AS (SELECT u.k AS code, u.name, u.x0, u.y0, u.x1, u.y1, u.building_id AS "buildingId", ${zeros.join(', ')}
           FROM u LEFT JOIN f ON f.k = u.k),
     t AS (SELECT ${COUNTS.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM f)
     (SELECT false AS total, x.*, ${RATIOS}, (SELECT count(*) FROM u)::int AS units FROM x ORDER BY ${order} LIMIT $3)
     UNION ALL
     SELECT true, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            ${COUNTS.map((c) => `coalesce(t.${c}, CASE WHEN ${c.startsWith('"k') || c === '"keyPopulation"' ? '$2::boolean' : 'true'} THEN 0 END)`).join(', ')},
            ${RATIOS.replace(/\b(occupied|residents|floating|houses|rented|vacant)\b/g, 'coalesce(t.$1, 0)')}, 0
     FROM t`,
    [q.region, q.keys, q.limit],
  );
  return rows;
}

/** Houses by residents (6 = six or more, 0 = empty) and residents by age band and sex. */
export async function selectProfile(db: Queryable, region: string) {
  const perHouse = await db.query<{ residents: number; houses: number }>(
    `WITH b AS (SELECT id FROM buildings WHERE ${IN_REGION('grid_code')}),
     n AS (SELECT h.id, least(count(r.id), 6)::int AS c FROM houses h JOIN b ON b.id = h.building_id
           LEFT JOIN residents r ON r.house_id = h.id GROUP BY h.id)
     SELECT c AS residents, count(*)::int AS houses FROM n GROUP BY c ORDER BY c`,
    [region],
  );
  const ages = await db.query<{ band: number; M: number; F: number }>(
    `SELECT least(floor(extract(year FROM age(current_date, r.birth_date)) / 10), 8)::int AS band,
            count(*) FILTER (WHERE r.sex = 'M')::int AS "M", count(*) FILTER (WHERE r.sex = 'F')::int AS "F"
     FROM residents r JOIN houses h ON h.id = r.house_id JOIN buildings b ON b.id = h.building_id
     WHERE ${IN_REGION('b.grid_code')}
     GROUP BY 1 ORDER BY 1`,
    [region],
  );
  return { perHouse: perHouse.rows, ages: ages.rows };
}

/**
 * The stays of the region's houses, as what a month-by-month count needs: how many lived here
 * when the window opened (kind 'base'), and moves in and out per month inside it; plus the months.
 * O(stays), not O(stays × months): the months' residents are the base plus the running balance.
 */
export async function selectTrendParts(db: Queryable, region: string, months: number) {
  const { rows } = await db.query<{ kind: 'base' | 'in' | 'out' | 'month'; month: string | null; n: number }>(
    `WITH w AS (SELECT (date_trunc('month', current_date) - ($2::int - 1) * interval '1 month')::date AS start),
     s AS (SELECT m.moved_in AS i, m.moved_out AS o FROM resident_moves m
           JOIN houses h ON h.id = m.house_id JOIN buildings b ON b.id = h.building_id
           WHERE ${IN_REGION('b.grid_code')})
     SELECT 'base' AS kind, NULL AS month, count(*)::int AS n FROM s, w
       WHERE (s.i IS NULL OR s.i < w.start) AND (s.o IS NULL OR s.o >= w.start)
     UNION ALL
     SELECT 'in', to_char(s.i, 'YYYY-MM'), count(*)::int FROM s, w WHERE s.i >= w.start GROUP BY 2
     UNION ALL
     SELECT 'out', to_char(s.o, 'YYYY-MM'), count(*)::int FROM s, w WHERE s.o >= w.start GROUP BY 2
     UNION ALL
     SELECT 'month', to_char(g, 'YYYY-MM'), 0 FROM w,
       generate_series(w.start, date_trunc('month', current_date), interval '1 month') AS g`,
    [region, months],
  );
  return rows;
}

export async function selectPlace(db: Queryable, code: string) {
  const { rows } = await db.query<{ code: string; name: string; level: string }>(
    `SELECT code, name, level FROM regions WHERE code = $1`,
    [code],
  );
  return rows[0];
}

/**
 * The demo's history of stays (the generator makes today's registry only, and the triggers date
 * every stay today; the demo runs on a new database): when today's
 * households moved in (families together, children not before birth; floating residents within
 * three years, three in ten in March, back after the Spring Festival), and the stays of people who
 * left: a fifth of the houses and every vacant one, tenants moving out most often in January and
 * February. Deterministic (hashes of ids and the seed).
 */
export async function seedDemoMoves(db: Queryable, seed: number): Promise<number> {
  const h = (salt: string, id: string) => `abs(hashtext('${salt}' || $1::text || ${id}))`;
  await db.query(
    `UPDATE resident_moves m SET moved_in = greatest(r.birth_date, CASE
       WHEN r.category IN ('floating', 'lodger') THEN
         (SELECT CASE WHEN d > current_date THEN (d - interval '1 year')::date ELSE d END FROM (SELECT make_date(
            extract(year FROM current_date)::int - ${h('fy', 'r.id')} % 3,
            CASE WHEN ${h('fm', 'r.id')} % 10 < 3 THEN 3 ELSE 1 + ${h('fm2', 'r.id')} % 12 END,
            1 + ${h('fd', 'r.id')} % 28) AS d) x)
       ELSE current_date - ${h('in', 'r.house_id')} % 9000 END)
     FROM residents r WHERE r.id = m.resident_id AND m.moved_out IS NULL`,
    [seed],
  );
  const { rows } = await db.query<{ n: number }>(
    `WITH s AS (
       SELECT h.id AS house_id,
              CASE WHEN ${h('jan', 'h.id')} % 10 < 4 THEN
                (SELECT CASE WHEN d > current_date THEN (d - interval '1 year')::date ELSE d END FROM (SELECT make_date(
                   extract(year FROM current_date)::int - ${h('oy', 'h.id')} % 2, 1 + ${h('om', 'h.id')} % 2,
                   1 + ${h('od', 'h.id')} % 28) AS d) x)
              ELSE current_date - ${h('out', 'h.id')} % 720 END AS o,
              60 + ${h('len', 'h.id')} % 1000 AS len,
              1 + ${h('n', 'h.id')} % 3 AS people
       FROM houses h WHERE h.status = 'vacant' OR ${h('left', 'h.id')} % 100 < 20),
     ins AS (INSERT INTO resident_moves (resident_id, house_id, moved_in, moved_out)
       SELECT NULL, s.house_id, s.o - s.len, s.o FROM s, generate_series(1, s.people) RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [seed],
  );
  return rows[0]!.n;
}
