import { useEffect, useRef } from 'react';
import { useCesium } from 'resium';
import { useBuildings } from '../store/buildings.ts';
import { useRegions } from '../store/regions.ts';
import { useUi } from '../store/ui.ts';
import { flyToBbox, flyToSphere, FLY_DURATION_S } from './cameraViews.ts';
import { buildingSphere } from './footprint.ts';
import { updateMapHooks } from './testHooks.ts';

/** The only component that moves the camera: fly targets from the store, and the first view. Renders nothing. */
export function CameraController() {
  const { viewer } = useCesium();
  const areaBbox = useRegions((s) => s.areaBbox);
  const flyTarget = useUi((s) => s.flyTarget);
  const shownArea = useRef(false);

  // Test hook: the camera in lon/lat/height.
  useEffect(() => {
    if (!viewer) return;
    updateMapHooks({
      cameraPosition: () => {
        if (viewer.isDestroyed()) return null;
        const c = viewer.camera.positionCartographic;
        return [(c.longitude * 180) / Math.PI, (c.latitude * 180) / Math.PI, c.height];
      },
    });
  }, [viewer]);

  // First data load: jump to the area, no animation.
  useEffect(() => {
    if (!viewer || !areaBbox || shownArea.current) return;
    shownArea.current = true;
    flyToBbox(viewer.scene, areaBbox, 0);
  }, [viewer, areaBbox]);

  useEffect(() => {
    if (!viewer || !flyTarget) return;
    if (flyTarget.kind === 'bbox') {
      flyToBbox(viewer.scene, flyTarget.bbox, FLY_DURATION_S);
      return;
    }
    const f = useBuildings.getState().byId.get(flyTarget.buildingId);
    if (f) flyToSphere(viewer.scene, buildingSphere(f.geometry, f.properties.heightM), FLY_DURATION_S);
  }, [viewer, flyTarget]);

  return null;
}
