import type { DeckViewState } from './viewState.ts';

/**
 * What the end-to-end tests read about the deck.gl overlay (`window.__gridcenterDeck`). The
 * overlay writes into this one object; nothing in the app reads it.
 */
export interface GridcenterDeckHooks {
  /** deck.gl initialised and drew at least one frame. */
  ready: boolean;
  visible: boolean;
  animating: boolean;
  /** Frames drawn so far (an idle overlay stops counting). */
  frames: number;
  /** Animation ticks (layers rebuilt for an animating contribution). */
  ticks: number;
  layerIds: string[];
  viewState: DeckViewState | null;
  /** Pickable objects on screen, as `{ layerId, object }` (whole canvas pick). */
  objectsOnScreen(): { layerId: string; object: unknown }[];
  /** Whether the overlay's animation frame is requested (false on an idle wall). */
  frameScheduled(): boolean;
  /** Canvas CSS pixels where deck.gl draws a lon/lat (null while hidden). */
  project(lon: number, lat: number): [number, number] | null;
}

declare global {
  interface Window {
    __gridcenterDeck?: GridcenterDeckHooks;
  }
}

const hooks: GridcenterDeckHooks = {
  ready: false,
  visible: false,
  animating: false,
  frames: 0,
  ticks: 0,
  layerIds: [],
  viewState: null,
  objectsOnScreen: () => [],
  frameScheduled: () => false,
  project: () => null,
};
window.__gridcenterDeck = hooks;

export function updateDeckHooks(patch: Partial<GridcenterDeckHooks>): void {
  Object.assign(hooks, patch);
}
