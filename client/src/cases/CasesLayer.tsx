import { useEffect, useState } from 'react';
import { useCesium } from 'resium';
import { Cartesian2, Cartesian3, SceneTransforms, type Scene } from 'cesium';
import { can, useSession } from '../store/session.ts';
import { CaseMarkers } from './caseMarkers.ts';
import { filterCases, serverNowMs, useCases, type CasesState } from './casesStore.ts';
import { updateCasesHooks } from './testHooks.ts';
import { useCasePicking } from './useCasePicking.ts';
import { remScale } from '../map3d/remScale.ts';

/** Web-mercator zoom (256 px tiles) of the view centre, from the ground distance one CSS pixel covers. */
export function viewZoom(scene: Scene, scale: number): number {
  const w = scene.canvas.clientWidth;
  const h = scene.canvas.clientHeight;
  const a = scene.camera.pickEllipsoid(new Cartesian2(w / 2 - 50, h / 2));
  const b = scene.camera.pickEllipsoid(new Cartesian2(w / 2 + 50, h / 2));
  if (!a || !b) return 0; // looking past the horizon: cluster everything
  const metresPerPx = (Cartesian3.distance(a, b) / 100) * scale;
  const lat = scene.globe.ellipsoid.cartesianToCartographic(a).latitude;
  return Math.log2((156_543.03 * Math.cos(lat)) / Math.max(metresPerPx, 0.01));
}

const dataOf = (s: CasesState) => ({
  cases: filterCases(s.byId, s.lights, s.filters, serverNowMs(s.offsetMs)),
  lights: s.lights,
  fresh: new Set(s.freshUntil.keys()),
});

/**
 * Case markers coloured by indicator light, clustered when zoomed out, supervised ringed in
 * purple, new ones pulsing. Reads the store imperatively; the render loop runs only while a pulse
 * is on (requestRenderMode stays idle otherwise). Renders nothing.
 */
export function CasesLayer() {
  const me = useSession((s) => s.me);
  return can(me, 'cases.read') ? <CaseMarkersLayer /> : null;
}

function CaseMarkersLayer() {
  const { viewer } = useCesium();
  const [markers, setMarkers] = useState<CaseMarkers | null>(null);

  // Create / cleanup.
  useEffect(() => {
    if (!viewer) return;
    const scene = viewer.scene;
    const m = new CaseMarkers(scene, remScale());
    // The scale is read at every draw: a window resized to a wall (or back) resizes the markers.
    const redraw = () => {
      const scale = remScale();
      m.draw(viewZoom(scene, scale), scale);
      scene.requestRender();
    };
    const stopMove = scene.camera.moveEnd.addEventListener(redraw);
    const stopChange = scene.camera.changed.addEventListener(redraw);
    setMarkers(m);
    updateCasesHooks({
      marker: (id) => m.markerOf(id),
      drawn: () => m.drawnCounts(),
      markerScreenPosition: (id) => {
        const c = m.caseAt(id);
        if (!c || viewer.isDestroyed()) return null;
        const p = SceneTransforms.worldToWindowCoordinates(
          scene,
          Cartesian3.fromDegrees(c.point[0], c.point[1], 2),
        );
        const rect = scene.canvas.getBoundingClientRect();
        if (!p || p.x < 0 || p.y < 0 || p.x > rect.width || p.y > rect.height) return null;
        return [rect.left + p.x, rect.top + p.y];
      },
    });
    return () => {
      stopMove();
      stopChange();
      m.destroy();
      setMarkers(null);
      updateCasesHooks({ layerReady: false, marker: () => null, drawn: () => ({ singles: 0, clusters: 0 }) });
    };
  }, [viewer]);

  // Data: cases, lights, filters, pulses and the layer toggle.
  useEffect(() => {
    if (!viewer || !markers) return;
    const scene = viewer.scene;
    let frame = 0;
    const loop = () => {
      frame = 0;
      if (viewer.isDestroyed()) return;
      const more = markers.animate(performance.now());
      scene.requestRender();
      updateCasesHooks({ animating: more });
      if (more) frame = requestAnimationFrame(loop);
    };
    const apply = (s: CasesState) => {
      markers.setData(dataOf(s));
      markers.setShown(s.visible);
      const scale = remScale();
      markers.draw(viewZoom(scene, scale), scale);
      updateCasesHooks({ layerReady: s.loaded });
      scene.requestRender();
      if (!frame && s.visible) loop();
    };
    apply(useCases.getState());
    const unsubscribe = useCases.subscribe((s, prev) => {
      if (
        s.byId !== prev.byId ||
        s.lights !== prev.lights ||
        s.filters !== prev.filters ||
        s.freshUntil !== prev.freshUntil ||
        s.visible !== prev.visible ||
        s.loaded !== prev.loaded
      )
        apply(s);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [viewer, markers]);

  // The intake form's picked place.
  useEffect(() => {
    if (!viewer || !markers) return;
    const show = (p: CasesState['picked']) => {
      markers.setDraft(p?.point ?? null);
      viewer.scene.requestRender();
    };
    show(useCases.getState().picked);
    return useCases.subscribe((s, prev) => {
      if (s.picked !== prev.picked) show(s.picked);
    });
  }, [viewer, markers]);

  useCasePicking(markers);
  return null;
}
