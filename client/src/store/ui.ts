import { create } from 'zustand';
import type { Bbox } from '../../../contracts/geo.ts';

export type Lang = 'zh' | 'en';
export type ViewMode = '3d' | '2d';
/** What colours the buildings. */
export type ColorMetric = 'occupancy' | 'floating' | 'rented' | 'use';

/** A place the camera should go; `seq` makes a repeated request to the same place fly again. */
export type FlyTarget =
  { kind: 'bbox'; bbox: Bbox; seq: number } | { kind: 'building'; buildingId: number; seq: number };

/** A house picked from a search hit or the floor matrix: the map highlights its floor. */
export interface HouseSelection {
  buildingId: number;
  houseId: number;
  entrance: number;
  floor: number;
}

/**
 * The screen's shared state: the panels write what the user chose, the map reads it (and writes
 * picks and hovers back). Components subscribe to the slices they use.
 */
export interface UiState {
  lang: Lang;
  mode: ViewMode;
  colorMetric: ColorMetric;
  hoveredBuildingId: number | null;
  selectedBuildingId: number | null;
  selectedHouse: HouseSelection | null;
  selectedRegionCode: string | null;
  flyTarget: FlyTarget | null;
  setLang(lang: Lang): void;
  setMode(mode: ViewMode): void;
  setColorMetric(m: ColorMetric): void;
  hoverBuilding(id: number | null): void;
  /** Selecting a building clears a house selection in another building. */
  selectBuilding(id: number | null): void;
  selectHouse(h: HouseSelection | null): void;
  selectRegion(code: string | null): void;
  flyTo(target: { kind: 'bbox'; bbox: Bbox } | { kind: 'building'; buildingId: number }): void;
}

let flySeq = 0;

export const useUi = create<UiState>()((set) => ({
  lang: (localStorage.getItem('gc_lang') as Lang | null) ?? 'zh',
  mode: '3d',
  colorMetric: 'occupancy',
  hoveredBuildingId: null,
  selectedBuildingId: null,
  selectedHouse: null,
  selectedRegionCode: null,
  flyTarget: null,
  setLang: (lang) => {
    localStorage.setItem('gc_lang', lang);
    set({ lang });
  },
  setMode: (mode) => set({ mode }),
  setColorMetric: (colorMetric) => set({ colorMetric }),
  hoverBuilding: (hoveredBuildingId) => set({ hoveredBuildingId }),
  selectBuilding: (id) =>
    set((s) => ({
      selectedBuildingId: id,
      selectedHouse: s.selectedHouse && s.selectedHouse.buildingId === id ? s.selectedHouse : null,
    })),
  selectHouse: (h) =>
    set(h ? { selectedHouse: h, selectedBuildingId: h.buildingId } : { selectedHouse: null }),
  selectRegion: (selectedRegionCode) => set({ selectedRegionCode }),
  flyTo: (t) => set({ flyTarget: { ...t, seq: ++flySeq } }),
}));
