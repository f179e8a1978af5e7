/**
 * What the end-to-end tests read about grid workers (`window.__gridcenterWorkers`). The workers'
 * components write into this one object; nothing in the app reads it.
 */
export interface GridcenterWorkersHooks {
  /** Workers in the store (REST list merged with live frames). */
  listed: number;
  /** Icons in the 3D billboard collection. */
  icons3d: number;
  /** Drawn position of a worker's icon [lon°, lat°] (interpolated), null without one. */
  drawnPosition(id: number): [number, number] | null;
  /** Viewport CSS pixels of a worker's icon in 3D, null when off screen. */
  iconScreenPosition(id: number): [number, number] | null;
  /** Frames received over the socket. */
  frames: number;
  selectedId: number | null;
  playback: {
    ids: number[];
    playing: boolean;
    multiplier: number;
    /** Playback clock (epoch ms) now. */
    time(): number | null;
    /** The clock's state and the page's performance.now(), for failure messages. */
    clock(): unknown;
    /** Polylines of played paths drawn in 3D. */
    paths3d: number;
    stops: number;
  };
}

declare global {
  interface Window {
    __gridcenterWorkers?: GridcenterWorkersHooks;
  }
}

const hooks: GridcenterWorkersHooks = {
  listed: 0,
  icons3d: 0,
  drawnPosition: () => null,
  iconScreenPosition: () => null,
  frames: 0,
  selectedId: null,
  playback: {
    ids: [],
    playing: false,
    multiplier: 1,
    time: () => null,
    clock: () => null,
    paths3d: 0,
    stops: 0,
  },
};
window.__gridcenterWorkers = hooks;

export function updateWorkersHooks(patch: Partial<GridcenterWorkersHooks>): void {
  Object.assign(hooks, patch);
}

export function updatePlaybackHooks(patch: Partial<GridcenterWorkersHooks['playback']>): void {
  Object.assign(hooks.playback, patch);
}
