import type { HeatAnswer } from '../../../contracts/heat.ts';

/**
 * What the end-to-end tests read about the heat zones (`window.__gridcenterHeat`). The heat layer
 * writes into this one object; nothing in the app reads it.
 */
export interface GridcenterHeatHooks {
  /** The current answer's columns are built and drawn (or there is nothing to draw). */
  ready: boolean;
  /** Columns in 3D (one per hexagon with events). */
  columns: number;
  answer: HeatAnswer | null;
  /** Window CSS pixels of a point `heightM` up the hexagon's axis, null when off screen. */
  columnScreenPosition(h3: string, heightM: number): [x: number, y: number] | null;
  /** Renders the whole scene n times, each waited for; ms per frame (the benchmark's frame time). */
  frameTimes(n: number): number[];
}

declare global {
  interface Window {
    __gridcenterHeat?: GridcenterHeatHooks;
  }
}

export function updateHeatHooks(patch: Partial<GridcenterHeatHooks>): void {
  window.__gridcenterHeat = {
    ready: false,
    columns: 0,
    answer: null,
    columnScreenPosition: () => null,
    frameTimes: () => [],
    ...window.__gridcenterHeat,
    ...patch,
  };
}
