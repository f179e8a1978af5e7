import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Cartographic,
  HeadingPitchRange,
  Math as CesiumMath,
  Matrix4,
  Rectangle,
  SceneMode,
  type Scene,
} from 'cesium';
import type { Bbox } from '../../../contracts/geo.ts';

/** The oblique angle of the wall's overview (3D). */
export const AREA_PITCH_DEG = -45;
/** Buildings are looked at from ~250 m at -35°: close enough to count floors. */
export const BUILDING_PITCH_DEG = -35;
export const BUILDING_RANGE_M = 250;
export const FLY_DURATION_S = 1.2;

/** Shows a bbox: top-down rectangle in 2D, an oblique view of its centre in 3D. */
export function flyToBbox(scene: Scene, bbox: Bbox, durationS: number): void {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  // 5% of air around the edges so outlines are not cut by the screen border.
  const padLon = (maxLon - minLon) * 0.05;
  const padLat = (maxLat - minLat) * 0.05;
  const rect = Rectangle.fromDegrees(minLon - padLon, minLat - padLat, maxLon + padLon, maxLat + padLat);
  if (scene.mode === SceneMode.SCENE2D) {
    scene.camera.flyTo({ destination: rect, duration: durationS });
  } else {
    const centre = Cartesian3.fromRadians((rect.west + rect.east) / 2, (rect.south + rect.north) / 2);
    const range = obliqueFitRange(scene, rect, AREA_PITCH_DEG);
    scene.camera.flyToBoundingSphere(new BoundingSphere(centre, 0), {
      offset: offset(AREA_PITCH_DEG, range),
      duration: durationS,
    });
  }
  scene.requestRender();
}

export function flyToSphere(scene: Scene, sphere: BoundingSphere, durationS: number): void {
  const range = Math.max(BUILDING_RANGE_M, sphere.radius * 3);
  scene.camera.flyToBoundingSphere(sphere, {
    offset: offset(BUILDING_PITCH_DEG, range),
    duration: durationS,
  });
  scene.requestRender();
}

/** Where the camera looks (the ellipsoid under the canvas centre) and from how far (m). */
export interface ViewCentre {
  target: Cartographic;
  rangeM: number;
}

export function viewCentre(scene: Scene): ViewCentre | null {
  const camera = scene.camera;
  const centre = new Cartesian2(scene.canvas.clientWidth / 2, scene.canvas.clientHeight / 2);
  const hit = camera.pickEllipsoid(centre, scene.ellipsoid);
  if (hit) {
    const rangeM =
      scene.mode === SceneMode.SCENE2D ? cameraHeight(scene) : Cartesian3.distance(camera.positionWC, hit);
    return { target: Cartographic.fromCartesian(hit, scene.ellipsoid), rangeM };
  }
  const position = camera.positionCartographic;
  return position
    ? { target: new Cartographic(position.longitude, position.latitude, 0), rangeM: position.height }
    : null;
}

/** Puts the camera back over a view centre after a morph: top-down in 2D, oblique in 3D. */
export function restoreViewCentre(scene: Scene, { target, rangeM }: ViewCentre): void {
  const camera = scene.camera;
  if (scene.mode === SceneMode.SCENE2D) {
    camera.setView({ destination: Cartesian3.fromRadians(target.longitude, target.latitude, rangeM) });
  } else {
    camera.lookAt(Cartographic.toCartesian(target, scene.ellipsoid), offset(AREA_PITCH_DEG, rangeM));
    camera.lookAtTransform(Matrix4.IDENTITY);
  }
  scene.requestRender();
}

function cameraHeight(scene: Scene): number {
  return scene.camera.positionCartographic.height;
}

function offset(pitchDeg: number, rangeM: number): HeadingPitchRange {
  return new HeadingPitchRange(0, CesiumMath.toRadians(pitchDeg), rangeM);
}

/**
 * Distance (m) from which a camera looking north at `pitchDeg` onto the rectangle's centre sees
 * all of it: the near edge, closer to the camera, bounds both the vertical and the horizontal fit.
 */
function obliqueFitRange(scene: Scene, rect: Rectangle, pitchDeg: number): number {
  const frustum = scene.camera.frustum as { fovy?: number; aspectRatio?: number };
  const tanV = Math.tan((frustum.fovy ?? CesiumMath.toRadians(60)) / 2);
  const tanH = (frustum.aspectRatio ?? 1) * tanV;
  const halfNsM = (rect.height * scene.ellipsoid.maximumRadius) / 2;
  const halfEwM = (rect.width * scene.ellipsoid.maximumRadius * Math.cos((rect.north + rect.south) / 2)) / 2;
  const p = CesiumMath.toRadians(Math.abs(pitchDeg));
  return halfNsM * Math.cos(p) + Math.max((halfNsM * Math.sin(p)) / tanV, halfEwM / tanH);
}
