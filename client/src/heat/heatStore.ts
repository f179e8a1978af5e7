import { create } from 'zustand';
import type { CaseListItem } from '../../../contracts/cases.ts';
import type { CaseMajor, CaseSource } from '../../../contracts/cases.ts';
import type { HeatAnswer, HeatLayer } from '../../../contracts/heat.ts';
import { dayEnd, PRESET_DAYS, type HeatPreset } from './heatScale.ts';

const DAY = 86_400_000;
/** How far back the slider reaches (the rollups hold a year and more). */
export const SLIDER_DAYS = 365;

/**
 * The analyst's heat zones: which layer, which window (a preset length ending at `endMs`, or a
 * custom range), which filters; the answer for the camera's hexagon size; the hexagon clicked and
 * its cases. The panel writes, the map layers read.
 */
export interface HeatState {
  on: boolean;
  layer: HeatLayer;
  preset: HeatPreset;
  /** Window end (exclusive), a local midnight for presets; the slider moves it a day at a time. */
  endMs: number;
  /** Custom window start (preset 'custom'). */
  customFromMs: number;
  major: CaseMajor[];
  source: CaseSource[];
  redOnly: boolean;
  /** The camera's hexagon size (HeatLayer sets it from the camera height). */
  res: 7 | 8 | 9 | 10;
  playing: boolean;
  answer: HeatAnswer | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  selected: { h3: string; cases: CaseListItem[] | null; truncated: boolean } | null;
  set(patch: Partial<Omit<HeatState, 'set' | 'window'>>): void;
  /** [from, to) of the current settings (epoch ms). */
  window(): [number, number];
}

export const useHeat = create<HeatState>()((set, get) => ({
  on: false,
  layer: 'cases',
  preset: 'week',
  endMs: dayEnd(Date.now()),
  customFromMs: dayEnd(Date.now()) - 14 * DAY,
  major: [],
  source: [],
  redOnly: false,
  res: 9,
  playing: false,
  answer: null,
  status: 'idle',
  error: null,
  selected: null,
  set: (patch) => set(patch),
  window: () => {
    const s = get();
    const from = s.preset === 'custom' ? s.customFromMs : s.endMs - PRESET_DAYS[s.preset] * DAY;
    return [Math.min(from, s.endMs - 3_600_000), s.endMs];
  },
}));
