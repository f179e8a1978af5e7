import {
  gradeOf,
  periodDates,
  type EvaluationAnswer,
  type EvaluationQuery,
  type Indicator,
  type IndicatorValue,
  type Measure,
} from '../../../contracts/evaluation.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { selectUtcOffset } from '../heat/heat.sql.ts';
import {
  insertScoreCards,
  isMonthClosed,
  selectCardCounts,
  selectIndicators,
  selectScoreRules,
  selectSubjectCases,
  selectSubjectSums,
} from './evaluation.sql.ts';

/**
 * One indicator of one subject from its sums: a rate num/den scored 100·rate (higher is better)
 * or 100·(1 − rate) (lower is better); a count scored 100 − perUnit·count, at least 0. Not
 * applicable (score null) when the denominator is 0, or for a count, when the subject has no case.
 */
export function scoreIndicator(i: Indicator, sums: Record<Measure, number>): IndicatorValue {
  const numerator = sums[i.numerator];
  if (i.denominator === null) {
    // a count over no case at all says nothing: not applicable, like a rate of 0/0
    if (sums.reported === 0)
      return { code: i.code, numerator, denominator: null, value: numerator, score: null };
    const score =
      i.direction === 'lower'
        ? Math.max(0, 100 - i.perUnit * numerator)
        : Math.min(100, i.perUnit * numerator);
    return { code: i.code, numerator, denominator: null, value: numerator, score };
  }
  const denominator = sums[i.denominator];
  if (denominator === 0) return { code: i.code, numerator, denominator, value: null, score: null };
  const value = numerator / denominator;
  return {
    code: i.code,
    numerator,
    denominator,
    value,
    score: 100 * (i.direction === 'higher' ? value : 1 - value),
  };
}

/** The weighted mean of the applicable scores (weights of inapplicable indicators left out). */
export function totalScore(indicators: Indicator[], values: IndicatorValue[]): number | null {
  let w = 0;
  let s = 0;
  for (const [k, v] of values.entries()) {
    if (v.score === null) continue;
    w += indicators[k]!.weight;
    s += indicators[k]!.weight * v.score;
  }
  return w > 0 ? s / w : null;
}

export async function listIndicators(db: Queryable): Promise<Indicator[]> {
  return (await selectIndicators(db)).map((r) => ({
    ...r,
    weight: Number(r.weight),
    perUnit: Number(r.perUnit),
  }));
}

export class EvaluationService {
  private offset: Promise<number> | undefined;
  constructor(private readonly db: Db) {}

  async utcOffsetMin(): Promise<number> {
    this.offset ??= selectUtcOffset(this.db);
    return this.offset;
  }

  /** A period's local dates as epoch ms, in the rollups' local time (heat_config, UTC+8 by default). */
  async window(period: string) {
    const off = (await this.utcOffsetMin()) * 60_000;
    const { from, to } = periodDates(period);
    const fromMs = Date.parse(`${from}T00:00:00Z`) - off;
    const toMs = Date.parse(`${to}T00:00:00Z`) - off;
    if (!(fromMs < toMs))
      throw new HttpError(400, 'invalid', 'period: the range ends before it starts', 'period');
    if (toMs - fromMs > 400 * 86_400_000)
      throw new HttpError(400, 'invalid', 'period: at most 400 days', 'period');
    return { from, to, fromMs, toMs };
  }

  private region(caller: Caller, region: string | undefined) {
    const code = region ?? caller.jurisdiction;
    if (!code.startsWith(caller.jurisdiction)) throw notFound('region', 'region');
    return code;
  }

