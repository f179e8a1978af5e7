import { create } from 'zustand';
import type { BuildingFilter } from './buildingStyle.ts';

/**
 * Where the building layer comes from: the server's 3D Tiles tileset, or (when the tileset cannot
 * be loaded, e.g. an older server) the batched primitive built from the GeoJSON buildings.
 */
export type BuildingsSource = 'loading' | 'tileset' | 'primitive';

export interface TilesState {
  source: BuildingsSource;
  /** The tileset version to load (`?v=`); null = whatever the server has now. */
  version: string | null;
  filter: BuildingFilter;
  /** Our own buildings on or off (e.g. hidden under a photogrammetry mesh that shows them already). */
  buildingsVisible: boolean;
  setSource(s: BuildingsSource): void;
  setVersion(v: string): void;
  setFilter(f: BuildingFilter): void;
  setBuildingsVisible(v: boolean): void;
}

export const useTiles = create<TilesState>()((set) => ({
  source: 'loading',
  version: null,
  filter: 'all',
  buildingsVisible: true,
  setSource: (source) => set({ source }),
  setVersion: (version) => set((s) => (s.version === version ? s : { version })),
  setFilter: (filter) => set({ filter }),
  setBuildingsVisible: (buildingsVisible) => set({ buildingsVisible }),
}));
