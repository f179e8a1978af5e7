/**
 * What the end-to-end tests read about 3D Tiles (`window.__gridcenterTiles`); nothing in the app
 * reads it. The building hooks the screen tests use stay in `map3d/testHooks.ts`.
 */
export interface GridcenterTilesHooks {
  /** 'tileset' once our buildings tileset drew its first tiles; 'primitive' on the fallback. */
  source: 'loading' | 'tileset' | 'primitive';
  /** asset.tilesetVersion of the loaded buildings tileset. */
  version: string | null;
  /** Building features currently loaded from our tileset (all levels of detail). */
  loadedFeatures(): number;
  /** Per external layer id: its tileset loaded ('ready'), failed, or still loading; tiles loaded so far. */
  layers: Record<number, { status: 'loading' | 'ready' | 'failed'; tilesLoaded: number; error?: string }>;
  /** Properties of the external feature last clicked (no footprint under it), or null. */
  pickedFeature: { layerId: number; properties: Record<string, unknown> } | null;
  /** Window CSS pixels of a point (degrees, metres above the ellipsoid), or null off screen. */
  worldToScreen(lon: number, lat: number, heightM: number): [x: number, y: number] | null;
}

declare global {
  interface Window {
    __gridcenterTiles?: GridcenterTilesHooks;
  }
}

const hooks: GridcenterTilesHooks = {
  source: 'loading',
  version: null,
  loadedFeatures: () => 0,
  layers: {},
  pickedFeature: null,
  worldToScreen: () => null,
};
window.__gridcenterTiles = hooks;

export function updateTilesHooks(patch: Partial<GridcenterTilesHooks>): void {
  Object.assign(hooks, patch);
}

export function updateLayerHook(id: number, patch: Partial<GridcenterTilesHooks['layers'][number]>): void {
  hooks.layers[id] = { status: 'loading', tilesLoaded: 0, ...hooks.layers[id], ...patch };
}
