import {
  MEASURES,
  type Card,
  type EvalSubject,
  type Indicator,
  type Measure,
} from '../../../contracts/evaluation.ts';
import type { Db, Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';

/**
 * The one definition of what a case counts for (contracts/evaluation.ts, MEASURES): a row per case
 * reported in [$1, $2) inside the jurisdiction $3, with a 0/1 column per measure, from
 * eval_case_facts (the case's columns and what its history says as bits, kept by triggers on cases
 * and case_history: 0016_evaluation.sql). The ranking, the drill-down to cases and the exports all
 * read this.
 */
const FACTS = `
  -- the grid worker of the case's cell (the post evaluated: its reports, what it missed, its checks)
  gw AS (SELECT grid_code, min(id) AS worker_id FROM grid_workers GROUP BY grid_code),
  f AS (SELECT x.case_id AS id, x.created_at, x.grid_code, x.department, x.source, gw.worker_id,
               x.dispatcher_id, x.handler_id,
               1 AS reported,
               (x.source = 'grid_worker')::int AS worker_reported,
               (x.source IN ('hotline', 'public'))::int AS public_reported,
               (x.source <> 'grid_worker')::int AS missed,
               (x.bits & 1 > 0)::int AS registered,
               (x.source = 'grid_worker' AND x.bits & 1 > 0)::int AS worker_registered,
               (x.bits & 1 > 0 AND x.bits & 256 = 0)::int AS registered_on_time,
               (x.bits & 2 > 0)::int AS dispatched,
               (x.bits & 4 > 0)::int AS handled,
               (x.bits & 4 > 0 AND x.bits & 512 = 0)::int AS handled_on_time,
               (x.bits & 8 > 0)::int AS reworked,
               (x.bits & 16 > 0)::int AS extended,
               (x.bits & 32 > 0)::int AS verified,
               (x.bits & 32 > 0 AND x.bits & 1024 = 0)::int AS verified_on_time,
               (x.bits & 64 > 0)::int AS closed,
               (x.bits & 64 > 0 AND x.bits & 128 = 0)::int AS closed_on_time,
               x.overdue_open::int AS overdue_open
        FROM eval_case_facts x LEFT JOIN gw ON gw.grid_code = x.grid_code
        WHERE x.created_at >= to_timestamp($1::float8 / 1000) AND x.created_at < to_timestamp($2::float8 / 1000)
          AND ${inJurisdiction('x.grid_code', 3)})`;

const LEVEL_LEN = { street: 9, community: 12, grid: 15 } as const;
export type RegionLevel = keyof typeof LEVEL_LEN;

/** The subject a case counts for: its region at a level, its department, or the grid worker of its cell. */
const KEY: Record<EvalSubject, (level: RegionLevel) => string> = {
  region: (level) => `left(f.grid_code, ${LEVEL_LEN[level]})`,
  department: () => 'f.department',
  worker: () => 'f.worker_id::text',
  dispatcher: () => 'f.dispatcher_id::text',
  handler: () => 'f.handler_id::text',
};

export interface SubjectSums {
  key: string;
  name: string;
  x0: number | null;
  y0: number | null;
  x1: number | null;
  y1: number | null;
  sums: Record<Measure, number>;
}

/**
 * Every measure summed per subject; for regions, every region of the level inside the region
 * prefix $4 is listed (a street with no case still ranks, with nothing applicable).
 */
export async function selectSubjectSums(
  db: Queryable,
  q: {
    fromMs: number;
    toMs: number;
    jurisdiction: string;
    subject: EvalSubject;
    level: RegionLevel;
    region: string;
  },
): Promise<SubjectSums[]> {
  const key = KEY[q.subject](q.level);
  const sums = MEASURES.map((m) => `coalesce(sum(f.${m}), 0)::int AS ${m}`).join(', ');
  const names =
    q.subject === 'region'
      ? `SELECT r.code AS key, r.name, ST_XMin(r.geom) AS x0, ST_YMin(r.geom) AS y0, ST_XMax(r.geom) AS x1, ST_YMax(r.geom) AS y1
         FROM regions r WHERE r.level = '${q.level}' AND ${inJurisdiction('r.code', 4)}`
      : q.subject === 'worker'
        ? `SELECT s.key, coalesce(w.name, '#' || s.key) || coalesce('（' || w.employee_no || '）', '') AS name,
                  NULL::float8 AS x0, NULL::float8 AS y0, NULL::float8 AS x1, NULL::float8 AS y1
           FROM s LEFT JOIN grid_workers w ON w.id::text = s.key`
        : q.subject === 'department'
          ? `SELECT s.key, s.key AS name, NULL::float8 AS x0, NULL::float8 AS y0, NULL::float8 AS x1, NULL::float8 AS y1 FROM s`
          : `SELECT s.key, coalesce(nullif(u.display_name, ''), u.username, '#' || s.key) AS name, NULL::float8 AS x0,
                    NULL::float8 AS y0, NULL::float8 AS x1, NULL::float8 AS y1
             FROM s LEFT JOIN users u ON u.id::text = s.key`;
  const { rows } = await db.query<Omit<SubjectSums, 'sums'> & Record<Measure, number>>(
    `WITH ${FACTS},
     s AS (SELECT ${key} AS key, ${sums} FROM f WHERE ${key} IS NOT NULL AND ${inJurisdiction(key, 4)} GROUP BY 1),
     n AS (${names})
     SELECT n.key, n.name, n.x0, n.y0, n.x1, n.y1, ${MEASURES.map((m) => `coalesce(s.${m}, 0) AS ${m}`).join(', ')}
     FROM n LEFT JOIN s ON s.key = n.key ORDER BY n.key`,
    [q.fromMs, q.toMs, q.jurisdiction, q.subject === 'region' ? q.region : ''],
  );
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    x0: r.x0,
    y0: r.y0,
    x1: r.x1,
    y1: r.y1,
    sums: Object.fromEntries(MEASURES.map((m) => [m, r[m]])) as Record<Measure, number>,
  }));
}

