import { useEffect, useState } from 'react';
import type { Card, EvaluationAnswer, EvaluationRow, Indicator } from '../../../contracts/evaluation.ts';
import { focusCase } from '../cases/focusCase.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { cardAction, exportUrl, loadDrill, loadEvaluation } from './evaluationApi.ts';
import {
  openCard,
  periodLabel,
  shiftMonth,
  thisMonth,
  useEvaluation,
  type EvalView,
} from './evaluationStore.ts';
import { Sparkline } from './Sparkline.tsx';

const VIEWS: EvalView[] = ['street', 'community', 'grid', 'department', 'worker', 'dispatcher', 'handler'];

const fmtScore = (s: number | null) => (s === null ? '—' : s.toFixed(1));
const fmtValue = (i: Indicator, v: number | null) =>
  v === null ? '—' : i.denominator === null ? String(v) : `${(v * 100).toFixed(1)}%`;

function Grade({ grade }: { grade: string | null }) {
  return <span className={`grade grade-${grade ?? 'none'}`}>{grade ?? '—'}</span>;
}

function Ranking({ answer, history }: { answer: EvaluationAnswer; history: EvaluationAnswer[] }) {
  const t = useT();
  const s = useEvaluation();
  const past = (code: string) => history.map((h) => h.rows.find((r) => r.code === code)?.score ?? null);
  return (
    <div className="eval-card eval-ranking">
      <table className="eval-table" data-testid="eval-ranking">
        <thead>
          <tr>
            <th>{t('eval.rank')}</th>
            <th>{t('eval.name')}</th>
            <th>{t('eval.score')}</th>
            <th>{t('eval.grade')}</th>
            <th>{t('eval.cases')}</th>
            <th>{t('eval.cards')}</th>
            {history.length > 0 && <th>{t('eval.trend')}</th>}
          </tr>
        </thead>
        <tbody>
          {answer.rows.map((r) => (
            <tr
              key={r.code}
              className={r.code === s.selected ? 'on' : ''}
              data-code={r.code}
              onClick={() => {
                s.set({ selected: r.code, drill: null });
                if (r.bbox) {
                  useUi.getState().selectRegion(r.code);
                  useUi.getState().flyTo({ kind: 'bbox', bbox: r.bbox });
                }
              }}
            >
              <td className="num">{r.rank}</td>
              <td className="eval-name">{r.name}</td>
              <td className="eval-score">
                <span className="bar" style={{ width: `${r.score ?? 0}%` }} />
                <b>{fmtScore(r.score)}</b>
              </td>
              <td>
                <Grade grade={r.grade} />
              </td>
              <td className="num">{r.cases}</td>
              <td className="eval-cards-count">
                {r.cards.yellow > 0 && <span className="card-chip yellow">{r.cards.yellow}</span>}
                {r.cards.red > 0 && <span className="card-chip red">{r.cards.red}</span>}
              </td>
              {history.length > 0 && (
                <td>
                  <Sparkline values={[...past(r.code), r.score]} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Breakdown({ answer, row }: { answer: EvaluationAnswer; row: EvaluationRow }) {
  const t = useT();
  const lang = useUi((x) => x.lang);
  const drill = useEvaluation((x) => x.drill);
  return (
    <div className="eval-card eval-breakdown" data-testid="eval-breakdown">
      <h3>
        {row.name} · <Grade grade={row.grade} /> {fmtScore(row.score)}
      </h3>
      <table className="eval-table">
        <thead>
          <tr>
            <th>{t('eval.indicator')}</th>
            <th>{t('eval.ratio')}</th>
            <th>{t('eval.value')}</th>
            <th>{t('eval.points')}</th>
            <th>{t('eval.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.indicators.map((i, k) => {
            const v = row.indicators[k]!;
            const on = drill?.indicator === i.code;
            return (
              <tr key={i.code} className={on ? 'on' : ''} data-indicator={i.code}>
                <td>
                  <button type="button" className="link" onClick={() => void loadDrill(i.code, 'numerator')}>
                    {lang === 'zh' ? i.nameZh : i.nameEn}
                  </button>
                </td>
                <td className="num">
                  {v.denominator === null ? v.numerator : `${v.numerator}/${v.denominator}`}
                  {v.denominator !== null && v.denominator > v.numerator && (
                    <button
                      type="button"
                      className="link miss"
                      title={t('eval.missing')}
                      onClick={() => void loadDrill(i.code, 'missing')}
                    >
                      −{v.denominator - v.numerator}
                    </button>
                  )}
                </td>
                <td className="num">{fmtValue(i, v.value)}</td>
                <td className="eval-score">
                  <span className="bar" style={{ width: `${v.score ?? 0}%` }} />
                  <b>{fmtScore(v.score)}</b>
                </td>
                <td className="num muted">{i.weight}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DrillCases() {
  const t = useT();
  const drill = useEvaluation((x) => x.drill);
  if (!drill) return <p className="muted eval-hint">{t('eval.drillHint')}</p>;
  return (
    <div data-testid="eval-drill">
      <h3>{t(drill.part === 'numerator' ? 'eval.counted' : 'eval.missing')}</h3>
      {drill.cases === null ? (
        <p className="spinner-text">{t('eval.loading')}</p>
      ) : drill.cases.length === 0 ? (
        <p className="muted">{t('eval.noCases')}</p>
      ) : (
        <ul className="eval-cases">
          {drill.cases.map((c) => (
            <li key={c.id}>
              <button type="button" className="link" data-testid="eval-case" onClick={() => focusCase(c)}>
                {c.number}
              </button>
              <span className="muted">{c.state}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CardItem({ card }: { card: Card }) {
  const t = useT();
  const me = useSession((x) => x.me);
  const [reason, setReason] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (action: 'supervise' | 'revoke', why?: string) =>
    cardAction(card.id, action, why).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <li className={`eval-card-item ${card.color}`} data-testid="eval-card-item">
      <span className={`card-chip ${card.color}`} />
      <button type="button" className="link" onClick={() => openCard(card)}>
        {card.caseNumber ?? card.period}
      </button>
      <span>{card.ruleName}</span>
      <span className="muted">{card.subjectName}</span>
      {card.supervisedAt ? (
        <span className="supervised">{t('eval.supervised')}</span>
      ) : (
        can(me, 'cases.act') && (
          <button type="button" className="chip" onClick={() => void run('supervise')}>
            {t('eval.supervise')}
          </button>
        )
      )}
      {can(me, 'evaluation.configure') &&
        (reason === null ? (
          <button type="button" className="chip" onClick={() => setReason('')}>
            {t('eval.revoke')}
          </button>
        ) : (
          <form
            className="eval-revoke"
            onSubmit={(e) => {
              e.preventDefault();
              void run('revoke', reason);
            }}
          >
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('eval.reason')}
            />
            <button type="submit" className="chip" disabled={reason.trim().length < 2}>
              {t('eval.revoke')}
            </button>
          </form>
        ))}
      {error && <span className="form-error">{error}</span>}
    </li>
  );
}

/**
 * 考核排名: the period's ranking of streets, communities, grid cells, departments or grid workers
 * (score, grade, cards, the months before as a sparkline); the selected one's indicators; a click
 * on one lists its cases, a case opens on the map; the open red and yellow cards, supervised or
 * revoked from here.
 */
export default function EvaluationBoard() {
  const t = useT();
  const s = useEvaluation();
  const lang = useUi((x) => x.lang);
  useEffect(() => {
    void loadEvaluation();
  }, [s.period, s.view]);
  const row = s.answer?.rows.find((r) => r.code === s.selected) ?? null;
  const month = /^\d{4}-\d{2}$/.test(s.period);
  const now = thisMonth();
  const q = `${now.slice(0, 4)}-Q${Math.floor((Number(now.slice(5, 7)) - 1) / 3) + 1}`;
  return (
    <section className="panel eval-board" data-testid="eval-board" aria-label={t('eval.title')}>
      <header className="panel-head">
        <h2>
          {t('eval.title')} ·{' '}
          <span
            data-testid="eval-period"
            title={s.answer ? periodLabel(s.answer.from, s.answer.to) : undefined}
          >
            {s.period}
          </span>
        </h2>
        <div className="occ-controls">
          {month && (
            <button
              type="button"
              className="chip"
              data-testid="eval-prev"
              onClick={() => s.set({ period: shiftMonth(s.period, -1) })}
            >
              ‹
            </button>
          )}
          <input
            className="eval-period-input"
            aria-label={t('eval.period')}
            defaultValue={s.period}
            key={s.period}
            onBlur={(e) =>
              /^\d{4}(-\d{2}|-Q[1-4])?$/.test(e.target.value) && s.set({ period: e.target.value })
            }
          />
          {month && (
            <button
              type="button"
              className="chip"
              data-testid="eval-next"
              onClick={() => s.set({ period: shiftMonth(s.period, 1) })}
            >
              ›
            </button>
          )}
          <button type="button" className="chip" onClick={() => s.set({ period: thisMonth() })}>
            {t('eval.thisMonth')}
          </button>
          <button type="button" className="chip" onClick={() => s.set({ period: q })}>
            {t('eval.quarter')}
          </button>
          <span role="radiogroup" className="occ-levels">
            {VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                role="radio"
                aria-checked={s.view === v}
                className={`chip${s.view === v ? ' on' : ''}`}
                data-testid={`eval-view-${v}`}
                onClick={() => s.set({ view: v, selected: null, drill: null })}
              >
                {t(`eval.view.${v}`)}
              </button>
            ))}
          </span>
          <span className="occ-download">
            {(['csv', 'xlsx'] as const).map((f) => (
              <a key={f} className="chip" href={exportUrl(f, lang)} download data-testid={`eval-export-${f}`}>
                {f.toUpperCase()}
              </a>
            ))}
          </span>
          <a
            className="chip"
            href={`#report/evaluation/${s.period}`}
            target="_blank"
            rel="noreferrer"
            data-testid="eval-report"
          >
            {t('eval.report')}
          </a>
          <button
            type="button"
            className="chip"
            data-testid="eval-close"
            onClick={() => s.set({ open: false })}
          >
            {t('occ.close')}
          </button>
        </div>
      </header>
      {s.status === 'error' && <p className="form-error">{t('error.load', { message: s.error ?? '' })}</p>}
      {s.answer ? (
        <div className="eval-body">
          <Ranking answer={s.answer} history={s.history} />
          {row ? <Breakdown answer={s.answer} row={row} /> : <div className="eval-card" />}
          <div className="eval-card eval-side">
            <DrillCases />
            <h3>{t('eval.openCards', { n: s.cards.length })}</h3>
            <ul className="eval-card-list" data-testid="eval-cards">
              {s.cards.map((c) => (
                <CardItem key={c.id} card={c} />
              ))}
            </ul>
          </div>
        </div>
      ) : (
        <p className="spinner-text occ-loading">{t('eval.loading')}</p>
      )}
    </section>
  );
}
