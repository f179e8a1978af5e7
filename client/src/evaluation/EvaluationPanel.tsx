import { useCallback, useEffect, useState } from 'react';
import {
  evaluationAnswerSchema,
  EVALUATION_PATH,
  type Card,
  type EvaluationAnswer,
} from '../../../contracts/evaluation.ts';
import { api } from '../api/http.ts';
import { useSocketEvent } from '../api/socket.ts';
import { useT } from '../i18n/index.ts';
import { useOccupancy } from '../occupancy/occupancyStore.ts';
import { can, useSession } from '../store/session.ts';
import EvaluationBoard from './EvaluationBoard.tsx';
import { rankQuery } from './evaluationApi.ts';
import { openCard, thisMonth, useEvaluation } from './evaluationStore.ts';
import '../styles/evaluation.css';

/** How long a new card stays in the panel (a wall unattended for hours shows the latest ones). */
const NEWS_MS = 120_000;

/** New cards as they are issued (card:issued): into the board's list and the panel's news. */
function useCardNews() {
  useSocketEvent(
    'card:issued',
    useCallback(({ card }: { card: Card }) => {
      const s = useEvaluation.getState();
      s.set({
        news: [card, ...s.news.filter((c) => c.id !== card.id)].slice(0, 3),
        cards: s.open ? [card, ...s.cards.filter((c) => c.id !== card.id)] : s.cards,
      });
    }, []),
  );
  const news = useEvaluation((s) => s.news);
  useEffect(() => {
    if (news.length === 0) return;
    const timer = setTimeout(() => useEvaluation.getState().set({ news: [] }), NEWS_MS);
    return () => clearTimeout(timer);
  }, [news]);
  return news;
}

/** How often the wall's top-and-bottom list is asked again. */
const REFRESH_MS = 5 * 60_000;

/** This month's streets, best and worst two, for the wall (refreshed; again when a card arrives). */
function useStreetExtremes(enabled: boolean, news: Card[]) {
  const [answer, setAnswer] = useState<EvaluationAnswer | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      api(`${EVALUATION_PATH}?${rankQuery('street', thisMonth())}`, evaluationAnswerSchema)
        .then((a) => live && setAnswer(a))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [enabled, news]);
  const scored = answer?.rows.filter((r) => r.score !== null) ?? [];
  if (scored.length === 0) return null;
  const n = Math.min(2, Math.floor(scored.length / 2) || 1);
  return { top: scored.slice(0, n), bottom: scored.length > n ? scored.slice(-n) : [] };
}

/** The entry to 考核排名 (in the left column's analysis panel). */
export function EvaluationToggle() {
  const t = useT();
  const me = useSession((s) => s.me);
  const open = useEvaluation((s) => s.open);
  if (!can(me, 'cases.read')) return null;
  const toggle = () => {
    if (!open) useOccupancy.getState().set({ open: false });
    useEvaluation.getState().set({ open: !open });
  };
  return (
    <button className={`chip${open ? ' on' : ''}`} type="button" data-testid="eval-toggle" onClick={toggle}>
      {t('eval.title')}
    </button>
  );
}

/** For the wall: this month's best and worst streets while the board is closed, and new cards live. */
export function EvaluationNews() {
  const t = useT();
  const me = useSession((s) => s.me);
  const open = useEvaluation((s) => s.open);
  const news = useCardNews();
  const may = can(me, 'cases.read');
  const extremes = useStreetExtremes(may && !open, news);
  if (!may) return null;
  return (
    <>
      {!open && extremes && (
        <ol className="eval-extremes" data-testid="eval-extremes" aria-label={t('eval.title')}>
          {[...extremes.top, ...extremes.bottom].map((r, i) => (
            <li key={r.code} className={i >= extremes.top.length ? 'bottom' : 'top'}>
              <span className="num">{r.rank}</span>
              <span className="eval-name">{r.name}</span>
              <b>{r.score!.toFixed(1)}</b>
              <span className={`grade grade-${r.grade ?? 'none'}`}>{r.grade}</span>
            </li>
          ))}
        </ol>
      )}
      {news.length > 0 && (
        <ul className="eval-news" data-testid="eval-news" role="status">
          {news.map((c) => (
            <li key={c.id} className={c.color}>
              <span className={`card-chip ${c.color}`} />
              <button type="button" className="link" onClick={() => openCard(c)}>
                {t(c.color === 'red' ? 'eval.newRed' : 'eval.newYellow')} {c.caseNumber ?? c.period}
              </button>
              <span className="muted">
                {c.ruleName} · {c.subjectName}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function EvaluationOverlay() {
  const open = useEvaluation((s) => s.open);
  return open ? <EvaluationBoard /> : null;
}
