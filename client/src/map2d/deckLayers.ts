import { create } from 'zustand';
import type { Layer, PickingInfo } from '@deck.gl/core';

/**
 * What a feature draws in the 2D view with deck.gl. Deck layers are cheap descriptions rebuilt
 * from the feature's immutable data on every draw (deck.gl diffs them by id): `layers()` reads
 * the feature's store and returns fresh layers with fixed ids, `updateTriggers` for accessors
 * whose inputs change, and `visible: false` rather than leaving a layer out.
 */
export interface DeckContribution {
  layers(): (Layer | null | false)[];
  /** A click in 2D landed on an object of one of this contribution's layers. */
  onClick?(info: PickingInfo): void;
}

/** Loads the contribution's module: features keep deck.gl code in their own lazily loaded chunk. */
export type DeckContributionLoader = () => Promise<DeckContribution>;

interface DeckLayersState {
  /** Fixed feature id → loader. Layers of a contribution should have ids starting with `<id>:`. */
  loaders: Record<string, DeckContributionLoader>;
  /** Features whose layers change every frame (interpolation, playback); deck draws continuously. */
  animating: Record<string, true>;
  /** Bumped when a feature's data changed: the overlay rebuilds its layers and draws once. */
  revision: number;
}

/**
 * The registry of deck.gl contributions, keyed by fixed id. This module imports no deck.gl code at
 * run time (types only), so features can register from the main chunk; the overlay loads deck.gl
 * and the contributions' modules only once the 2D view is shown.
 */
export const useDeckLayers = create<DeckLayersState>()(() => ({ loaders: {}, animating: {}, revision: 0 }));

/** Adds (or replaces) a feature's contribution; returns its removal. */
export function registerDeckLayers(id: string, loader: DeckContributionLoader): () => void {
  useDeckLayers.setState((s) => ({ loaders: { ...s.loaders, [id]: loader }, revision: s.revision + 1 }));
  return () =>
    useDeckLayers.setState((s) => {
      if (s.loaders[id] !== loader) return s;
      const loaders = { ...s.loaders };
      delete loaders[id];
      const animating = { ...s.animating };
      delete animating[id];
      return { loaders, animating, revision: s.revision + 1 };
    });
}

/** A feature's data changed: rebuild the layers and draw one frame (no-op cost while 3D). */
export function invalidateDeckLayers(): void {
  useDeckLayers.setState((s) => ({ revision: s.revision + 1 }));
}

/** While on, the overlay rebuilds and draws every animation frame; off, it goes back to idle. */
export function setDeckAnimating(id: string, on: boolean): void {
  const s = useDeckLayers.getState();
  if (Boolean(s.animating[id]) === on) return;
  const animating = { ...s.animating };
  if (on) animating[id] = true;
  else delete animating[id];
  useDeckLayers.setState({ animating });
}
