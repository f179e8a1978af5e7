import {
  cardsAnswerSchema,
  evaluationAnswerSchema,
  evaluationCasesSchema,
  cardSchema,
  EVALUATION_PATH,
  type EvaluationAnswer,
} from '../../../contracts/evaluation.ts';
import { api } from '../api/http.ts';
import { shiftMonth, useEvaluation, type EvalView } from './evaluationStore.ts';

/** The ranking query of a view and period. */
export function rankQuery(
  view: EvalView,
  period: string,
  extra: Record<string, string> = {},
): URLSearchParams {
  const region = view === 'street' || view === 'community' || view === 'grid';
  return new URLSearchParams({
    period,
    subject: region ? 'region' : view,
    ...(region ? { level: view } : {}),
    ...extra,
  });
}

const rank = (view: EvalView, period: string) =>
  api(`${EVALUATION_PATH}?${rankQuery(view, period)}`, evaluationAnswerSchema);

let seq = 0;

/** The period's ranking, and for a month the five before it (sparklines), with the open cards. */
export async function loadEvaluation(): Promise<void> {
  const mine = ++seq;
  const s = useEvaluation.getState();
  s.set({ status: 'loading', error: null });
  try {
    const month = /^\d{4}-\d{2}$/.test(s.period);
    const before = month ? [5, 4, 3, 2, 1].map((k) => shiftMonth(s.period, -k)) : [];
    const [answer, cards, ...history] = await Promise.all([
      rank(s.view, s.period),
      api(`${EVALUATION_PATH}/cards?open=true&limit=50`, cardsAnswerSchema),
      ...before.map((p) => rank(s.view, p)),
    ]);
    if (mine !== seq) return;
    const selected = answer.rows.some((r) => r.code === s.selected)
      ? s.selected
      : (answer.rows[0]?.code ?? null);
    useEvaluation.getState().set({
      answer,
      history: history as EvaluationAnswer[],
      cards: cards.cards,
      selected,
      status: 'ready',
    });
  } catch (e) {
    if (mine === seq)
      useEvaluation.getState().set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
  }
}

/** The cases behind one indicator of the selected row. */
export async function loadDrill(indicator: string, part: 'numerator' | 'missing'): Promise<void> {
  const s = useEvaluation.getState();
  if (!s.selected) return;
  s.set({ drill: { indicator, part, cases: null } });
  const q = rankQuery(s.view, s.period, { code: s.selected, indicator, part });
  const r = await api(`${EVALUATION_PATH}/cases?${q}`, evaluationCasesSchema);
  const now = useEvaluation.getState().drill;
  if (now?.indicator === indicator && now.part === part)
    useEvaluation.getState().set({ drill: { indicator, part, cases: r.cases } });
}

export async function cardAction(id: number, action: 'supervise' | 'revoke', reason?: string): Promise<void> {
  await api(`${EVALUATION_PATH}/cards/${id}/${action}`, cardSchema, {
    method: 'POST',
    body: action === 'revoke' ? { reason } : {},
  });
  await loadEvaluation();
}

export const exportUrl = (format: 'csv' | 'xlsx', lang: string) => {
  const s = useEvaluation.getState();
  return `${EVALUATION_PATH}/export?${rankQuery(s.view, s.period, { format, lang })}`;
};
