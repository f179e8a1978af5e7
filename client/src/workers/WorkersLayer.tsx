import { useEffect, useState } from 'react';
import { useCesium } from 'resium';
import { SceneTransforms, ScreenSpaceEventHandler, ScreenSpaceEventType } from 'cesium';
import { invalidateDeckLayers, registerDeckLayers, setDeckAnimating } from '../map2d/deckLayers.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { usePlayback } from './playbackStore.ts';
import { updateWorkersHooks } from './testHooks.ts';
import { WorkerBillboards } from './workerBillboards.ts';
import { motion, useWorkers } from './workersStore.ts';

const loadDeckLayers = () => import('./workersDeck.ts').then((m) => m.workersDeck);

/**
 * Live grid workers on the map: billboards in 3D, deck.gl layers in 2D (registered here, loaded
 * with the 2D view). Icons glide between ticks in one animation loop that runs only while some
 * icon is still moving; a click on an icon opens the worker's card. Renders nothing.
 */
export function WorkersLayer() {
  const { viewer } = useCesium();
  const allowed = useSession((s) => can(s.me, 'workers.read'));
  const [icons, setIcons] = useState<WorkerBillboards | null>(null);

  useEffect(() => {
    if (!viewer || !allowed) return;
    const b = new WorkerBillboards(viewer.scene);
    setIcons(b);
    const unregister = registerDeckLayers('workers', loadDeckLayers);
    return () => {
      unregister();
      setIcons(null);
      b.destroy();
      viewer.scene.requestRender();
    };
  }, [viewer, allowed]);

  useEffect(() => {
    if (!viewer || !icons) return;
    const scene = viewer.scene;
    let frame = 0;
    // One loop for both views: 3D moves billboards, 2D has deck rebuild its layers each frame.
    const draw = () => {
      frame = 0;
      const now = performance.now();
      const ws = useWorkers.getState();
      const in3d = useUi.getState().mode === '3d';
      const playing = usePlayback.getState().tracks.length > 0;
      icons.setShown(ws.shown && in3d && !playing);
      const changed = icons.sync(ws.byId, ws.selectedId, motion, now);
      if (changed || in3d) scene.requestRender();
      const moving = motion.moving(now);
      setDeckAnimating('workers', moving && !in3d);
      if (!in3d) invalidateDeckLayers();
      updateWorkersHooks({ icons3d: icons.count(), listed: ws.byId.size, selectedId: ws.selectedId });
      if (moving) frame = requestAnimationFrame(draw);
    };
    const kick = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    kick();
    const offWorkers = useWorkers.subscribe(kick);
    const offUi = useUi.subscribe((s, p) => s.mode !== p.mode && kick());
    const offPlayback = usePlayback.subscribe((s, p) => s.tracks !== p.tracks && kick());
    updateWorkersHooks({
      drawnPosition: (id) => motion.at(id, performance.now()),
      iconScreenPosition: (id) => {
        const p = icons.positionOf(id);
        const xy = p && !scene.isDestroyed() ? SceneTransforms.worldToWindowCoordinates(scene, p) : undefined;
        const rect = scene.canvas.getBoundingClientRect();
        if (!xy || xy.x < 0 || xy.y < 0 || xy.x > rect.width || xy.y > rect.height) return null;
        return [rect.left + xy.x, rect.top + xy.y];
      },
    });
    return () => {
      cancelAnimationFrame(frame);
      offWorkers();
      offUi();
      offPlayback();
      setDeckAnimating('workers', false);
    };
  }, [viewer, icons]);

  useIconPicking(icons);
  return null;
}

/** A click on a worker's icon in 3D opens the card (2D clicks come through the deck overlay). */
function useIconPicking(icons: WorkerBillboards | null) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer || !icons) return;
    const scene = viewer.scene;
    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      if (useUi.getState().mode !== '3d') return;
      const picked: unknown = scene.pick(e.position);
      const id = workerIdOf(picked);
      if (id !== null) useWorkers.getState().select(id);
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => handler.destroy();
  }, [viewer, icons]);
}

function workerIdOf(picked: unknown): number | null {
  if (!picked || typeof picked !== 'object' || !('id' in picked)) return null;
  const id: unknown = picked.id;
  if (!id || typeof id !== 'object' || !('workerId' in id)) return null;
  return typeof id.workerId === 'number' ? id.workerId : null;
}
