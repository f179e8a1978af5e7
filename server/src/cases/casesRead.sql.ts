import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import type { Light } from '../../../contracts/cases.ts';
import { CASE_ROW, ms, type CaseRow } from './cases.sql.ts';

export interface ListFilter {
  jurisdiction: string;
  nowMs: number;
  bbox?: Bbox | undefined;
  region?: string | undefined;
  major?: readonly string[] | undefined;
  light?: readonly Light[] | undefined;
  source?: readonly string[] | undefined;
  state?: readonly string[] | undefined;
  open?: boolean | undefined;
  supervised?: boolean | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** Inside one H3 cell of resolution ≤ 10 (a heat-zone hexagon): the cell as a decimal string. */
  h3?: { res: number; cell: string } | undefined;
  /** Went overdue (red) at least once. */
  overdue?: boolean | undefined;
  limit: number;
}

/** The light as SQL over $2 (now, epoch ms): the same rule as lightAt() in the contract. */
const LIGHT_SQL: Record<Light, string> = {
  none: 'c.deadline IS NULL',
  red: 'c.deadline <= to_timestamp($2::float8 / 1000)',
  yellow: 'c.deadline > to_timestamp($2::float8 / 1000) AND c.yellow_from <= to_timestamp($2::float8 / 1000)',
  green:
    'c.deadline > to_timestamp($2::float8 / 1000) AND (c.yellow_from IS NULL OR c.yellow_from > to_timestamp($2::float8 / 1000))',
};

/**
 * Cases of the jurisdiction, newest first, with every filter optional. Filters are appended as
 * parameters; only fixed SQL fragments are concatenated. Fetches limit + 1 to tell truncation.
 */
export async function selectCases(db: Queryable, f: ListFilter): Promise<CaseRow[]> {
  const params: unknown[] = [f.jurisdiction, f.nowMs];
  const where = [inJurisdiction('c.grid_code', 1), '$2::float8 IS NOT NULL'];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.bbox) where.push(`c.geom && ST_MakeEnvelope(${f.bbox.map(p).join(', ')}, 4326)`);
  if (f.region) where.push(`c.grid_code LIKE ${p(f.region)} || '%'`);
  if (f.major) where.push(`c.major = ANY (${p(f.major)}::text[])`);
  if (f.source) where.push(`c.source = ANY (${p(f.source)}::text[])`);
  if (f.state) where.push(`c.state = ANY (${p(f.state)}::text[])`);
  if (f.light) where.push(`(${f.light.map((l) => `(${LIGHT_SQL[l]})`).join(' OR ')})`);
  if (f.open !== undefined) where.push(`c.terminal = ${p(!f.open)}`);
  if (f.supervised !== undefined) where.push(`c.supervised = ${p(f.supervised)}`);
  if (f.fromMs !== undefined) where.push(`c.created_at >= to_timestamp(${p(f.fromMs)}::float8 / 1000)`);
  if (f.toMs !== undefined) where.push(`c.created_at < to_timestamp(${p(f.toMs)}::float8 / 1000)`);
  if (f.h3) where.push(`heat_parent(c.h3, ${p(f.h3.res)}::int) = ${p(f.h3.cell)}::int8`);
  if (f.overdue !== undefined)
    where.push(
      `${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = c.id AND o.action = 'overdue')`,
    );
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_ROW} FROM cases c WHERE ${where.join(' AND ')}
     ORDER BY c.created_at DESC, c.id DESC LIMIT ${p(f.limit + 1)}`,
    params,
  );
  return rows;
}

export interface CaseExtraRow {
  description: string;
  address: string | null;
  gridName: string | null;
  buildingId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
}

export async function selectCase(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<CaseRow & CaseExtraRow>(
    `SELECT ${CASE_ROW}, c.description, c.address, g.name AS "gridName", c.building_id::int AS "buildingId",
            c.reporter_name AS "reporterName", c.reporter_phone AS "reporterPhone"
     FROM cases c LEFT JOIN regions g ON g.code = c.grid_code
     WHERE c.id = $1 AND ${inJurisdiction('c.grid_code', 2)}`,
    [id, jurisdiction],
  );
  return rows[0];
}

export interface HistoryRow {
  id: number;
  at: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorKind: 'user' | 'system';
  actorName: string;
  actorRole: string | null;
  note: string | null;
  photos: string[];
  data: Record<string, unknown>;
}

/** A case_history row as HistoryRow (also the RETURNING list of the write statements). */
export const HISTORY_ROW = `id::int AS id, ${ms('at')} AS at, action, from_state AS "fromState", to_state AS "toState",
  actor_kind AS "actorKind", actor_name AS "actorName", actor_role AS "actorRole", note, photos, data`;

export async function selectHistory(db: Queryable, caseId: number) {
  const { rows } = await db.query<HistoryRow>(
    `SELECT ${HISTORY_ROW} FROM case_history WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  return rows;
}

export async function selectCasePhotos(db: Queryable, caseId: number) {
  const { rows } = await db.query<{ sha256: string; type: string; bytes: number }>(
    `SELECT f.sha256, f.type, f.bytes FROM case_photos p JOIN case_photo_files f ON f.sha256 = p.sha256
     WHERE p.case_id = $1 ORDER BY f.uploaded_at, f.sha256`,
    [caseId],
  );
  return rows;
}

/** Buildings by name or address for the hotline intake form (a place the caller names). */
export async function selectPlaces(db: Queryable, q: string, jurisdiction: string, limit: number) {
  const { rows } = await db.query<{
    buildingId: number;
    name: string | null;
    address: string | null;
    gridCode: string;
    point: [number, number];
  }>(
    `SELECT id::int AS "buildingId", name, address, grid_code AS "gridCode",
            json_build_array(ST_X(ST_PointOnSurface(footprint)), ST_Y(ST_PointOnSurface(footprint))) AS point
     FROM buildings
     WHERE grid_code IS NOT NULL AND ${inJurisdiction('grid_code', 2)}
       AND (name ILIKE '%' || $1 || '%' OR address ILIKE '%' || $1 || '%')
     ORDER BY (name ILIKE $1 || '%') DESC, length(coalesce(name, address)), id LIMIT $3`,
    [q.replace(/[\\%_]/g, '\\$&'), jurisdiction, limit],
  );
  return rows;
}

/** The case a reporter already made with this Idempotency-Key, if any. */
export async function selectCaseIdByKey(db: Queryable, reportedBy: number, key: string) {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id::int AS id FROM cases WHERE reported_by = $1 AND idempotency_key = $2`,
    [reportedBy, key],
  );
  return rows[0]?.id;
}
