import { useEffect } from 'react';
import { useCesium } from 'resium';
import { SceneMode } from 'cesium';
import { useUi } from '../store/ui.ts';
import { restoreViewCentre, viewCentre } from './cameraViews.ts';
import { updateMapHooks } from './testHooks.ts';

/**
 * 2D/3D switch. The morph is instant (duration 0: a wall screen should not wait) and the camera
 * comes back over the same place; primitives (buildings, selection colours) survive it. Renders nothing.
 */
export function SceneModeController() {
  const { viewer } = useCesium();
  const mode = useUi((s) => s.mode);

  useEffect(() => {
    if (!viewer) return;
    const scene = viewer.scene;
    const want = mode === '2d' ? SceneMode.SCENE2D : SceneMode.SCENE3D;
    if (scene.mode !== want) {
      scene.camera.cancelFlight();
      const centre = viewCentre(scene);
      if (mode === '2d') scene.morphTo2D(0);
      else scene.morphTo3D(0);
      if (centre) restoreViewCentre(scene, centre);
      scene.requestRender();
    }
    updateMapHooks({ mode });
  }, [viewer, mode]);

  return null;
}
