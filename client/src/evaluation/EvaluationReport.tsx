import { useEffect, useState } from 'react';
import {
  evaluationAnswerSchema,
  EVALUATION_PATH,
  type EvaluationAnswer,
} from '../../../contracts/evaluation.ts';
import { api } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { rankQuery } from './evaluationApi.ts';
import { periodLabel, type EvalView } from './evaluationStore.ts';
import '../styles/evaluation.css';

const SECTIONS: EvalView[] = ['street', 'community', 'department', 'worker', 'dispatcher', 'handler'];

/** The period named by the page's address: #report/evaluation/2026-11 */
export const reportPeriod = (hash: string) => /^#report\/evaluation\/([0-9Q-]{4,7})$/.exec(hash)?.[1] ?? null;

/**
 * 考核月报: every ranking of the period on one page, black on white, to print (or save as PDF)
 * from the browser; the same API answers as the board's.
 */
export function EvaluationReport({ period }: { period: string }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const me = useSession((s) => s.me);
  const [answers, setAnswers] = useState<EvaluationAnswer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(
      SECTIONS.map((v) => api(`${EVALUATION_PATH}?${rankQuery(v, period)}`, evaluationAnswerSchema)),
    )
      .then(setAnswers)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [period]);
  useEffect(() => {
    document.body.classList.add('printable');
    return () => document.body.classList.remove('printable');
  }, []);
  if (error) return <p className="form-error">{error}</p>;
  if (!answers) return <p className="eval-report-loading">{t('eval.loading')}</p>;
  const name = (i: EvaluationAnswer['indicators'][number]) => (lang === 'zh' ? i.nameZh : i.nameEn);
  return (
    <article className="eval-report" data-testid="eval-report-page">
      <header>
        <h1>{t('eval.reportTitle', { period })}</h1>
        <p>
          {periodLabel(answers[0]!.from, answers[0]!.to)} · {me?.name} ·{' '}
          {t('eval.generated', { at: new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') })}
        </p>
        <button type="button" className="no-print" onClick={() => window.print()}>
          {t('eval.print')}
        </button>
      </header>
      {answers.map((a, k) => (
        <section key={SECTIONS[k]}>
          <h2>{t(`eval.view.${SECTIONS[k]!}`)}</h2>
          <table>
            <thead>
              <tr>
                <th>{t('eval.rank')}</th>
                <th>{t('eval.name')}</th>
                <th>{t('eval.score')}</th>
                <th>{t('eval.grade')}</th>
                <th>{t('eval.cases')}</th>
                <th>{t('eval.cards')}</th>
                {a.indicators.map((i) => (
                  <th key={i.code}>{name(i)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {a.rows.map((r) => (
                <tr key={r.code}>
                  <td>{r.rank}</td>
                  <td>{r.name}</td>
                  <td>{r.score === null ? '—' : r.score.toFixed(1)}</td>
                  <td>{r.grade ?? '—'}</td>
                  <td>{r.cases}</td>
                  <td>
                    {r.cards.yellow}/{r.cards.red}
                  </td>
                  {r.indicators.map((v, j) => (
                    <td key={v.code}>
                      {v.value === null
                        ? '—'
                        : a.indicators[j]!.denominator === null
                          ? v.value
                          : `${(v.value * 100).toFixed(1)}%`}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </article>
  );
}
