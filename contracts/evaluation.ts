import { z } from 'zod';
import { jurisdictionSchema } from './regions.ts';

/**
 * Evaluation (考核): every region, department and grid worker scored from its cases, per period.
 *   GET /api/evaluation?period&subject&level           → EvaluationAnswer (a ranking)
 *   GET /api/evaluation/cases?period&subject&level&code&indicator&part → the cases behind a figure
 *   GET, PUT /api/evaluation/indicators                → the indicators (data; PUT: evaluation.configure)
 *   GET /api/evaluation/cards?open&from&to             → red and yellow cards of the jurisdiction
 *   POST /api/evaluation/cards/:id/revoke { reason }   → revoked, audited (evaluation.configure)
 *   POST /api/evaluation/cards/:id/supervise           → the case supervised (督办), audited (cases.act)
 *   GET /api/evaluation/export?period&subject&level&format&lang → the ranking as CSV or XLSX, audited
 * Cases count in the period they were reported in (local days, UTC+8 by default); permission
 * cases.read, inside the caller's jurisdiction.
 */
export const EVALUATION_PATH = '/api/evaluation';

export const MEASURES = [
  'reported',
  'worker_reported',
  'public_reported',
  'missed',
  'registered',
  'worker_registered',
  'registered_on_time',
  'dispatched',
  'handled',
  'handled_on_time',
  'reworked',
  'extended',
  'verified',
  'verified_on_time',
  'closed',
  'closed_on_time',
  'overdue_open',
] as const;
export const measureSchema = z.enum(MEASURES);
export type Measure = z.infer<typeof measureSchema>;

/** Regions, departments, the grid worker of a case's cell, the dispatcher who dispatched it, the handler who took it. */
export const evalSubjectSchema = z.enum(['region', 'department', 'worker', 'dispatcher', 'handler']);
export type EvalSubject = z.infer<typeof evalSubjectSchema>;

export const indicatorSchema = z
  .object({
    code: z.string().regex(/^[a-z_]{2,40}$/, 'code: 2–40 lower-case letters and _'),
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    numerator: measureSchema,
    /** null: a count, scored 100 − perUnit × count (at least 0). */
    denominator: measureSchema.nullable(),
    weight: z.number().min(0).max(100),
    direction: z.enum(['higher', 'lower']),
    perUnit: z.number().min(0).max(100).default(10),
    subjects: z.array(evalSubjectSchema).min(1),
    position: z.number().int().default(0),
  })
  .refine((i) => i.numerator !== i.denominator, {
    message: 'numerator and denominator differ',
    path: ['denominator'],
  });
export type Indicator = z.infer<typeof indicatorSchema>;
export const indicatorsBodySchema = z.object({
  indicators: z
    .array(indicatorSchema)
    .min(1)
    .max(50)
    .refine((xs) => new Set(xs.map((x) => x.code)).size === xs.length, 'indicator codes are unique'),
});

/** month 2026-11, quarter 2026-Q4, year 2026, or a custom range of local dates 2026-10-01..2026-12-31. */
export const periodSchema = z
  .string()
  .regex(
    /^(\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/,
    'period: YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD..YYYY-MM-DD',
  );

/** The local dates [from, to) of a period (to exclusive). */
export function periodDates(period: string): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const custom = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(period);
  if (custom) {
    const to = new Date(`${custom[2]}T00:00:00Z`);
    to.setUTCDate(to.getUTCDate() + 1);
    return { from: custom[1]!, to: to.toISOString().slice(0, 10) };
  }
  const y = Number(period.slice(0, 4));
  const q = /-Q([1-4])$/.exec(period);
  const m = /^\d{4}-(\d{2})$/.exec(period);
  const [m0, months] = q ? [(Number(q[1]) - 1) * 3 + 1, 3] : m ? [Number(m[1]), 1] : [1, 12];
  const end = m0 + months;
  return {
    from: `${y}-${pad(m0)}-01`,
    to: end > 12 ? `${y + 1}-${pad(end - 12)}-01` : `${y}-${pad(end)}-01`,
  };
}

export const evaluationQuerySchema = z.object({
  period: periodSchema,
  subject: evalSubjectSchema.default('region'),
  /** For regions: which level is ranked. */
  level: z.enum(['street', 'community', 'grid']).default('street'),
  region: jurisdictionSchema.optional(),
});
export type EvaluationQuery = z.infer<typeof evaluationQuerySchema>;

export const gradeSchema = z.enum(['A', 'B', 'C', 'D']);
export type Grade = z.infer<typeof gradeSchema>;
/** A ≥ 90, B 75–90, C 60–75, D below. */
export const gradeOf = (score: number): Grade =>
  score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : 'D';

export const indicatorValueSchema = z.object({
  code: z.string(),
  numerator: z.number().int(),
  /** null for a count */
  denominator: z.number().int().nullable(),
  /** the rate (0–1), or the count; null when the denominator is 0 (not applicable) */
  value: z.number().nullable(),
  /** 0–100; null when not applicable (left out of the total) */
  score: z.number().nullable(),
});
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;

export const evaluationRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  /** weighted mean of the applicable indicators' scores; null when none applies */
  score: z.number().nullable(),
  grade: gradeSchema.nullable(),
  cases: z.number().int(),
  cards: z.object({ yellow: z.number().int(), red: z.number().int() }),
  indicators: z.array(indicatorValueSchema),
  /** where the row's region lies (regions only), for a click that flies there */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type EvaluationRow = z.infer<typeof evaluationRowSchema>;

export const evaluationAnswerSchema = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  subject: evalSubjectSchema,
  level: z.string().nullable(),
  indicators: z.array(indicatorSchema),
  rows: z.array(evaluationRowSchema),
});
export type EvaluationAnswer = z.infer<typeof evaluationAnswerSchema>;

export const evaluationCasesQuerySchema = evaluationQuerySchema.extend({
  code: z.string().min(1).max(64),
  indicator: z.string().regex(/^[a-z_]{2,40}$/),
  /** numerator: the cases counted; denominator: all it is out of; missing: out of, not counted */
  part: z.enum(['numerator', 'denominator', 'missing']).default('numerator'),
});

export const evalCaseSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  major: z.string(),
  minor: z.string(),
  state: z.string(),
  createdAt: z.string(),
  point: z.tuple([z.number(), z.number()]),
});
export const evaluationCasesSchema = z.object({ cases: z.array(evalCaseSchema), truncated: z.boolean() });

export const cardSchema = z.object({
  id: z.number().int(),
  color: z.enum(['yellow', 'red']),
  rule: z.string(),
  ruleName: z.string(),
  /** the case that caused it; null for a score card, which names its month (period) instead */
  caseId: z.number().int().nullable(),
  caseNumber: z.string().nullable(),
  period: z.string().nullable(),
  subjectKind: z.enum(['region', 'department']),
  subject: z.string(),
  subjectName: z.string(),
  gridCode: z.string(),
  stage: z.string().nullable(),
  issuedAt: z.string(),
  supervisedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  /** the case's place; null for a score card */
  point: z.tuple([z.number(), z.number()]).nullable(),
});
export type Card = z.infer<typeof cardSchema>;
export const cardsQuerySchema = z.object({
  open: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const cardsAnswerSchema = z.object({ cards: z.array(cardSchema) });
export const revokeCardBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });

export const evaluationExportQuerySchema = evaluationQuerySchema.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh', 'en']).default('zh'),
});

export const CARDS_CHANNEL = 'gc_cards';
export interface EvaluationServerToClientEvents {
  /** A red or yellow card was issued in a region of the socket's jurisdiction. */
  'card:issued': (payload: { card: Card }) => void;
}