  async rank(caller: Caller, q: EvaluationQuery): Promise<EvaluationAnswer> {
    const w = await this.window(q.period);
    const all = await listIndicators(this.db);
    const indicators = all.filter((i) => i.subjects.includes(q.subject));
    const region = this.region(caller, q.region);
    const base = {
      fromMs: w.fromMs,
      toMs: w.toMs,
      jurisdiction: caller.jurisdiction,
      subject: q.subject,
      level: q.level,
    };
    const [subjects, cards] = await Promise.all([
      selectSubjectSums(this.db, { ...base, region }),
      selectCardCounts(this.db, { ...base, period: q.period }),
    ]);
    const rows = subjects.map((s) => {
      const values = indicators.map((i) => scoreIndicator(i, s.sums));
      const score = totalScore(indicators, values);
      const c = cards.get(s.key);
      return {
        code: s.key,
        name: s.name,
        rank: 0,
        score,
        grade: score === null ? null : gradeOf(score),
        cases: s.sums.reported,
        cards: { yellow: c?.yellow ?? 0, red: c?.red ?? 0 },
        indicators: values,
        bbox: s.x0 === null ? null : ([s.x0, s.y0!, s.x1!, s.y1!] as [number, number, number, number]),
      };
    });
    // best first; subjects with nothing to score last, by code
    rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.code.localeCompare(b.code));
    rows.forEach((r, i) => (r.rank = i + 1));
    return {
      period: q.period,
      from: w.from,
      to: w.to,
      subject: q.subject,
      level: q.subject === 'region' ? q.level : null,
      indicators,
      rows,
    };
  }

  async cases(
    caller: Caller,
    q: EvaluationQuery & { code: string; indicator: string; part: 'numerator' | 'denominator' | 'missing' },
  ) {
    const w = await this.window(q.period);
    const indicator = (await listIndicators(this.db)).find((i) => i.code === q.indicator);
    if (!indicator) throw notFound('indicator', 'indicator');
    if (q.subject === 'region' && !q.code.startsWith(caller.jurisdiction)) throw notFound('region', 'code');
    const limit = 500;
    const rows = await selectSubjectCases(this.db, {
      fromMs: w.fromMs,
      toMs: w.toMs,
      jurisdiction: caller.jurisdiction,
      subject: q.subject,
      level: q.level,
      code: q.code,
      indicator,
      part: q.part,
      limit,
    });
    return { cases: rows.slice(0, limit), truncated: rows.length > limit };
  }
}

/** The local month (YYYY-MM) before the one holding nowMs, at a UTC offset in minutes. */
export function previousMonth(nowMs: number, offsetMin: number): string {
  const d = new Date(nowMs + offsetMin * 60_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

/**
 * Closes the month before now's: each ranking a score rule names (per district, as the whole
 * district's evaluation sees it) gives a card to every subject whose score is under a rule's
 * threshold, the most severe rule that applies. Once per month (eval_closed_months). Returns how
 * many cards were issued, null when the month was closed already.
 */
export async function closeLastMonth(
  db: Db,
  service: EvaluationService,
  nowMs: number,
): Promise<number | null> {
  const period = previousMonth(nowMs, await service.utcOffsetMin());
  if (await isMonthClosed(db, period)) return null;
  const rules = await selectScoreRules(db);
  const { rows: districts } = await db.query<{ code: string }>(
    `SELECT code FROM regions WHERE level = 'district' ORDER BY code`,
  );
  const cards: Parameters<typeof insertScoreCards>[3] = [];
  for (const { code } of districts) {
    const caller = {
      kind: 'user' as const,
      id: 0,
      name: 'system',
      role: 'admin' as const,
      jurisdiction: code,
      permissions: new Set(['cases.read'] as const),
      publicSafe: false,
      credential: 'system',
    };
    for (const view of new Set(rules.flatMap((r) => r.appliesTo))) {
      const department = view === 'department';
      const answer = await service.rank(caller, {
        period,
        subject: department ? 'department' : 'region',
        level: department ? 'street' : (view as 'street' | 'community' | 'grid'),
      });
      for (const row of answer.rows) {
        if (row.score === null) continue;
        // rules sorted by threshold: the first that applies is the most severe
        const rule = rules.find((r) => r.appliesTo.includes(view) && row.score! < r.threshold);
        if (!rule) continue;
        cards.push({
          color: rule.color,
          rule: rule.code,
          subjectKind: department ? 'department' : 'region',
          subject: row.code,
          gridCode: department ? code : row.code,
        });
      }
    }
  }
  return insertScoreCards(db, period, nowMs, cards);
}
