import type { BuildingProps, BuildingUse } from '../../../contracts/buildings.ts';
import type { ColorMetric } from '../store/ui.ts';

/** Linear RGBA in 0–1, as Cesium's Color takes it. */
export type Rgba = [r: number, g: number, b: number, a: number];

/**
 * One legend row. `labelKey` is an i18n key; `range` (numeric metrics) is the bin's
 * [min, max) in the metric's unit (residents per house, or a share 0–1); max null = open.
 */
export interface LegendItem {
  labelKey: string;
  color: string;
  range?: [min: number, max: number | null];
}

type Props = Pick<BuildingProps, 'use' | 'houses' | 'residents' | 'floating' | 'rented'>;

/** Buildings without houses (shops, schools) have no occupancy figure. */
export const NO_DATA_COLOR = '#5c6b7f';
/** Selection and hover, shared with the panels so the list and the map agree. */
export const SELECTED_COLOR = '#00e5ff';
export const FLOOR_HIGHLIGHT_COLOR = '#ff9100';
/** Share of white mixed into a hovered building's colour. */
export const HOVER_TINT = 0.4;

/** Low → high: blue, green, amber, red; readable on the dark navy basemap. */
const RAMP = ['#3d6fb6', '#4caf7d', '#f2c14e', '#e4572e'] as const;

interface NumericScale {
  /** Upper bounds of the first three bins (the fourth is open). */
  breaks: [number, number, number];
  value(p: Props): number | null;
}

const NUMERIC: Record<Exclude<ColorMetric, 'use'>, NumericScale> = {
  // Residents per house; the demo district's median is ~2.5.
  occupancy: {
    breaks: [1.5, 2.5, 3.5],
    value: (p) => (p.houses > 0 ? p.residents / p.houses : null),
  },
  // Share of residents registered elsewhere (流动人口).
  floating: {
    breaks: [0.1, 0.25, 0.5],
    value: (p) => (p.residents > 0 ? p.floating / p.residents : null),
  },
  // Share of houses let to tenants.
  rented: {
    breaks: [0.1, 0.25, 0.4],
    value: (p) => (p.houses > 0 ? p.rented / p.houses : null),
  },
};

export const USE_COLORS: Record<BuildingUse, string> = {
  residential: '#5b8fd6',
  commercial: '#f2a541',
  office: '#9b7fe0',
  school: '#4caf7d',
  hospital: '#e4572e',
  market: '#d97bb6',
  mixed: '#a3b86c',
  industrial: '#8d6e63',
  public: '#c4ccd6',
  other: NO_DATA_COLOR,
};

/** `#rrggbb` → linear 0–1 RGBA (opaque). */
export function hexToRgba(hex: string): Rgba {
  const n = parseInt(hex.slice(1, 7), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, 1];
}

/** The bin colour (CSS hex) of a building for a metric. */
export function cssColorFor(metric: ColorMetric, p: Props): string {
  if (metric === 'use') return USE_COLORS[p.use];
  const scale = NUMERIC[metric];
  const v = scale.value(p);
  if (v === null) return NO_DATA_COLOR;
  const bin = scale.breaks.findIndex((b) => v < b);
  return RAMP[bin === -1 ? 3 : bin] ?? NO_DATA_COLOR;
}

export function colorFor(metric: ColorMetric, p: Props): Rgba {
  return hexToRgba(cssColorFor(metric, p));
}

/** Mixes white into a colour (hover). */
export function tint([r, g, b, a]: Rgba, amount = HOVER_TINT): Rgba {
  return [r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount, a];
}

export function legendFor(metric: ColorMetric): LegendItem[] {
  if (metric === 'use') {
    return (Object.keys(USE_COLORS) as BuildingUse[]).map((use) => ({
      labelKey: `use.${use}`,
      color: USE_COLORS[use],
    }));
  }
  const [b0, b1, b2] = NUMERIC[metric].breaks;
  const bounds: [number, number | null][] = [
    [0, b0],
    [b0, b1],
    [b1, b2],
    [b2, null],
  ];
  return [
    ...bounds.map((range, i) => ({ labelKey: `legend.${metric}.${i}`, color: RAMP[i]!, range })),
    { labelKey: 'legend.noData', color: NO_DATA_COLOR },
  ];
}
