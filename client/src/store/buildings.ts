import { create } from 'zustand';
import type { BuildingCollection } from '../../../contracts/buildings.ts';

/** Every building of the caller's area with its occupancy (loaded once; a few thousand features). */
export interface BuildingsState {
  collection: BuildingCollection | null;
  /** By building id, for the map's colouring and the panels. */
  byId: Map<number, BuildingCollection['features'][number]>;
  setCollection(c: BuildingCollection): void;
}

export const useBuildings = create<BuildingsState>()((set) => ({
  collection: null,
  byId: new Map(),
  setCollection: (collection) =>
    set({ collection, byId: new Map(collection.features.map((f) => [f.id, f])) }),
}));
