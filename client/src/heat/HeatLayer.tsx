import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  ColorGeometryInstanceAttribute,
  Color,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
  Cartesian3,
  SceneTransforms,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
} from 'cesium';
import { cellToBoundary, cellToLatLng } from 'h3-js';
import type { HeatAnswer } from '../../../contracts/heat.ts';
import { invalidateDeckLayers, registerDeckLayers } from '../map2d/deckLayers.ts';
import { useUi } from '../store/ui.ts';
import { loadHexCases } from './heatApi.ts';
import { columnHeightM, heatColor, resolutionForHeight, UNWALKED_RGB } from './heatScale.ts';
import { useHeat } from './heatStore.ts';
import { updateHeatHooks } from './testHooks.ts';

const loadDeckLayers = () => import('./heatDeck.ts').then((m) => m.heatDeck);
const rgba = ([r, g, b]: [number, number, number], a: number) => new Color(r / 255, g / 255, b / 255, a);

interface HeatPick {
  kind: 'heat';
  h3: string;
}

/** The hexagon's outline as Cesium positions (h3-js gives [lng, lat] with geoJson = true). */
const ringOf = (h3: string) => Cartesian3.fromDegreesArray(cellToBoundary(h3, true).slice(0, -1).flat());

/** Columns over the buildings: height and colour by count; presence gaps flat on the ground. */
function columnsOf(a: HeatAnswer): Primitive | null {
  if (typeof a.res !== 'number' || (a.cells.length === 0 && !a.unwalked?.length)) return null;
  const res = a.res;
  const instances = a.cells.map(
    (c) =>
      new GeometryInstance({
        id: { kind: 'heat', h3: c.id } satisfies HeatPick,
        geometry: new PolygonGeometry({
          polygonHierarchy: new PolygonHierarchy(ringOf(c.id)),
          height: 0,
          extrudedHeight: columnHeightM(c.n, a.max, res),
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        }),
        attributes: {
          color: ColorGeometryInstanceAttribute.fromColor(rgba(heatColor(a.layer, c.n, a.max), 0.72)),
        },
      }),
  );
  for (const h of a.layer === 'presence' ? (a.unwalked ?? []) : [])
    instances.push(
      new GeometryInstance({
        geometry: new PolygonGeometry({ polygonHierarchy: new PolygonHierarchy(ringOf(h)), height: 1.5 }),
        attributes: { color: ColorGeometryInstanceAttribute.fromColor(rgba(UNWALKED_RGB, 0.2)) },
      }),
    );
  return new Primitive({
    geometryInstances: instances,
    appearance: new PerInstanceColorAppearance({ translucent: true, closed: false }),
  });
}

/**
 * Heat zones on the map (renders nothing): extruded hexagon columns in 3D, deck.gl hexagons in 2D
 * (registered here, loaded with the 2D view). The camera's height picks the hexagon size; a click
 * on a column lists its cases in the heat panel.
 */
export function HeatLayer() {
  const { viewer } = useCesium();
  const on = useHeat((s) => s.on);
  const answer = useHeat((s) => s.answer);
  const mode = useUi((s) => s.mode);

  // the benchmark's frame timer (bench/heatScreen.bench.ts): whole-scene frames, heat on or off
  useEffect(() => {
    if (!viewer) return;
    updateHeatHooks({
      frameTimes: (n) => {
        const canvas = viewer.scene.canvas;
        const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
        const pixel = new Uint8Array(4);
        const times: number[] = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          viewer.scene.render();
          // reading a pixel waits until the frame is drawn (software WebGL queues the work)
          gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
          times.push(performance.now() - t0);
        }
        return times;
      },
    });
  }, [viewer]);

  // the hexagon size follows the camera (and the deck contribution lives while heat is on)
  useEffect(() => {
    if (!viewer || !on) return;
    const camera = viewer.camera;
    const follow = () => {
      const res = resolutionForHeight(camera.positionCartographic.height);
      if (res !== useHeat.getState().res) useHeat.getState().set({ res });
    };
    follow();
    const removeMoveEnd = camera.moveEnd.addEventListener(follow);
    const unregister = registerDeckLayers('heat', loadDeckLayers);
    const handler = new ScreenSpaceEventHandler(viewer.scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const picked: unknown = viewer.scene.pick(e.position);
      const id =
        picked && typeof picked === 'object' && 'id' in picked
          ? (picked.id as HeatPick | undefined)
          : undefined;
      if (id?.kind === 'heat') void loadHexCases(id.h3).catch(() => undefined);
    }, ScreenSpaceEventType.LEFT_CLICK);
    return () => {
      removeMoveEnd();
      unregister();
      handler.destroy();
    };
  }, [viewer, on]);

  useEffect(() => {
    if (!viewer) return;
    invalidateDeckLayers();
    const primitive = on && answer && mode === '3d' ? columnsOf(answer) : null;
    if (primitive) viewer.scene.primitives.add(primitive);
    updateHeatHooks({
      columns: primitive ? (answer?.cells.length ?? 0) : 0,
      answer: on ? answer : null,
      // window pixels of a column's middle (for a click in the end-to-end test)
      columnScreenPosition: (h3, heightM) => {
        const [lat, lon] = cellToLatLng(h3);
        const xy = viewer.isDestroyed()
          ? undefined
          : SceneTransforms.worldToWindowCoordinates(viewer.scene, Cartesian3.fromDegrees(lon, lat, heightM));
        return xy ? [xy.x, xy.y] : null;
      },
    });
    viewer.scene.requestRender();
    // asynchronous geometry: draw again once the columns are built
    const removePost = primitive
      ? viewer.scene.postRender.addEventListener(() => {
          if (primitive.ready) {
            removePost?.();
            updateHeatHooks({ ready: true });
          } else viewer.scene.requestRender();
        })
      : undefined;
    if (!primitive) updateHeatHooks({ ready: on && answer !== null });
    return () => {
      removePost?.();
      updateHeatHooks({ ready: false });
      if (primitive && !viewer.isDestroyed() && !primitive.isDestroyed())
        viewer.scene.primitives.remove(primitive);
      if (!viewer.isDestroyed()) viewer.scene.requestRender();
    };
  }, [viewer, on, answer, mode]);

  return null;
}
