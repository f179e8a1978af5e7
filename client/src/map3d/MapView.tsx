import { useMemo } from 'react';
import { Viewer } from 'resium';
import {
  buildModuleUrl,
  EllipsoidTerrainProvider,
  ImageryLayer,
  TileMapServiceImageryProvider,
} from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';

/**
 * The 3D/2D map. Offline by construction: Natural Earth II from Cesium's own assets (served by our
 * server under /cesium/), the ellipsoid as terrain, no ion, no geocoder, no online base layers.
 * Renders only on change (requestRenderMode) so an idle wall costs no CPU.
 */
export default function MapView() {
  const baseLayer = useMemo(
    () =>
      ImageryLayer.fromProviderAsync(
        TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
      ),
    [],
  );
  const terrainProvider = useMemo(() => new EllipsoidTerrainProvider(), []);
  return (
    <Viewer
      full
      baseLayer={baseLayer}
      terrainProvider={terrainProvider}
      baseLayerPicker={false}
      geocoder={false}
      homeButton={false}
      sceneModePicker={false}
      navigationHelpButton={false}
      animation={false}
      timeline={false}
      fullscreenButton={false}
      infoBox={false}
      selectionIndicator={false}
      requestRenderMode
      maximumRenderTimeChange={Infinity}
    />
  );
}
