/** How one case is drawn on the map now. */
export interface CaseMarkerState {
  /** CSS hex of the marker (single markers) or of the cluster holding it. */
  color: string;
  clustered: boolean;
  supervised: boolean;
  pulsing: boolean;
}

/**
 * What the end-to-end tests read from the page (`window.__gridcenterCases`). The cases components
 * write into this one object; nothing in the app reads it.
 */
export interface GridcenterCasesHooks {
  /** The list has loaded once. */
  loaded: boolean;
  /** The markers layer exists and has drawn the current cases at least once. */
  layerReady: boolean;
  /** The case's marker as last drawn, or null when it is filtered out, hidden or unknown. */
  marker(id: number): CaseMarkerState | null;
  /** Viewport CSS pixels of the case's marker, null when off screen. */
  markerScreenPosition(id: number): [x: number, y: number] | null;
  /** Markers drawn: single cases and clusters. */
  drawn(): { singles: number; clusters: number };
  /** True while the pulse animation runs (the render loop is active only then). */
  animating: boolean;
}

declare global {
  interface Window {
    __gridcenterCases?: GridcenterCasesHooks;
  }
}

const hooks: GridcenterCasesHooks = {
  loaded: false,
  layerReady: false,
  marker: () => null,
  markerScreenPosition: () => null,
  drawn: () => ({ singles: 0, clusters: 0 }),
  animating: false,
};
window.__gridcenterCases = hooks;

export function updateCasesHooks(patch: Partial<GridcenterCasesHooks>): void {
  Object.assign(hooks, patch);
}
