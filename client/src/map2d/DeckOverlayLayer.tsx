import { useEffect, useState } from 'react';
import { useCesium } from 'resium';
import { ScreenSpaceEventHandler, ScreenSpaceEventType } from 'cesium';
import { useUi } from '../store/ui.ts';
import { useDeckLayers, type DeckContribution, type DeckContributionLoader } from './deckLayers.ts';
import type { DeckOverlay } from './deckOverlay.ts';

/** One load per contribution module, shared by every overlay instance. */
const loaded = new WeakMap<DeckContributionLoader, Promise<DeckContribution>>();
const load = (l: DeckContributionLoader) => {
  let p = loaded.get(l);
  if (!p) loaded.set(l, (p = l()));
  return p;
};

/**
 * The deck.gl overlay of the 2D view. deck.gl and the features' deck layers are loaded the first
 * time 2D is shown (their own chunks); afterwards the overlay stays and is only hidden in 3D.
 * Renders nothing.
 */
export function DeckOverlayLayer() {
  const { viewer } = useCesium();
  const mode = useUi((s) => s.mode);
  const [overlay, setOverlay] = useState<DeckOverlay | null>(null);
  const wanted = mode === '2d';

  // Created once 2D is first wanted; destroyed when the map goes.
  useEffect(() => {
    if (!viewer || !wanted || overlay) return;
    let cancelled = false;
    void import('./deckOverlay.ts').then(({ DeckOverlay }) => {
      if (!cancelled && !viewer.isDestroyed()) setOverlay(new DeckOverlay(viewer.scene));
    });
    return () => {
      cancelled = true;
    };
  }, [viewer, wanted, overlay]);

  useEffect(() => () => overlay?.destroy(), [overlay]);

  useEffect(() => {
    overlay?.setVisible(wanted);
    if (wanted) viewer?.scene.requestRender();
  }, [overlay, wanted, viewer]);

  // Registry → overlay, imperatively (no React render per data change).
  useEffect(() => {
    if (!overlay) return;
    let generation = 0;
    const apply = (s: ReturnType<typeof useDeckLayers.getState>, prev?: typeof s) => {
      if (!prev || s.loaders !== prev.loaders) {
        const mine = ++generation;
        const entries = Object.entries(s.loaders);
        void Promise.all(entries.map(([, l]) => load(l))).then((cs) => {
          if (mine === generation) overlay.setContributions(entries.map(([id], k) => [id, cs[k]!] as const));
        });
      } else if (s.revision !== prev.revision) overlay.redraw();
      overlay.setAnimating(Object.keys(s.animating).length > 0);
    };
    apply(useDeckLayers.getState());
    return useDeckLayers.subscribe(apply);
  }, [overlay]);

  // Clicks stay Cesium's; in 2D a click on a deck object goes to the contribution that drew it.
  useEffect(() => {
    if (!viewer || !overlay) return;
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      overlay.pick(e.position.x, e.position.y);
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => handler.destroy();
  }, [viewer, overlay]);

  return null;
}
