import { useMemo } from 'react';
import { Viewer } from 'resium';
import {
  buildModuleUrl,
  EllipsoidTerrainProvider,
  ImageryLayer,
  TileMapServiceImageryProvider,
  WebMercatorProjection,
} from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { CasesLayer } from '../cases/CasesLayer.tsx';
import { BasemapLayer } from './BasemapLayer.tsx';
import { BuildingsLayer } from './BuildingsLayer.tsx';
import { CameraController } from './CameraController.tsx';
import { DivisionLayer } from '../divisions/DivisionLayer.tsx';
import { HeatLayer } from '../heat/HeatLayer.tsx';
import { IntranetImagery } from './IntranetImagery.tsx';
import { ExternalLayers } from './tiles/ExternalLayers.tsx';
import { FloorHighlight } from './FloorHighlight.tsx';
import { RegionOutline } from './RegionOutline.tsx';
import { SceneModeController } from './SceneModeController.tsx';
import { SceneSetup } from './SceneSetup.tsx';
import { DeckOverlayLayer } from '../map2d/DeckOverlayLayer.tsx';
import { PlaybackLayer } from '../workers/PlaybackLayer.tsx';
import { WorkersLayer } from '../workers/WorkersLayer.tsx';

/** Natural Earth is only context at district scale: dimmed, greyed and let the navy globe through. */
const IMAGERY_STYLE = { brightness: 0.4, saturation: 0.2, alpha: 0.5 };

/**
 * The 3D/2D map. Offline by construction: Natural Earth II from Cesium's own assets (served by our
 * server under /cesium/), the ellipsoid as terrain, no ion, no geocoder, no online base layers.
 * Renders only on change (requestRenderMode) so an idle wall costs no CPU.
 */
export default function MapView() {
  const baseLayer = useMemo(() => {
    const layer = ImageryLayer.fromProviderAsync(
      TileMapServiceImageryProvider.fromUrl(buildModuleUrl('Assets/Textures/NaturalEarthII')),
    );
    Object.assign(layer, IMAGERY_STYLE);
    return layer;
  }, []);
  const terrainProvider = useMemo(() => new EllipsoidTerrainProvider(), []);
  // 2D in Web Mercator, the projection deck.gl draws its overlay in (map2d/).
  const mapProjection = useMemo(() => new WebMercatorProjection(), []);
  return (
    <Viewer
      full
      baseLayer={baseLayer}
      terrainProvider={terrainProvider}
      mapProjection={mapProjection}
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
    >
      <SceneSetup />
      <IntranetImagery />
      <BasemapLayer />
      <BuildingsLayer />
      <ExternalLayers />
      <FloorHighlight />
      <RegionOutline />
      <DivisionLayer />
      <HeatLayer />
      <CasesLayer />
      <SceneModeController />
      <CameraController />
      <WorkersLayer />
      <PlaybackLayer />
      <DeckOverlayLayer />
    </Viewer>
  );
}
