import { create } from 'zustand';
import type { Area, Installation } from '../../../contracts/installation.ts';

/** What the installation is (first start? a tile server?) and what the caller's area holds. */
export interface InstallationState {
  info: Installation | null;
  area: Area | null;
  setInfo(info: Installation): void;
  setArea(area: Area | null): void;
}

export const useInstallation = create<InstallationState>()((set) => ({
  info: null,
  area: null,
  setInfo: (info) => set({ info }),
  setArea: (area) => set({ area }),
}));
