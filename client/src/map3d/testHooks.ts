import type { ViewMode } from '../store/ui.ts';

/**
 * What the end-to-end tests read from the page (`window.__gridcenterMap`). The map components
 * write into this one object; nothing in the app reads it.
 */
export interface GridcenterMapHooks {
  /** Buildings primitive ready and at least one frame rendered with it. */
  ready: boolean;
  /** Viewport CSS pixels of the building's roof centre (equals canvas pixels: the map fills the window). */
  buildingScreenPosition(id: number): [x: number, y: number] | null;
  /** Camera position: [lon°, lat°, height m above the ellipsoid]. */
  cameraPosition(): [lon: number, lat: number, heightM: number] | null;
  mode: ViewMode;
  selectedBuildingId: number | null;
  /** The band of the selected house: its floor and, in a slab of several entrances, its own 单元. */
  highlightedFloor: { buildingId: number; floor: number; entrance: number; entrances: number } | null;
  /** The building's current colour as CSS hex (`#00e5ff` when selected), null before ready. */
  buildingColor(id: number): string | null;
}

declare global {
  interface Window {
    __gridcenterMap?: GridcenterMapHooks;
  }
}

const hooks: GridcenterMapHooks = {
  ready: false,
  buildingScreenPosition: () => null,
  cameraPosition: () => null,
  mode: '3d',
  selectedBuildingId: null,
  highlightedFloor: null,
  buildingColor: () => null,
};
window.__gridcenterMap = hooks;

/** Components patch the fields they own. */
export function updateMapHooks(patch: Partial<GridcenterMapHooks>): void {
  // Start-up timing: the buildings are on screen (see bench/screen.bench.ts).
  if (patch.ready && !hooks.ready && performance.getEntriesByName('gc:buildings').length === 0)
    performance.mark('gc:buildings');
  Object.assign(hooks, patch);
}
