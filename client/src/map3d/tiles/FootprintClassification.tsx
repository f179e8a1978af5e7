import { useEffect, useState } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian3,
  ClassificationPrimitive,
  ClassificationType,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PolygonGeometry,
  type Cesium3DTileset,
} from 'cesium';
import { useBuildings } from '../../store/buildings.ts';
import { useUi } from '../../store/ui.ts';
import { buildingIdOfPick, instanceIds, type BuildingFeature } from '../buildingsPrimitive.ts';
import { SELECTED_COLOR } from '../colorScale.ts';
import { centreOf, hierarchyOf, polygonsOf } from '../footprint.ts';
import { registerPicker } from './pickRegistry.ts';

/** Footprint volumes reach below and above the mesh: its ground and roofs need not match our heights. */
const BELOW_M = 50;
const ABOVE_M = 100;
const NONE = ColorGeometryInstanceAttribute.toValue(Color.WHITE.withAlpha(0));
const HOVER = ColorGeometryInstanceAttribute.toValue(Color.WHITE.withAlpha(0.35));
const SELECTED = ColorGeometryInstanceAttribute.toValue(
  Color.fromCssColorString(SELECTED_COLOR).withAlpha(0.6),
);

/**
 * Our footprints draped on an external mesh (ClassificationType.CESIUM_3D_TILE): each building's
 * part of the mesh becomes pickable as that building and lights up on hover and selection. Only the
 * footprints under the tileset are built. ClassificationPrimitive needs one colour for all
 * instances when first drawn (all transparent), then per-instance colours may change. Renders nothing.
 */
export function FootprintClassification({ tileset }: { tileset: Cesium3DTileset }) {
  const { viewer } = useCesium();
  const collection = useBuildings((s) => s.collection);
  const hovered = useUi((s) => s.hoveredBuildingId);
  const selected = useUi((s) => s.selectedBuildingId);
  const [primitive, setPrimitive] = useState<{
    p: ClassificationPrimitive;
    features: BuildingFeature[];
  } | null>(null);

  useEffect(() => {
    if (!viewer || !collection) return;
    const features = collection.features.filter((f) => underTileset(f, tileset));
    if (features.length === 0) return;
    const p = new ClassificationPrimitive({
      geometryInstances: features.flatMap((f) =>
        polygonsOf(f.geometry).map(
          (polygon, k) =>
            new GeometryInstance({
              id: instanceIds(f)[k],
              geometry: new PolygonGeometry({
                polygonHierarchy: hierarchyOf(polygon),
                height: -BELOW_M,
                extrudedHeight: f.properties.heightM + ABOVE_M,
              }),
              attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.WHITE.withAlpha(0)) },
            }),
        ),
      ),
      classificationType: ClassificationType.CESIUM_3D_TILE,
      asynchronous: false,
    });
    viewer.scene.primitives.add(p);
    setPrimitive({ p, features });
    const unregister = registerPicker((picked) => {
      if (!('primitive' in picked) || picked.primitive !== p || !('id' in picked)) return null;
      const id = buildingIdOfPick(picked.id);
      return id === null ? null : { kind: 'building', id };
    });
    viewer.scene.requestRender();
    return () => {
      unregister();
      setPrimitive(null);
      if (!viewer.isDestroyed()) viewer.scene.primitives.remove(p);
    };
  }, [viewer, collection, tileset]);

  // Light up the hovered and the selected building; the first frame must have drawn (ready).
  useEffect(() => {
    if (!viewer || !primitive) return;
    const paint = () => {
      for (const f of primitive.features) {
        const color = f.id === selected ? SELECTED : f.id === hovered ? HOVER : NONE;
        for (const id of instanceIds(f)) {
          const attrs = primitive.p.getGeometryInstanceAttributes(id) as { color?: Uint8Array } | undefined;
          if (attrs && !sameBytes(attrs.color, color)) attrs.color = color;
        }
      }
      viewer.scene.requestRender();
    };
    if (primitive.p.ready) return paint();
    const stop = viewer.scene.postRender.addEventListener(() => {
      if (!primitive.p.ready) return viewer.scene.requestRender();
      stop();
      paint();
    });
    viewer.scene.requestRender();
    return stop;
  }, [viewer, primitive, hovered, selected]);

  return null;
}

/** Footprint centre within the tileset's bounding sphere, measured on the ground. */
function underTileset(f: BuildingFeature, tileset: Cesium3DTileset): boolean {
  const c = centreOf(f.geometry);
  if (!c) return false;
  const { center, radius } = tileset.boundingSphere;
  return Cartesian3.distance(Cartesian3.fromDegrees(c[0], c[1], 0), center) <= radius * 1.05;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return !!a && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
