import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
} from 'cesium';
import { useBuildings } from '../store/buildings.ts';
import { useUi } from '../store/ui.ts';
import { FLOOR_HIGHLIGHT_COLOR } from './colorScale.ts';
import { grownRing, ringPositions } from './footprint.ts';
import { updateMapHooks } from './testHooks.ts';

/** The band stands this far (m) outside the facade so it wraps the building without z-fighting. */
const MARGIN_M = 2;
const BAND_ALPHA = 0.8;

/** Floor n of a building spans [(n-1)·h/floors, n·h/floors] metres above ground. */
export function floorSpanM(heightM: number, floors: number, floor: number): [number, number] {
  const storey = heightM / Math.max(floors, 1);
  const n = Math.min(Math.max(floor, 1), Math.max(floors, 1));
  return [(n - 1) * storey, n * storey];
}

/** A translucent orange band around the selected house's floor. Renders nothing. */
export function FloorHighlight() {
  const { viewer } = useCesium();
  const house = useUi((s) => s.selectedHouse);
  const building = useBuildings((s) => (house ? s.byId.get(house.buildingId) : undefined));

  useEffect(() => {
    if (!viewer || !house || !building) {
      updateMapHooks({ highlightedFloor: null });
      return;
    }
    const ring = grownRing(building.geometry, MARGIN_M);
    if (!ring) return;
    const { heightM, floors } = building.properties;
    const [bottom, top] = floorSpanM(heightM, floors, house.floor);
    const primitive = new Primitive({
      geometryInstances: new GeometryInstance({
        geometry: new PolygonGeometry({
          polygonHierarchy: new PolygonHierarchy(ringPositions(ring)),
          height: bottom,
          // A sliver over the storey so the band's top edge is not hidden inside the roof.
          extrudedHeight: top + 0.3,
          vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
        }),
        attributes: {
          color: ColorGeometryInstanceAttribute.fromColor(
            Color.fromCssColorString(FLOOR_HIGHLIGHT_COLOR).withAlpha(BAND_ALPHA),
          ),
        },
      }),
      appearance: new PerInstanceColorAppearance({ translucent: true, closed: true }),
      // One small polygon: build it now rather than wait a worker round-trip.
      asynchronous: false,
      allowPicking: false,
    });
    viewer.scene.primitives.add(primitive);
    updateMapHooks({ highlightedFloor: { buildingId: house.buildingId, floor: house.floor } });
    viewer.scene.requestRender();
    return () => {
      updateMapHooks({ highlightedFloor: null });
      if (viewer.isDestroyed()) return;
      viewer.scene.primitives.remove(primitive);
      viewer.scene.requestRender();
    };
  }, [viewer, house, building]);

  return null;
}
