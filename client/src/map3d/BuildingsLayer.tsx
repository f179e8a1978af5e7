import { useEffect, useRef, useState } from 'react';
import { useCesium } from 'resium';
import { Cartesian3, SceneTransforms, type Primitive } from 'cesium';
import { useBuildings } from '../store/buildings.ts';
import { useUi } from '../store/ui.ts';
import type { Rgba } from './colorScale.ts';
import {
  BuildingPainter,
  buildingsAppearance,
  createBuildingsPrimitive,
  type BuildingFeature,
} from './buildingsPrimitive.ts';
import { centreOf } from './footprint.ts';
import { useBuildingPicking, usePrimitivePicker } from './useBuildingPicking.ts';
import { updateMapHooks } from './testHooks.ts';
import { buildingRgba, type StyleState } from './tiles/buildingStyle.ts';
import { BuildingsTileset } from './tiles/BuildingsTileset.tsx';
import { useTiles } from './tiles/tilesStore.ts';

/**
 * Built on the main thread: for the demo district (3,365 footprints) headless SwiftShader on
 * 2 cores was ready in 1.6–4.4 s synchronously vs 4.9–11.9 s through the workers, which
 * compete with the renderer for the same cores. One blocked frame at load is acceptable.
 */
const ASYNCHRONOUS = false;

interface Live {
  primitive: Primitive;
  painter: BuildingPainter;
}

/**
 * Every building in 2.5D, coloured by the chosen metric; hover, selection and the filter tint it.
 * Drawn from the server's 3D Tiles tileset; the batched primitive of the GeoJSON footprints is
 * the fallback when the tileset cannot be loaded. Renders nothing.
 */
export function BuildingsLayer() {
  const source = useTiles((s) => s.source);
  useBuildingPicking();
  useBuildingScreenPositionHook();
  return (
    <>
      <BuildingsTileset />
      {source === 'primitive' && <BuildingsPrimitiveLayer />}
    </>
  );
}

/** The fallback: every footprint extruded in one batched primitive. */
function BuildingsPrimitiveLayer() {
  const { viewer } = useCesium();
  const collection = useBuildings((s) => s.collection);
  const metric = useUi((s) => s.colorMetric);
  const hovered = useUi((s) => s.hoveredBuildingId);
  const selected = useUi((s) => s.selectedBuildingId);
  const filter = useTiles((s) => s.filter);
  const visible = useTiles((s) => s.buildingsVisible);
  const [live, setLive] = useState<Live | null>(null);
  const styleRef = useRef<StyleState>({ metric, filter, hovered, selected });
  styleRef.current = { metric, filter, hovered, selected };

  // Create / cleanup: one batched primitive per loaded collection.
  useEffect(() => {
    if (!viewer || !collection) return;
    const scene = viewer.scene;
    const features = collection.features;
    const started = performance.now();
    const primitive = createBuildingsPrimitive(features, (f) => styleOf(f, styleRef.current), ASYNCHRONOUS);
    scene.primitives.add(primitive);
    let becameReady = false;
    // Keep rendering while the workers build (requestRenderMode would otherwise sleep), then
    // mark ready after the first frame that drew the buildings.
    const stop = scene.postRender.addEventListener(() => {
      if (!primitive.ready) return scene.requestRender();
      if (!becameReady) {
        becameReady = true;
        setLive({ primitive, painter: new BuildingPainter(primitive, features) });
        return scene.requestRender();
      }
      stop();
      console.info(`[map] buildings ready in ${Math.round(performance.now() - started)} ms`);
      updateMapHooks({ ready: true });
    });
    scene.requestRender();
    return () => {
      stop();
      setLive(null);
      updateMapHooks({ ready: false, buildingColor: () => null });
      if (!viewer.isDestroyed()) scene.primitives.remove(primitive);
    };
  }, [viewer, collection]);

  // Data: recolour through per-instance attributes.
  useEffect(() => {
    // A cleanup may already have destroyed the primitive before setLive(null) lands.
    if (!viewer || !live || live.primitive.isDestroyed()) return;
    const changed = live.painter.paint((f) => styleOf(f, { metric, filter, hovered, selected }));
    const shown = live.primitive.show !== visible;
    live.primitive.show = visible;
    updateMapHooks({ selectedBuildingId: selected, buildingColor: (id) => live.painter.cssColorOf(id) });
    if (changed > 0 || shown) viewer.scene.requestRender();
  }, [viewer, live, metric, filter, hovered, selected, visible]);

  useFlatShadingIn2D(live?.primitive ?? null);
  usePrimitivePicker(live?.primitive ?? null);
  return null;
}

const styleOf = (f: BuildingFeature, s: StyleState): Rgba => buildingRgba(f.id, f.properties, s);

/**
 * In 2D Cesium projects positions but not normals, so lit roofs come out at half brightness and
 * no longer match the legend; seen from straight above, flat colours lose nothing.
 */
function useFlatShadingIn2D(primitive: Primitive | null) {
  const { viewer } = useCesium();
  const mode = useUi((s) => s.mode);
  useEffect(() => {
    if (!viewer || !primitive) return;
    primitive.appearance = buildingsAppearance(mode === '2d');
    viewer.scene.requestRender();
  }, [viewer, primitive, mode]);
}

/** Test hook: where a building's roof centre is on screen, for a real mouse click. */
function useBuildingScreenPositionHook() {
  const { viewer } = useCesium();
  const byId = useBuildings((s) => s.byId);
  useEffect(() => {
    if (!viewer) return;
    updateMapHooks({
      buildingScreenPosition: (id) => {
        const f = byId.get(id);
        const c = f && centreOf(f.geometry);
        if (!f || !c || viewer.isDestroyed()) return null;
        const top = Cartesian3.fromDegrees(c[0], c[1], f.properties.heightM);
        const p = SceneTransforms.worldToWindowCoordinates(viewer.scene, top);
        const rect = viewer.scene.canvas.getBoundingClientRect();
        if (!p || p.x < 0 || p.y < 0 || p.x > rect.width || p.y > rect.height) return null;
        return [rect.left + p.x, rect.top + p.y];
      },
    });
  }, [viewer, byId]);
}
