import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  ClassificationPrimitive,
  ClassificationType,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  Primitive,
} from 'cesium';
import { buildingDetailSchema } from '../../../contracts/buildings.ts';
import { useApi } from '../api/useApi.ts';
import { useBuildings } from '../store/buildings.ts';
import { useUi } from '../store/ui.ts';
import { useLayers } from '../layers/layersStore.ts';
import { FLOOR_HIGHLIGHT_COLOR } from './colorScale.ts';
import { entranceSection } from './entrances.ts';
import { grownRing, polygonsOf, ringPositions } from './footprint.ts';
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

/**
 * A translucent orange band around the selected house's floor; with an external mesh on that
 * drapes our footprints, the same floor also lights up on the mesh (classification between the
 * floor's heights). Renders nothing.
 */
export function FloorHighlight() {
  const { viewer } = useCesium();
  const house = useUi((s) => s.selectedHouse);
  const building = useBuildings((s) => (house ? s.byId.get(house.buildingId) : undefined));
  // How many entrances the building has (the panel asks for the same detail).
  const detail = useApi(house ? `/api/buildings/${house.buildingId}` : null, buildingDetailSchema);
  const entrances = detail.status === 'ready' ? detail.data.entrances : 1;
  const onMesh = useLayers((s) => s.layers.some((l) => l.classify && s.visible.has(l.id)));

  useEffect(() => {
    if (!viewer || !house || !building) {
      updateMapHooks({ highlightedFloor: null });
      return;
    }
    const grown = grownRing(building.geometry, MARGIN_M);
    if (!grown) return;
    const ring = entranceSection(grown, house.entrance, entrances);
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
    const outer = polygonsOf(building.geometry)[0]?.[0];
    const meshBand =
      onMesh && outer
        ? viewer.scene.primitives.add(
            floorOnMesh(entranceSection(outer, house.entrance, entrances), bottom, top),
          )
        : null;
    updateMapHooks({
      highlightedFloor: {
        buildingId: house.buildingId,
        floor: house.floor,
        entrance: house.entrance,
        entrances,
      },
    });
    viewer.scene.requestRender();
    return () => {
      updateMapHooks({ highlightedFloor: null });
      if (viewer.isDestroyed()) return;
      viewer.scene.primitives.remove(primitive);
      if (meshBand) viewer.scene.primitives.remove(meshBand);
      viewer.scene.requestRender();
    };
  }, [viewer, house, building, entrances, onMesh]);

  return null;
}

/** The unit's storey (its slice of the footprint) painted onto 3D Tiles, e.g. an external mesh. */
function floorOnMesh(ring: [number, number][], bottom: number, top: number) {
  return new ClassificationPrimitive({
    geometryInstances: new GeometryInstance({
      geometry: new PolygonGeometry({
        polygonHierarchy: new PolygonHierarchy(ringPositions(ring)),
        height: bottom,
        extrudedHeight: top,
      }),
      attributes: {
        color: ColorGeometryInstanceAttribute.fromColor(
          Color.fromCssColorString(FLOOR_HIGHLIGHT_COLOR).withAlpha(BAND_ALPHA),
        ),
      },
    }),
    classificationType: ClassificationType.CESIUM_3D_TILE,
    asynchronous: false,
    allowPicking: false,
  });
}
