import { useEffect } from 'react';
import { useCesium } from 'resium';
import { Color } from 'cesium';

export const BACKGROUND_COLOR = '#0b1526';

/**
 * The dark command-centre look and the cheap render path: no fog, atmosphere, sky, sun or moon;
 * FXAA only. Renders nothing.
 */
export function SceneSetup() {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const scene = viewer.scene;
    const navy = Color.fromCssColorString(BACKGROUND_COLOR);
    scene.backgroundColor = navy;
    scene.globe.baseColor = navy;
    scene.globe.showGroundAtmosphere = false;
    scene.fog.enabled = false;
    if (scene.skyAtmosphere) scene.skyAtmosphere.show = false;
    if (scene.skyBox) scene.skyBox.show = false;
    if (scene.sun) scene.sun.show = false;
    if (scene.moon) scene.moon.show = false;
    scene.postProcessStages.fxaa.enabled = true;
    // Cesium's default credit is its ion logo, a service this offline product never uses; the
    // screen's own attribution line (panels/Legend.tsx) credits Natural Earth II and the data.
    (viewer.cesiumWidget.creditContainer as HTMLElement).style.display = 'none';
    // Stay within a city: closer than a storey or farther than the region is never useful.
    scene.screenSpaceCameraController.minimumZoomDistance = 20;
    scene.screenSpaceCameraController.maximumZoomDistance = 200_000;
    // Start-up timing (read by `npm run bench -- --only screen`): the first frame the map drew.
    const first = scene.postRender.addEventListener(() => {
      first();
      performance.mark('gc:map-frame');
    });
    scene.requestRender();
    return first;
  }, [viewer]);
  return null;
}
