/** WGS84 semi-major axis (m) and first eccentricity squared. */
const A = 6_378_137;
const E2 = 0.006_694_379_990_141_317;

/**
 * The east-north-up frame at a point as a column-major 4×4 matrix (what Cesium's
 * `Transforms.eastNorthUpToFixedFrame` gives): it places a tileset modelled in local metres (a BIM
 * model, or a sample in a unit box) at that spot. Written out here so the layers panel does not
 * pull Cesium into the main chunk.
 */
export function enuMatrix(lonDeg: number, latDeg: number, heightM = 0): number[] {
  const lon = (lonDeg * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  const [sl, cl, sp, cp] = [Math.sin(lon), Math.cos(lon), Math.sin(lat), Math.cos(lat)];
  const n = A / Math.sqrt(1 - E2 * sp * sp);
  const origin = [(n + heightM) * cp * cl, (n + heightM) * cp * sl, (n * (1 - E2) + heightM) * sp];
  const east = [-sl, cl, 0];
  const north = [-sp * cl, -sp * sl, cp];
  const up = [cp * cl, cp * sl, sp];
  return [...east, 0, ...north, 0, ...up, 0, ...origin, 1];
}
