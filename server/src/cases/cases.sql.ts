import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { CaseCore, Step } from './workflow.ts';

/** Epoch milliseconds of a timestamptz column (the engine's own Date parsing differs between drivers). */
export const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
const ts = (n: number) => `to_timestamp($${n}::float8 / 1000)`;

/** Everything the list item and the workflow engine need, as `c.*` of a cases row. */
export const CASE_ROW = `c.id::int AS id, c.number, c.major, c.minor, c.source, c.state, c.prev_state AS "prevState",
  c.terminal, c.level, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, c.grid_code AS "gridCode",
  left(c.description, 100) AS title, c.supervised, c.rejections, c.overdue_count AS "overdueCount",
  c.department, c.satisfaction, c.pending_request AS "pendingRequest",
  ${ms('c.created_at')} AS "createdAt", ${ms('c.updated_at')} AS "updatedAt",
  ${ms('c.stage_started_at')} AS "stageStartedAt", ${ms('c.yellow_from')} AS "yellowFrom",
  ${ms('c.deadline')} AS deadline, ${ms('c.overdue_at')} AS "overdueAt", c.version`;

export interface CaseRow extends CaseCore {
  id: number;
  number: string;
  major: string;
  minor: string;
  source: string;
  lon: number;
  lat: number;
  title: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** The grid cell (level 4) containing a WGS84 point; `inside`: whether it is in the jurisdiction. */
export async function selectGridAt(db: Queryable, lon: number, lat: number, jurisdiction: string) {
  const { rows } = await db.query<{ code: string; name: string | null; inside: boolean }>(
    `SELECT code, name, ${inJurisdiction('code', 3)} AS inside FROM regions
     WHERE level = 'grid' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
     ORDER BY code LIMIT 1`,
    [lon, lat, jurisdiction],
  );
  return rows[0];
}

export async function selectBuildingPlace(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<{ gridCode: string; lon: number; lat: number; address: string | null }>(
    `SELECT grid_code AS "gridCode", ST_X(ST_PointOnSurface(footprint)) AS lon,
            ST_Y(ST_PointOnSurface(footprint)) AS lat, address
     FROM buildings WHERE id = $1 AND grid_code IS NOT NULL AND ${inJurisdiction('grid_code', 2)}`,
    [id, jurisdiction],
  );
  return rows[0];
}

export async function gridExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM regions WHERE code = $1 AND level = 'grid'`, [code]);
  return rows.length > 0;
}

/**
 * An open case within radiusM with the same normalised description and at least one same photo.
 * The advisory lock on the description makes two identical reports at once register only one.
 */
export async function selectDuplicate(
  tx: Queryable,
  key: string,
  lon: number,
  lat: number,
  radiusM: number,
  photos: readonly string[],
) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  const { rows } = await tx.query<{ id: number; number: string }>(
    `SELECT c.id::int AS id, c.number FROM cases c
     WHERE NOT c.terminal AND c.description_key = $1
       AND ST_DWithin(c.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
       AND EXISTS (SELECT 1 FROM case_photos p WHERE p.case_id = c.id AND p.sha256 = ANY ($5::text[]))
     ORDER BY c.id LIMIT 1`,
    [key, lon, lat, radiusM, photos],
  );
  return rows[0];
}

export interface Actor {
  kind: 'user' | 'system';
  id: number | null;
  name: string;
  role: string | null;
}

/** Appends the steps of one action to the case's history (one statement). */
export async function insertHistory(
  tx: Queryable,
  caseId: number,
  steps: readonly Step[],
  actor: Actor,
  note: string | null,
  photos: readonly string[],
  nowMs: number,
): Promise<void> {
  const system: Actor = { kind: 'system', id: null, name: 'system', role: null };
  const who = steps.map((s) => (s.system ? system : actor));
  await tx.query(
    `INSERT INTO case_history (case_id, at, action, from_state, to_state, actor_kind, actor_id, actor_name,
       actor_role, note, photos, data)
     SELECT $1, ${ts(2)}, u.action, u.from_state, u.to_state, u.kind, u.actor_id, u.name, u.role,
       CASE WHEN u.ord = 1 THEN $3 END, CASE WHEN u.ord = 1 THEN $4::text[] ELSE '{}' END, u.data
     FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::int8[], $10::text[], $11::text[], $12::jsonb[])
       WITH ORDINALITY AS u(action, from_state, to_state, kind, actor_id, name, role, data, ord)
     ORDER BY u.ord`,
    [
      caseId,
      nowMs,
      note,
      photos,
      steps.map((s) => s.action),
      steps.map((s) => s.from),
      steps.map((s) => s.to),
      who.map((w) => w.kind),
      who.map((w) => w.id),
      who.map((w) => w.name),
      who.map((w) => w.role),
      steps.map((s) => JSON.stringify(s.data)),
    ],
  );
}

/** The case, locked for an action, if it is inside the jurisdiction. */
export async function lockCase(tx: Queryable, id: number, jurisdiction: string) {
  const { rows } = await tx.query<CaseRow>(
    `SELECT ${CASE_ROW} FROM cases c WHERE c.id = $1 AND ${inJurisdiction('c.grid_code', 2)} FOR UPDATE`,
    [id, jurisdiction],
  );
  return rows[0];
}

/** Writes the engine's new fields and bumps the version. */
export async function updateCase(tx: Queryable, id: number, c: CaseCore, nowMs: number): Promise<void> {
  await tx.query(
    `UPDATE cases SET state = $2, prev_state = $3, terminal = $4, level = $5, supervised = $6, rejections = $7,
       overdue_count = $8, department = $9, grid_code = $10, pending_request = $11::jsonb, satisfaction = $12,
       stage_started_at = ${ts(13)}, yellow_from = ${ts(14)}, deadline = ${ts(15)}, overdue_at = ${ts(16)},
       updated_at = ${ts(17)}, version = version + 1
     WHERE id = $1`,
    [
      id,
      c.state,
      c.prevState,
      c.terminal,
      c.level,
      c.supervised,
      c.rejections,
      c.overdueCount,
      c.department,
      c.gridCode,
      c.pendingRequest === null ? null : JSON.stringify(c.pendingRequest),
      c.satisfaction,
      c.stageStartedAt,
      c.yellowFrom,
      c.deadline,
      c.overdueAt,
      nowMs,
    ],
  );
}

/** Open stages past their deadline not yet marked overdue, locked (skipping ones being acted on). */
export async function lockDue(tx: Queryable, nowMs: number, limit: number) {
  const { rows } = await tx.query<CaseRow>(
    `SELECT ${CASE_ROW} FROM cases c
     WHERE c.overdue_at IS NULL AND c.deadline IS NOT NULL AND c.deadline <= ${ts(1)}
     ORDER BY c.deadline LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [nowMs, limit],
  );
  return rows;
}
