import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Credit,
  ImageryLayer,
  UrlTemplateImageryProvider,
  WebMapTileServiceImageryProvider,
  WebMercatorTilingScheme,
} from 'cesium';
import type { BasemapSource } from '../../../contracts/installation.ts';
import { useInstallation } from '../installation/installationStore.ts';

/** Roads and labels from the customer's tile server sit over Natural Earth, a little dimmed for the data on top. */
const STYLE = { brightness: 0.75, saturation: 0.6, alpha: 0.95 };

function providerOf(b: BasemapSource) {
  const credit = b.attribution ? new Credit(b.attribution) : undefined;
  if (b.kind === 'wmts')
    return new WebMapTileServiceImageryProvider({
      url: b.url,
      layer: b.layer ?? '',
      style: b.style ?? 'default',
      tileMatrixSetID: b.tileMatrixSetID ?? 'GoogleMapsCompatible',
      tilingScheme: new WebMercatorTilingScheme(),
      ...(b.maximumLevel !== undefined ? { maximumLevel: b.maximumLevel } : {}),
      ...(credit ? { credit } : {}),
    });
  return new UrlTemplateImageryProvider({
    url: b.url,
    tilingScheme: new WebMercatorTilingScheme(),
    maximumLevel: b.maximumLevel ?? 19,
    ...(credit ? { credit } : {}),
  });
}

/**
 * The intranet XYZ/WMTS tile server the customer configured (BASEMAP_URL); nothing without one.
 * The server's Content-Security-Policy lets exactly that origin in. Renders nothing.
 */
export function IntranetImagery() {
  const { viewer } = useCesium();
  const source = useInstallation((s) => s.info?.basemap ?? null);
  useEffect(() => {
    if (!viewer || !source) return;
    const layer = new ImageryLayer(providerOf(source), STYLE);
    viewer.imageryLayers.add(layer);
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      viewer.imageryLayers.remove(layer, true);
      viewer.scene.requestRender();
    };
  }, [viewer, source]);
  return null;
}
