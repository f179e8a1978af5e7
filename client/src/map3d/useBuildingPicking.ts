import { useEffect } from 'react';
import { useCesium } from 'resium';
import { Cartesian2, ScreenSpaceEventHandler, ScreenSpaceEventType, type Primitive } from 'cesium';
import { useUi } from '../store/ui.ts';
import { buildingIdOfPick } from './buildingsPrimitive.ts';
import { registerPicker, resolvePick } from './tiles/pickRegistry.ts';
import { useLayers } from '../layers/layersStore.ts';

/**
 * Left click selects the building under the cursor (or clears the selection on empty ground);
 * mouse move hovers. Whatever is under the cursor is resolved by the layers that registered a
 * picker (the batched primitive, our tileset, the footprints draped on an external mesh); a click
 * on an external feature with no building of ours shows that feature's properties. Picking renders
 * a pick frame, so moves are coalesced to one pick per animation frame.
 */
export function useBuildingPicking() {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const scene = viewer.scene;
    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const hit = resolvePick(scene.pick(e.position));
      useUi.getState().selectBuilding(hit?.kind === 'building' ? hit.id : null);
      useLayers.getState().setPickedFeature(hit?.kind === 'feature' ? hit : null);
    }, ScreenSpaceEventType.LEFT_CLICK);

    let pending: Cartesian2 | null = null;
    let frame = 0;
    handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
      pending = Cartesian2.clone(e.endPosition, pending ?? undefined);
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!pending || viewer.isDestroyed()) return;
        const hit = resolvePick(scene.pick(pending));
        const id = hit?.kind === 'building' ? hit.id : null;
        if (useUi.getState().hoveredBuildingId !== id) useUi.getState().hoverBuilding(id);
        scene.canvas.style.cursor = hit ? 'pointer' : '';
      });
    }, ScreenSpaceEventType.MOUSE_MOVE);

    return () => {
      cancelAnimationFrame(frame);
      handler.destroy();
      useUi.getState().hoverBuilding(null);
    };
  }, [viewer]);
}

/** The batched primitive's picker: its instance ids are building ids. */
export function usePrimitivePicker(primitive: Primitive | null) {
  useEffect(() => {
    if (!primitive) return;
    return registerPicker((picked) => {
      if (!('primitive' in picked) || picked.primitive !== primitive || !('id' in picked)) return null;
      const id = buildingIdOfPick(picked.id);
      return id === null ? null : { kind: 'building', id };
    });
  }, [primitive]);
}
