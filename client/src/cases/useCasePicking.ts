import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Cartographic,
  Math as CesiumMath,
  ScreenSpaceEventHandler,
  ScreenSpaceEventType,
  type Cartesian2,
  type Cartesian3,
  type Scene,
} from 'cesium';
import type { Bbox } from '../../../contracts/geo.ts';
import { buildingIdOfPick } from '../map3d/buildingsPrimitive.ts';
import { useUi } from '../store/ui.ts';
import type { CaseMarkers, MarkerPick } from './caseMarkers.ts';
import { useCases } from './casesStore.ts';

/**
 * A click on a case marker opens its drawer; on a cluster it zooms to where the cluster splits.
 * While the intake form is picking a place, a click sets the place instead (the roof or ground
 * under the cursor, and the building if one was hit).
 */
export function useCasePicking(markers: CaseMarkers | null) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer || !markers) return;
    const scene = viewer.scene;
    const handler = new ScreenSpaceEventHandler(scene.canvas);
    handler.setInputAction((e: ScreenSpaceEventHandler.PositionedEvent) => {
      const cases = useCases.getState();
      const picked: unknown = scene.pick(e.position);
      if (cases.picking) {
        const point = groundPoint(scene, e.position);
        if (point) cases.setPicked({ point, buildingId: buildingOf(picked), label: null });
        return;
      }
      if (
        !picked ||
        typeof picked !== 'object' ||
        !('primitive' in picked) ||
        !markers.owns(picked.primitive)
      )
        return;
      const id = (picked as unknown as { id: MarkerPick }).id;
      if (id.kind === 'case') cases.select(id.caseId);
      else useUi.getState().flyTo({ kind: 'bbox', bbox: bboxAtZoom(id.point, id.expansionZoom, scene) });
    }, ScreenSpaceEventType.LEFT_CLICK);
    // A crosshair says "click the map" while picking.
    const unsubscribe = useCases.subscribe((s, prev) => {
      if (s.picking !== prev.picking) scene.canvas.style.cursor = s.picking ? 'crosshair' : '';
    });
    return () => {
      unsubscribe();
      handler.destroy();
    };
  }, [viewer, markers]);
}

function buildingOf(picked: unknown): number | null {
  if (!picked || typeof picked !== 'object' || !('id' in picked)) return null;
  return buildingIdOfPick(picked.id);
}

/** [lon, lat] under the cursor: the depth buffer (a roof) when it can be read, else the ellipsoid. */
function groundPoint(scene: Scene, position: Cartesian2): [number, number] | null {
  let hit: Cartesian3 | undefined;
  if (scene.pickPositionSupported) hit = scene.pickPosition(position);
  hit ??= scene.camera.pickEllipsoid(position, scene.ellipsoid);
  if (!hit) return null;
  const c = Cartographic.fromCartesian(hit);
  return [CesiumMath.toDegrees(c.longitude), CesiumMath.toDegrees(c.latitude)];
}

/** The box a screen shows around a point at a web-mercator zoom level (so a cluster splits there). */
function bboxAtZoom([lon, lat]: [number, number], zoom: number, scene: Scene): Bbox {
  const metresPerPx = (156_543.03 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
  const halfM = (metresPerPx * Math.min(scene.canvas.clientWidth, scene.canvas.clientHeight)) / 2;
  const dLat = halfM / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}
