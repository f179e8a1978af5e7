import type { BuildingProps } from '../../../../contracts/buildings.ts';
import type { ColorMetric } from '../../store/ui.ts';
import { colorFor, hexToRgba, SELECTED_COLOR, tint, type Rgba } from '../colorScale.ts';

/** What a building's colour depends on: the metric's inputs and the filters' counts. */
export type StyleProps = Pick<
  BuildingProps,
  'use' | 'houses' | 'residents' | 'floating' | 'rented' | 'vacant' | 'elderlyAlone'
>;

/** Which buildings stand out; the others are drawn dark so the matching ones read from across the room. */
export const BUILDING_FILTERS = ['all', 'elderlyAlone', 'floating', 'rented', 'vacant'] as const;
export type BuildingFilter = (typeof BUILDING_FILTERS)[number];

const MATCHES: Record<BuildingFilter, (p: StyleProps) => boolean> = {
  all: () => true,
  // 独居老人: at least one resident tagged elderly_alone.
  elderlyAlone: (p) => p.elderlyAlone > 0,
  floating: (p) => p.floating > 0,
  rented: (p) => p.rented > 0,
  vacant: (p) => p.vacant > 0,
};

export const matchesFilter = (filter: BuildingFilter, p: StyleProps): boolean => MATCHES[filter](p);

/**
 * Filtered-out buildings: opaque and just above the navy ground. Opaque rather than translucent so
 * the batched primitive (opaque appearance) and the tileset look the same and nothing needs sorting.
 */
export const FILTERED_OUT_COLOR = '#243247';

export interface StyleState {
  metric: ColorMetric;
  filter: BuildingFilter;
  hovered: number | null;
  selected: number | null;
}

const SELECTED = hexToRgba(SELECTED_COLOR);
const FILTERED_OUT = hexToRgba(FILTERED_OUT_COLOR);

/** One building's colour: selection wins, then the filter, then the metric (tinted when hovered). */
export function buildingRgba(id: number, p: StyleProps, s: StyleState): Rgba {
  if (id === s.selected) return SELECTED;
  const base = matchesFilter(s.filter, p) ? colorFor(s.metric, p) : FILTERED_OUT;
  return id === s.hovered ? tint(base) : base;
}

/** `#rrggbb` of a colour (alpha ignored: every building colour is opaque). */
export function rgbaToHex([r, g, b]: Rgba): string {
  return (
    '#' +
    [r, g, b]
      .map((v) =>
        Math.round(v * 255)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}
