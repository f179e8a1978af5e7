import { cellOfPoint } from '../heat/h3.ts';
import type { Queryable } from '../db/db.ts';
import { CASE_ROW, type Actor, type CaseRow } from './cases.sql.ts';
import { HISTORY_ROW, type CaseExtraRow, type HistoryRow } from './casesRead.sql.ts';
import type { CaseCore, Step } from './workflow.ts';

/**
 * The write half of reports and actions, each ONE statement (a chain of data-modifying CTEs) that
 * answers with everything the detail and the live event need. A report or an action used to cost
 * ~10 round trips (sequence, insert, history, photos, then re-reading the case, its history and
 * photos after COMMIT); at 200 reports/s those round trips, not the work, were the latency.
 */

const ts = (n: number) => `to_timestamp($${n}::float8 / 1000)`;

/** A case as written, with its history and photos as of the same statement. */
export type WrittenCase = CaseRow &
  Omit<CaseExtraRow, 'gridName'> & {
    history: HistoryRow[];
    photos: { sha256: string; type: string; bytes: number }[];
  };

/** Photo refs of these hashes (uploaded before the statement), in the order the detail lists them. */
const photoRefs = (hashes: string) =>
  `coalesce((SELECT json_agg(json_build_object('sha256', f.sha256, 'type', f.type, 'bytes', f.bytes)
     ORDER BY f.uploaded_at, f.sha256) FROM case_photo_files f WHERE f.sha256 IN (${hashes})), '[]'::json)`;

const EXTRA_ROW = `c.description, c.address, c.building_id::int AS "buildingId",
  c.reporter_name AS "reporterName", c.reporter_phone AS "reporterPhone"`;

/**
 * The next case number of a district on a local day: region + yyyymmdd + sequence (5 digits, more
 * past 99,999). Its own statement, committed without waiting for the WAL flush: every report of a
 * district-day updates this one row, and holding its lock through the report's own commit made
 * reports queue one fsync apart (~150/s at most on the shared machine). Safe: the report commits
 * synchronously later, which flushes the WAL up to and including this earlier commit; a crash
 * before that loses only a number nobody used. A refused or failed report leaves a gap.
 * Never call it inside a transaction: the setting would then cover that whole transaction.
 */
export async function allocateCaseNumber(db: Queryable, district: string, day: string): Promise<string> {
  const { rows } = await db.query<{ number: string }>(
    `INSERT INTO case_sequences (region, day, last)
     SELECT $1::text, $2::text, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) async_commit
     ON CONFLICT (region, day) DO UPDATE SET last = case_sequences.last + 1
     RETURNING region || day || lpad(last::text, greatest(5, length(last::text)), '0') AS number`,
    [district, day],
  );
  return rows[0]!.number;
}

export interface NewCaseRow {
  number: string;
  major: string;
  minor: string;
  source: string;
  core: CaseCore;
  lon: number;
  lat: number;
  address: string | null;
  buildingId: number | null;
  description: string;
  descriptionKey: string;
  reporterName: string | null;
  reporterPhone: string | null;
  reportedBy: number | null;
  /** The reporter's Idempotency-Key (unique per reporter), or null. */
  idempotencyKey: string | null;
  nowMs: number;
}

/**
 * Inserts a new case, its 'report' history entry and its photo links in one statement. A single
 * statement is atomic by itself; callers that check duplicates first wrap it in their transaction.
 */
