import { Math as CesiumMath, OrthographicOffCenterFrustum, type Scene } from 'cesium';

/** deck.gl's MapView state: Web Mercator, 512 px per world at zoom 0. */
export interface DeckViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  bearing: number;
  pitch: number;
}

/** Web Mercator's world width in projected metres (Cesium's WebMercatorProjection, WGS84 radius). */
const WORLD_M = 2 * Math.PI * 6_378_137;

/**
 * deck.gl's view of Cesium's 2D camera (the Viewer's mapProjection must be WebMercatorProjection so
 * both draw the same projection). Cesium's 2D camera is orthographic: its frustum's width in
 * projected metres over the canvas width gives metres per pixel, hence deck's zoom; the camera's
 * position is the view centre; the camera's up vector (x east, y north) is the bearing.
 */
export function deckViewStateOf(scene: Scene): DeckViewState | null {
  const camera = scene.camera;
  const frustum = camera.frustum;
  const widthPx = scene.canvas.clientWidth;
  if (!(frustum instanceof OrthographicOffCenterFrustum) || !widthPx) return null;
  const { left, right } = frustum;
  if (left === undefined || right === undefined || !(right > left)) return null;
  const metresPerPx = (right - left) / widthPx;
  const centre = camera.positionCartographic;
  return {
    longitude: CesiumMath.toDegrees(centre.longitude),
    latitude: CesiumMath.toDegrees(centre.latitude),
    zoom: Math.log2(WORLD_M / (512 * metresPerPx)),
    bearing: CesiumMath.toDegrees(Math.atan2(camera.up.x, camera.up.y)),
    pitch: 0,
  };
}

/** Whether two view states draw the same picture (to the sub-pixel). */
export function sameViewState(a: DeckViewState | null, b: DeckViewState | null): boolean {
  if (!a || !b) return a === b;
  return (
    Math.abs(a.longitude - b.longitude) < 1e-9 &&
    Math.abs(a.latitude - b.latitude) < 1e-9 &&
    Math.abs(a.zoom - b.zoom) < 1e-6 &&
    Math.abs(a.bearing - b.bearing) < 1e-6
  );
}