/** The cases behind one figure of one subject: those counted (numerator), out of (denominator), or the difference. */
export async function selectSubjectCases(
  db: Queryable,
  q: {
    fromMs: number;
    toMs: number;
    jurisdiction: string;
    subject: EvalSubject;
    level: RegionLevel;
    code: string;
    indicator: Pick<Indicator, 'numerator' | 'denominator'>;
    part: 'numerator' | 'denominator' | 'missing';
    limit: number;
  },
) {
  const num = `f.${q.indicator.numerator} = 1`;
  const den = q.indicator.denominator ? `f.${q.indicator.denominator} = 1` : 'true';
  const where = q.part === 'numerator' ? num : q.part === 'denominator' ? den : `${den} AND NOT (${num})`;
  const { rows } = await db.query<{
    id: number;
    number: string;
    major: string;
    minor: string;
    state: string;
    createdAt: string;
    point: [number, number];
  }>(
    `WITH ${FACTS}
     SELECT f.id::int AS id, c.number, c.major, c.minor, c.state,
            to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
            json_build_array(ST_X(c.geom), ST_Y(c.geom)) AS point
     FROM f JOIN cases c ON c.id = f.id WHERE ${KEY[q.subject](q.level)} = $4 AND ${where}
     ORDER BY f.created_at DESC, f.id DESC LIMIT $5`,
    [q.fromMs, q.toMs, q.jurisdiction, q.code, q.limit + 1],
  );
  return rows;
}

/** Cards per subject (open, not revoked) issued for cases reported in the period. */
export async function selectCardCounts(
  db: Queryable,
  q: {
    fromMs: number;
    toMs: number;
    period: string;
    jurisdiction: string;
    subject: EvalSubject;
    level: RegionLevel;
  },
) {
  const key =
    q.subject === 'region'
      ? `left(k.grid_code, ${LEVEL_LEN[q.level]})`
      : q.subject === 'department'
        ? `CASE WHEN k.subject_kind = 'department' THEN k.subject END`
        : q.subject === 'worker'
          ? `(SELECT min(w.id) FROM grid_workers w WHERE w.grid_code = k.grid_code)::text`
          : `(SELECT x.${q.subject}_id FROM eval_case_facts x WHERE x.case_id = k.case_id)::text`;
  const { rows } = await db.query<{ key: string; yellow: number; red: number }>(
    `SELECT ${key} AS key, count(*) FILTER (WHERE k.color = 'yellow')::int AS yellow,
            count(*) FILTER (WHERE k.color = 'red')::int AS red
     FROM eval_cards k LEFT JOIN cases c ON c.id = k.case_id
     WHERE k.revoked_at IS NULL AND ${inJurisdiction('k.grid_code', 3)}
       AND ((c.created_at >= to_timestamp($1::float8 / 1000) AND c.created_at < to_timestamp($2::float8 / 1000))
            OR (k.case_id IS NULL AND k.period = $4))
     GROUP BY 1`,
    [q.fromMs, q.toMs, q.jurisdiction, q.period],
  );
  return new Map(rows.filter((r) => r.key !== null).map((r) => [r.key, r]));
}

interface IndicatorRow {
  code: string;
  nameZh: string;
  nameEn: string;
  numerator: Measure;
  denominator: Measure | null;
  weight: number;
  direction: 'higher' | 'lower';
  perUnit: number;
  subjects: EvalSubject[];
  position: number;
}

export async function selectIndicators(db: Queryable): Promise<IndicatorRow[]> {
  const { rows } = await db.query<IndicatorRow>(
    `SELECT code, name_zh AS "nameZh", name_en AS "nameEn", numerator, denominator, weight, direction,
            per_unit AS "perUnit", subjects, position
     FROM eval_indicators ORDER BY position, code`,
  );
  return rows;
}

