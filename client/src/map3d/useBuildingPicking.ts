import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian2,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Primitive,
  type Scene,
} from 'cesium';
import { useUi } from '../store/ui.ts';
import { buildingIdOfPick } from './buildingsPrimitive.ts';

/**
 * Left click selects the building under the cursor (or clears the selection on empty ground);
 * mouse move hovers. Picking renders a pick frame, so moves are coalesced to one pick per
 * animation frame.
 */
export function useBuildingPicking(primitive: Primitive | null) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer || !primitive) return;
    const scene = viewer.scene;
    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      useUi.getState().selectBuilding(pickBuilding(scene, primitive, e.position));
    }, ScreenSpaceEventType.LEFT_CLICK);

    let pending: Cartesian2 | null = null;
    let frame = 0;
    handler.setInputAction((e: ScreenSpaceEventHandler.MotionEvent) => {
      pending = Cartesian2.clone(e.endPosition, pending ?? undefined);
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (!pending || viewer.isDestroyed()) return;
        const id = pickBuilding(scene, primitive, pending);
        if (useUi.getState().hoveredBuildingId !== id) useUi.getState().hoverBuilding(id);
        scene.canvas.style.cursor = id === null ? '' : 'pointer';
      });
    }, ScreenSpaceEventType.MOUSE_MOVE);

    return () => {
      cancelAnimationFrame(frame);
      handler.destroy();
      useUi.getState().hoverBuilding(null);
    };
  }, [viewer, primitive]);
}

function pickBuilding(scene: Scene, primitive: Primitive, position: Cartesian2): number | null {
  const picked: unknown = scene.pick(position);
  if (!picked || typeof picked !== 'object' || !('primitive' in picked) || picked.primitive !== primitive)
    return null;
  return 'id' in picked ? buildingIdOfPick(picked.id) : null;
}
