import { useEffect, useRef, useState } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian3,
  Cesium3DTileFeature,
  HeadingPitchRange,
  Math as CesiumMath,
  SceneTransforms,
  type Cesium3DTileset,
} from 'cesium';
import type { Layer } from '../../../../contracts/layers.ts';
import { useLayers } from '../../layers/layersStore.ts';
import { FootprintClassification } from './FootprintClassification.tsx';
import { loadExternalTileset } from './externalTileset.ts';
import { registerPicker } from './pickRegistry.ts';
import { updateLayerHook, updateTilesHooks } from './testHooks.ts';
import { propertiesOf } from './tilesetFeatures.ts';

/** Every switched-on external layer (photogrammetry, BIM) as a Cesium3DTileset. Renders no DOM. */
export function ExternalLayers() {
  const layers = useLayers((s) => s.layers);
  const visible = useLayers((s) => s.visible);
  useWorldToScreenHook();
  return (
    <>
      {layers
        .filter((l) => visible.has(l.id))
        .map((l) => (
          <ExternalLayer key={l.id} layer={l} />
        ))}
    </>
  );
}

function ExternalLayer({ layer }: { layer: Layer }) {
  const { viewer } = useCesium();
  const [tileset, setTileset] = useState<Cesium3DTileset | null>(null);
  const flyTo = useLayers((s) => s.flyTo);

  // Create / cleanup: only when what is loaded changes (a list refresh brings new, equal objects).
  const spec = JSON.stringify([layer.url, layer.modelMatrix, layer.heightOffsetM]);
  const layerRef = useRef(layer);
  layerRef.current = layer;
  useEffect(() => {
    if (!viewer) return;
    const layer = layerRef.current;
    let cancelled = false;
    let shown: Cesium3DTileset | null = null;
    updateLayerHook(layer.id, { status: 'loading', tilesLoaded: 0 });
    loadExternalTileset(layer).then(
      (ts) => {
        if (cancelled || viewer.isDestroyed()) return void ts.destroy();
        shown = ts;
        let loaded = 0;
        ts.tileLoad.addEventListener(() => updateLayerHook(layer.id, { tilesLoaded: ++loaded }));
        ts.tileFailed.addEventListener((e: { url: string; message: string }) =>
          console.warn(`[layers] ${layer.name}: ${e.url} ${e.message}`),
        );
        viewer.scene.primitives.add(ts);
        updateLayerHook(layer.id, { status: 'ready' });
        setTileset(ts);
        viewer.scene.requestRender();
      },
      (e: unknown) => {
        console.warn(`[layers] ${layer.name} failed to load`, e);
        updateLayerHook(layer.id, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
      setTileset(null);
      if (shown && !viewer.isDestroyed()) {
        viewer.scene.primitives.remove(shown);
        viewer.scene.requestRender();
      }
      useLayers.getState().setPickedFeature(null);
    };
  }, [viewer, spec]);

  // A click on one of its features reads the feature's own properties (the box buildings' `id`).
  useEffect(() => {
    if (!tileset) return;
    return registerPicker((picked) =>
      picked instanceof Cesium3DTileFeature && picked.tileset === tileset
        ? { kind: 'feature', layerId: layer.id, properties: propertiesOf(picked) }
        : null,
    );
  }, [tileset, layer.id]);

  // Fly there when asked (the layers panel switches a layer on with a flight, or its button).
  useEffect(() => {
    if (!viewer || !tileset || flyTo?.layerId !== layer.id) return;
    const sphere = tileset.boundingSphere;
    viewer.camera.flyToBoundingSphere(sphere, {
      offset: new HeadingPitchRange(0, CesiumMath.toRadians(-35), Math.max(sphere.radius * 2.2, 30)),
      duration: 1.2,
    });
    viewer.scene.requestRender();
  }, [viewer, tileset, flyTo, layer.id]);

  return tileset && layer.classify ? <FootprintClassification tileset={tileset} /> : null;
}

/** Test hook: where a point (degrees, metres) is on screen, for a real click on an external feature. */
function useWorldToScreenHook() {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    updateTilesHooks({
      worldToScreen: (lon, lat, heightM) => {
        if (viewer.isDestroyed()) return null;
        const p = SceneTransforms.worldToWindowCoordinates(
          viewer.scene,
          Cartesian3.fromDegrees(lon, lat, heightM),
        );
        const rect = viewer.scene.canvas.getBoundingClientRect();
        if (!p || p.x < 0 || p.y < 0 || p.x > rect.width || p.y > rect.height) return null;
        return [rect.left + p.x, rect.top + p.y];
      },
    });
  }, [viewer]);
}
