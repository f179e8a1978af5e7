import { Cartesian3, Cartographic, Matrix4, type Cesium3DTileset } from 'cesium';
import type { Layer } from '../../../../contracts/layers.ts';
import { loadTileset } from './loadTileset.ts';

/**
 * Loads an external layer's tileset and places it: the registered model matrix (e.g. a BIM model
 * in local coordinates set on an east-north-up frame), then the height offset (photogrammetry on
 * another vertical datum) as a shift along the surface normal under the tileset's centre.
 */
export async function loadExternalTileset(layer: Layer): Promise<Cesium3DTileset> {
  const tileset = await loadTileset(layer.url);
  if (layer.modelMatrix) tileset.modelMatrix = Matrix4.fromArray(layer.modelMatrix);
  if (layer.heightOffsetM !== 0) {
    const centre = Cartographic.fromCartesian(tileset.boundingSphere.center);
    const surface = Cartesian3.fromRadians(centre.longitude, centre.latitude, 0);
    const lifted = Cartesian3.fromRadians(centre.longitude, centre.latitude, layer.heightOffsetM);
    const shift = Matrix4.fromTranslation(Cartesian3.subtract(lifted, surface, new Cartesian3()));
    tileset.modelMatrix = Matrix4.multiply(shift, tileset.modelMatrix, new Matrix4());
  }
  return tileset;
}
