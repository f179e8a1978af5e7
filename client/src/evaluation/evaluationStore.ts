import { create } from 'zustand';
import type { Card, EvaluationAnswer } from '../../../contracts/evaluation.ts';
import { focusCase } from '../cases/focusCase.ts';

/** What the board ranks: a level of regions, departments, or the posts: grid workers, dispatchers, handlers. */
export type EvalView = 'street' | 'community' | 'grid' | 'department' | 'worker' | 'dispatcher' | 'handler';

export interface EvalCase {
  id: number;
  number: string;
  major: string;
  minor: string;
  state: string;
  createdAt: string;
  point: [number, number];
}

export interface EvaluationState {
  open: boolean;
  /** YYYY-MM (the board moves a month at a time; quarters and years through the period field) */
  period: string;
  view: EvalView;
  answer: EvaluationAnswer | null;
  /** the five months before a month period, oldest first: the rows' sparklines */
  history: EvaluationAnswer[];
  selected: string | null;
  drill: { indicator: string; part: 'numerator' | 'missing'; cases: EvalCase[] | null } | null;
  cards: Card[];
  /** cards issued while this screen watched (newest first), shown for a while in the panel */
  news: Card[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  set(patch: Partial<Omit<EvaluationState, 'set'>>): void;
}

/** This month in the server's local time (UTC+8). */
export const thisMonth = (now = Date.now()) => new Date(now + 8 * 3_600_000).toISOString().slice(0, 7);

export function shiftMonth(period: string, by: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export const useEvaluation = create<EvaluationState>()((set) => ({
  open: false,
  period: thisMonth(),
  view: 'street',
  answer: null,
  history: [],
  selected: null,
  drill: null,
  cards: [],
  news: [],
  status: 'idle',
  error: null,
  set: (patch) => set(patch),
}));

/** The period's dates as people read them: the last day included (the API's `to` is exclusive). */
export function periodLabel(from: string, to: string): string {
  const last = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `${from} – ${last}`;
}

/** A card's case opens in the drawer and on the map; a score card names its month instead. */
export function openCard(card: Card): void {
  if (card.caseId !== null && card.point !== null) focusCase({ id: card.caseId, point: card.point });
}
