import { create } from 'zustand';
import type { Basemap } from '../../../contracts/basemap.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import type { RegionNode } from '../../../contracts/regions.ts';

/** The caller's region tree, the area it covers, and the basemap drawn over that area. */
export interface RegionsState {
  tree: RegionNode[];
  /** Bounding box of the caller's jurisdiction (its top region). */
  areaBbox: Bbox | null;
  basemap: Basemap | null;
  setArea(tree: RegionNode[], areaBbox: Bbox | null): void;
  setBasemap(b: Basemap): void;
}

export const useRegions = create<RegionsState>()((set) => ({
  tree: [],
  areaBbox: null,
  basemap: null,
  setArea: (tree, areaBbox) => set({ tree, areaBbox }),
  setBasemap: (basemap) => set({ basemap }),
}));
