import type { Queryable } from '../db/db.ts';

/** A sample of building points per grid cell: where demo cases happen. */
/**
 * Up to `perGrid` buildings per grid cell where demo cases happen, each with what it is near: a
 * market (the building or one within ~250 m) or an old estate (a residential walk-up of ≤ 6 floors).
 * Every market building is a place too, so markets are hot spots whatever the sampling.
 */
export async function selectDemoPlaces(db: Queryable, perGrid: number) {
  const { rows } = await db.query<{
    gridCode: string;
    lon: number;
    lat: number;
    address: string | null;
    buildingId: number;
    kind: 'market' | 'old_estate' | 'other';
  }>(
    `WITH markets AS (SELECT footprint FROM buildings WHERE use = 'market')
     SELECT "gridCode", lon, lat, address, "buildingId",
       CASE WHEN use = 'market' OR EXISTS (SELECT 1 FROM markets m WHERE ST_DWithin(m.footprint, b.footprint, 0.0025))
              THEN 'market'
            WHEN use = 'residential' AND floors <= 6 THEN 'old_estate' ELSE 'other' END AS kind
     FROM (
       SELECT grid_code AS "gridCode", ST_X(ST_PointOnSurface(footprint)) AS lon, ST_Y(ST_PointOnSurface(footprint)) AS lat,
              address, id::int AS "buildingId", use, floors, footprint,
              row_number() OVER (PARTITION BY grid_code ORDER BY id) AS n
       FROM buildings WHERE grid_code IS NOT NULL) b
     WHERE n <= $1 OR use = 'market' ORDER BY "gridCode", "buildingId"`,
    [perGrid],
  );
  return rows;
}

export async function countCases(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases`);
  return rows[0]!.n;
}

const t = (n: number) => `to_timestamp(u.c${n} / 1000)`;

/** Inserts generated cases in one statement (arrays per column); ids come from the sequence. */
export async function insertDemoCases(tx: Queryable, cols: Record<string, unknown[]>): Promise<number[]> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO cases (number, major, minor, source, state, prev_state, terminal, level, grid_code, geom, address,
       building_id, description, description_key, reporter_name, reporter_phone, department, supervised, rejections,
       overdue_count, satisfaction, stage_started_at, yellow_from, deadline, overdue_at, created_at, updated_at, version,
       h3)
     SELECT u.c0, u.c1, u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, ST_SetSRID(ST_MakePoint(u.c9, u.c10), 4326), u.c11,
       u.c12, u.c13, u.c14, u.c15, u.c16, u.c17, u.c18, u.c19, u.c20, u.c21, ${t(22)}, ${t(23)}, ${t(24)}, ${t(25)},
       ${t(26)}, ${t(27)}, u.c28, u.c29
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[],
       $9::text[], $10::float8[], $11::float8[], $12::text[], $13::int8[], $14::text[], $15::text[], $16::text[],
       $17::text[], $18::text[], $19::bool[], $20::int4[], $21::int4[], $22::int4[], $23::float8[], $24::float8[],
       $25::float8[], $26::float8[], $27::float8[], $28::float8[], $29::int4[], $30::int8[])
       WITH ORDINALITY AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19,
         c20, c21, c22, c23, c24, c25, c26, c27, c28, c29, ord)
     ORDER BY u.ord RETURNING id::int AS id`,
    DEMO_CASE_COLUMNS.map((c) => cols[c]),
  );
  return rows.map((r) => r.id);
}

export const DEMO_CASE_COLUMNS = [
  'number',
  'major',
  'minor',
  'source',
  'state',
  'prevState',
  'terminal',
  'level',
  'gridCode',
  'lon',
  'lat',
  'address',
  'buildingId',
  'description',
  'descriptionKey',
  'reporterName',
  'reporterPhone',
  'department',
  'supervised',
  'rejections',
  'overdueCount',
  'satisfaction',
  'stageStartedAt',
  'yellowFrom',
  'deadline',
  'overdueAt',
  'createdAt',
  'updatedAt',
  'version',
  'h3',
] as const;

export async function insertDemoHistory(tx: Queryable, cols: unknown[][]): Promise<void> {
  await tx.query(
    `INSERT INTO case_history (case_id, at, action, from_state, to_state, actor_kind, actor_name, actor_role, note, data)
     SELECT u.c0, to_timestamp(u.c1 / 1000), u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, u.c9
     FROM unnest($1::int8[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::jsonb[]) WITH ORDINALITY AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ord)
     ORDER BY u.ord`,
    cols,
  );
}

/** Moves each (region, day) sequence past the numbers the demo used. */
export async function upsertSequences(tx: Queryable, regions: string[], days: string[], lasts: number[]) {
  await tx.query(
    `INSERT INTO case_sequences (region, day, last) SELECT * FROM unnest($1::text[], $2::text[], $3::int4[])
     ON CONFLICT (region, day) DO UPDATE SET last = greatest(case_sequences.last, EXCLUDED.last)`,
    [regions, days, lasts],
  );
}

/** Whether the database holds the generated demo district (never trickle fake cases into real data). */
export async function isDemoDatabase(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ demo: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM buildings WHERE source = 'demo') AS demo`,
  );
  return rows[0]!.demo;
}