/** Replaces the indicator set (one transaction: the table never holds half a set). */
export async function replaceIndicators(db: Queryable, xs: Indicator[], userId: number | null) {
  await db.query(`DELETE FROM eval_indicators`);
  for (const i of xs)
    await db.query(
      `INSERT INTO eval_indicators (code, name_zh, name_en, numerator, denominator, weight, direction, per_unit,
                                    subjects, position, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10, $11)`,
      [
        i.code,
        i.nameZh,
        i.nameEn,
        i.numerator,
        i.denominator,
        i.weight,
        i.direction,
        i.perUnit,
        i.subjects,
        i.position,
        userId,
      ],
    );
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export async function selectCards(
  db: Queryable,
  q: {
    jurisdiction: string;
    open?: boolean;
    fromMs?: number;
    toMs?: number;
    limit: number;
    id?: number;
    lang: 'zh' | 'en';
  },
) {
  const { rows } = await db.query<Card>(
    `SELECT k.id::int AS id, k.color, k.rule_code AS rule, ${q.lang === 'zh' ? 'r.name_zh' : 'r.name_en'} AS "ruleName",
            k.case_id::int AS "caseId", c.number AS "caseNumber", k.period, k.subject_kind AS "subjectKind", k.subject,
            coalesce(g.name, k.subject) AS "subjectName", k.grid_code AS "gridCode", k.stage,
            ${ISO('k.issued_at')} AS "issuedAt", ${ISO('k.supervised_at')} AS "supervisedAt",
            ${ISO('k.revoked_at')} AS "revokedAt", k.revoke_reason AS "revokeReason",
            CASE WHEN c.id IS NOT NULL THEN json_build_array(ST_X(c.geom), ST_Y(c.geom)) END AS point
     FROM eval_cards k JOIN eval_card_rules r ON r.code = k.rule_code LEFT JOIN cases c ON c.id = k.case_id
     LEFT JOIN regions g ON k.subject_kind = 'region' AND g.code = k.subject
     WHERE ${inJurisdiction('k.grid_code', 1)}
       AND ($2::boolean IS NULL OR ($2 = (k.revoked_at IS NULL)))
       AND ($3::float8 IS NULL OR k.issued_at >= to_timestamp($3::float8 / 1000))
       AND ($4::float8 IS NULL OR k.issued_at < to_timestamp($4::float8 / 1000))
       AND ($6::bigint IS NULL OR k.id = $6)
     ORDER BY k.issued_at DESC, k.id DESC LIMIT $5`,
    [q.jurisdiction, q.open ?? null, q.fromMs ?? null, q.toMs ?? null, q.limit, q.id ?? null],
  );
  return rows;
}

export async function revokeCard(db: Queryable, id: number, by: string, reason: string, atMs: number) {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE eval_cards SET revoked_at = to_timestamp($4::float8 / 1000), revoked_by = $2, revoke_reason = $3
     WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
    [id, by, reason, atMs],
  );
  return rows.length > 0;
}

export async function markCardSupervised(db: Queryable, id: number, by: string, atMs: number) {
  await db.query(
    `UPDATE eval_cards SET supervised_at = to_timestamp($3::float8 / 1000), supervised_by = $2
     WHERE id = $1 AND supervised_at IS NULL`,
    [id, by, atMs],
  );
}

export interface ScoreRule {
  code: string;
  color: 'yellow' | 'red';
  threshold: number;
  appliesTo: ('street' | 'community' | 'grid' | 'department')[];
}

export async function selectScoreRules(db: Queryable): Promise<ScoreRule[]> {
  const { rows } = await db.query<ScoreRule>(
    `SELECT code, color, threshold, applies_to AS "appliesTo" FROM eval_card_rules
     WHERE enabled AND kind = 'score_below' ORDER BY threshold`,
  );
  return rows;
}

export async function isMonthClosed(db: Queryable, period: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM eval_closed_months WHERE period = $1`, [period]);
  return rows.length > 0;
}

/**
 * The month's score cards and its closing mark, in one transaction: a second server closing the
 * same month at once inserts nothing (the unique keys); each new card is announced like the others.
 */
export async function insertScoreCards(
  db: Db,
  period: string,
  atMs: number,
  cards: {
    color: string;
    rule: string;
    subjectKind: 'region' | 'department';
    subject: string;
    gridCode: string;
  }[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows: closed } = await tx.query(
      `INSERT INTO eval_closed_months (period, closed_at, cards) VALUES ($1, to_timestamp($2::float8 / 1000), $3)
       ON CONFLICT (period) DO NOTHING RETURNING period`,
      [period, atMs, cards.length],
    );
    if (closed.length === 0) return 0;
    let n = 0;
    for (const c of cards) {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO eval_cards (color, rule_code, period, subject_kind, subject, grid_code, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000))
         ON CONFLICT DO NOTHING RETURNING id`,
        [c.color, c.rule, period, c.subjectKind, c.subject, c.gridCode, atMs],
      );
      if (rows[0]) {
        n++;
        await tx.query(`SELECT pg_notify('gc_cards', $1::text)`, [rows[0].id]);
      }
    }
    return n;
  });
}
