import type { HeatLayer } from '../../../contracts/heat.ts';

/** H3 resolution for the camera's height (m): 7 over a city, 10 over a few streets. */
export function resolutionForHeight(heightM: number): 7 | 8 | 9 | 10 {
  if (heightM > 30_000) return 7;
  if (heightM > 9_000) return 8;
  if (heightM > 1_500) return 9;
  return 10;
}

type Rgb = [number, number, number];
/** Cases: dark blue → amber → red (what the wall's legend reads as cold → hot). */
const CASES_RAMP: Rgb[] = [
  [38, 70, 140],
  [56, 160, 200],
  [250, 200, 70],
  [245, 110, 50],
  [220, 40, 50],
];
/** Presence: pale → saturated green (walked); unwalked cells are drawn apart in grey-red. */
const PRESENCE_RAMP: Rgb[] = [
  [30, 80, 60],
  [40, 140, 90],
  [70, 200, 120],
  [160, 240, 150],
];
export const UNWALKED_RGB: Rgb = [200, 70, 70];

/**
 * The colour of a cell holding n of at most max: a square-root scale, so one hot spot does not wash
 * out every other cell; 0 < n always gets at least the ramp's first colour.
 */
export function heatColor(layer: HeatLayer, n: number, max: number): Rgb {
  const ramp = layer === 'cases' ? CASES_RAMP : PRESENCE_RAMP;
  const x = max > 0 ? Math.sqrt(Math.min(n, max) / max) : 0;
  const pos = x * (ramp.length - 1);
  const i = Math.min(Math.floor(pos), ramp.length - 2);
  const f = pos - i;
  const a = ramp[i]!;
  const b = ramp[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as Rgb;
}

/** Column height (m) for n of max at a resolution: about 1.5× the hexagon's width at the top, so columns stay readable over the buildings. */
export function columnHeightM(n: number, max: number, res: number): number {
  const top = { 7: 1800, 8: 700, 9: 280, 10: 110 }[res] ?? 280;
  return max > 0 ? Math.max(top * 0.04, top * Math.sqrt(n / max)) : 0;
}

const DAY = 86_400_000;
export type HeatPreset = 'day' | 'week' | 'month' | 'custom';
export const PRESET_DAYS: Record<Exclude<HeatPreset, 'custom'>, number> = { day: 1, week: 7, month: 30 };

/** The next local midnight after t (UTC offset minutes): windows end on whole days, as the rollups keep them. */
export function dayEnd(t: number, offsetMin = 480): number {
  const off = offsetMin * 60_000;
  return Math.ceil((t + off) / DAY) * DAY - off;
}
