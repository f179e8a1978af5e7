import { describe, expect, it } from 'vitest';
import { Cartesian3, Matrix4, Transforms } from 'cesium';
import { enuMatrix } from '../../client/src/layers/enuMatrix.ts';

describe('enuMatrix (placing a tileset on an east-north-up frame)', () => {
  it.each([
    [-75.152408, 39.946975, 0],
    [117.16, 39.16, 12.5],
    [0, 0, 0],
    [179.9, -80, -30],
  ])('matches Cesium at lon %s lat %s h %s', (lon, lat, h) => {
    const expected = Matrix4.toArray(Transforms.eastNorthUpToFixedFrame(Cartesian3.fromDegrees(lon, lat, h)));
    const actual = enuMatrix(lon, lat, h);
    expect(actual).toHaveLength(16);
    // Axes to 1e-7 (Cesium derives them from the Cartesian), the origin (millions of metres) to a millimetre.
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, i >= 12 ? 3 : 7));
  });
});
