import { create } from 'zustand';
import type { Division } from '../../../contracts/divisions.ts';

/** The division proposal under review: the panel fills it, the map draws its cells. */
export interface DivisionsState {
  proposal: Division | null;
  setProposal(d: Division | null): void;
}

export const useDivisions = create<DivisionsState>()((set) => ({
  proposal: null,
  setProposal: (proposal) => set({ proposal }),
}));

/** A cell's colour: within ±20 % of the target green, more orange, fewer blue. */
export function cellTone(households: number, target: number): 'ok' | 'over' | 'under' {
  const r = households / target;
  return r > 1.2 ? 'over' : r < 0.8 ? 'under' : 'ok';
}

export const TONE_COLOR: Record<ReturnType<typeof cellTone>, string> = {
  ok: '#43d17a',
  over: '#ff9f43',
  under: '#4aa3ff',
};
