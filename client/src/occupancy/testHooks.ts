import type { OccupancyAnswer } from '../../../contracts/occupancy.ts';

/**
 * What the end-to-end tests read about the occupancy board (`window.__gridcenterOccupancy`);
 * nothing in the app reads it.
 */
export interface GridcenterOccupancyHooks {
  /** The answer the ranking chart draws, once drawn. */
  table: OccupancyAnswer | null;
  /** Window CSS pixels of the middle of the ranking chart's bar for row i, null when not drawn. */
  barPosition(i: number): [x: number, y: number] | null;
}

declare global {
  interface Window {
    __gridcenterOccupancy?: GridcenterOccupancyHooks;
  }
}

export function updateOccupancyHooks(patch: Partial<GridcenterOccupancyHooks>): void {
  window.__gridcenterOccupancy = {
    table: null,
    barPosition: () => null,
    ...window.__gridcenterOccupancy,
    ...patch,
  };
}
