import { create } from 'zustand';
import type { Layer } from '../../../contracts/layers.ts';

export interface PickedFeature {
  layerId: number;
  properties: Record<string, unknown>;
}

/**
 * The external 3D layers this screen may show (from GET /api/layers) and which of them are on.
 * Visibility is per screen (a wall shows what its operator switched on), kept for the tab's life.
 */
export interface LayersState {
  layers: Layer[];
  visible: Set<number>;
  /** The external feature last clicked where no building of ours lies under it. */
  pickedFeature: PickedFeature | null;
  /** Bumped to make the map fly to a layer again. */
  flyTo: { layerId: number; seq: number } | null;
  setLayers(layers: Layer[]): void;
  setVisible(id: number, on: boolean): void;
  setPickedFeature(f: PickedFeature | null): void;
  flyToLayer(id: number): void;
}

let seq = 0;

export const useLayers = create<LayersState>()((set) => ({
  layers: [],
  visible: new Set(),
  pickedFeature: null,
  flyTo: null,
  setLayers: (layers) =>
    set((s) => ({
      layers,
      // Drop switched-on ids of layers that were removed.
      visible: new Set([...s.visible].filter((id) => layers.some((l) => l.id === id))),
    })),
  setVisible: (id, on) =>
    set((s) => {
      const visible = new Set(s.visible);
      if (on) visible.add(id);
      else visible.delete(id);
      return { visible };
    }),
  setPickedFeature: (pickedFeature) => set({ pickedFeature }),
  flyToLayer: (layerId) => set({ flyTo: { layerId, seq: ++seq } }),
}));