export async function insertReportedCase(
  db: Queryable,
  r: NewCaseRow,
  actor: Actor,
  photos: readonly string[],
  historyData: Record<string, unknown>,
): Promise<WrittenCase> {
  const c = r.core;
  const { rows } = await db.query<WrittenCase>(
    `WITH c AS (
       INSERT INTO cases AS c (number, major, minor, source, state, terminal, level, grid_code, geom, address,
         building_id, description, description_key, reporter_name, reporter_phone, stage_started_at,
         yellow_from, deadline, created_at, updated_at, reported_by, idempotency_key, h3)
       VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bool, $7::text, $8::text,
         ST_SetSRID(ST_MakePoint($9::float8, $10::float8), 4326), $11::text, $12::int8, $13::text, $14::text,
         $15::text, $16::text, ${ts(17)}, ${ts(18)}, ${ts(19)}, ${ts(20)}, ${ts(20)}, $21::int8, $28::text, $29::int8)
       RETURNING ${CASE_ROW}, ${EXTRA_ROW}
     ), h AS (
       INSERT INTO case_history AS h (case_id, at, action, from_state, to_state, actor_kind, actor_id, actor_name,
         actor_role, note, photos, data)
       SELECT c.id, ${ts(20)}, 'report', c.state, c.state, $22::text, $23::int8, $24::text, $25::text, NULL,
         $26::text[], $27::jsonb
       FROM c
       RETURNING ${HISTORY_ROW}
     ), p AS (
       INSERT INTO case_photos (case_id, sha256) SELECT c.id, unnest($26::text[]) FROM c ON CONFLICT DO NOTHING
     )
     SELECT c.*, (SELECT json_agg(h ORDER BY h.id) FROM h) AS history,
       ${photoRefs('SELECT unnest($26::text[])')} AS photos
     FROM c`,
    [
      r.number,
      r.major,
      r.minor,
      r.source,
      c.state,
      c.terminal,
      c.level,
      c.gridCode,
      r.lon,
      r.lat,
      r.address,
      r.buildingId,
      r.description,
      r.descriptionKey,
      r.reporterName,
      r.reporterPhone,
      c.stageStartedAt,
      c.yellowFrom,
      c.deadline,
      r.nowMs,
      r.reportedBy,
      actor.kind,
      actor.id,
      actor.name,
      actor.role,
      photos,
      JSON.stringify(historyData),
      r.idempotencyKey,
      cellOfPoint(r.lon, r.lat),
    ],
  );
  return rows[0]!;
}

/**
 * Writes an action on a case locked by the caller's transaction: the engine's new fields (version
 * bumped), the steps appended to history, the photos linked; answers the case with its whole
 * history (earlier entries from the statement's snapshot, new ones from RETURNING) and photos.
 */
export async function updateActedCase(
  tx: Queryable,
  id: number,
  n: CaseCore,
  steps: readonly Step[],
  actor: Actor,
  note: string | null,
  photos: readonly string[],
  nowMs: number,
): Promise<WrittenCase & { gridName: string | null }> {
  const system: Actor = { kind: 'system', id: null, name: 'system', role: null };
  const who = steps.map((s) => (s.system ? system : actor));
  const { rows } = await tx.query<WrittenCase & { gridName: string | null }>(
    `WITH c AS (
       UPDATE cases AS c SET state = $2::text, prev_state = $3::text, terminal = $4::bool, level = $5::text,
         supervised = $6::bool, rejections = $7::int4, overdue_count = $8::int4, department = $9::text,
         grid_code = $10::text, pending_request = $11::jsonb, satisfaction = $12::int4,
         stage_started_at = ${ts(13)}, yellow_from = ${ts(14)}, deadline = ${ts(15)}, overdue_at = ${ts(16)},
         updated_at = ${ts(17)}, version = version + 1
       WHERE c.id = $1::int8
       RETURNING ${CASE_ROW}, ${EXTRA_ROW}
     ), h AS (
       INSERT INTO case_history AS h (case_id, at, action, from_state, to_state, actor_kind, actor_id, actor_name,
         actor_role, note, photos, data)
       SELECT $1::int8, ${ts(17)}, u.action, u.from_state, u.to_state, u.kind, u.actor_id, u.name, u.role,
         CASE WHEN u.ord = 1 THEN $18::text END, CASE WHEN u.ord = 1 THEN $19::text[] ELSE '{}' END, u.data
       FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::int8[], $25::text[], $26::text[],
         $27::jsonb[]) WITH ORDINALITY AS u(action, from_state, to_state, kind, actor_id, name, role, data, ord)
       ORDER BY u.ord
       RETURNING ${HISTORY_ROW}
     ), p AS (
       INSERT INTO case_photos (case_id, sha256) SELECT $1::int8, unnest($19::text[]) ON CONFLICT DO NOTHING
     )
     SELECT c.*, g.name AS "gridName",
       (SELECT json_agg(x ORDER BY x.id) FROM (
          SELECT ${HISTORY_ROW} FROM case_history WHERE case_id = $1::int8 UNION ALL SELECT * FROM h) x) AS history,
       ${photoRefs('SELECT sha256 FROM case_photos WHERE case_id = $1::int8 UNION SELECT unnest($19::text[])')} AS photos
     FROM c LEFT JOIN regions g ON g.code = c."gridCode"`,
    [
      id,
      n.state,
      n.prevState,
      n.terminal,
      n.level,
      n.supervised,
      n.rejections,
      n.overdueCount,
      n.department,
      n.gridCode,
      n.pendingRequest === null ? null : JSON.stringify(n.pendingRequest),
      n.satisfaction,
      n.stageStartedAt,
      n.yellowFrom,
      n.deadline,
      n.overdueAt,
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
  return rows[0]!;
}
