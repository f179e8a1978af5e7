import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolylineCollection,
  Primitive,
  VerticalOrigin,
} from 'cesium';
import { centreOf, hierarchyOf, linePositions, linesOf, polygonsOf } from '../map3d/footprint.ts';
import { cellTone, TONE_COLOR, useDivisions } from './divisionsStore.ts';

/** Above the basemap lines and below the selected region's glow (m). */
const CELL_HEIGHT_M = 0.8;

/**
 * The proposal under review on the map: each cell filled by how far its households are from the
 * target, outlined, and labelled with its number and households. Renders nothing itself.
 */
export function DivisionLayer() {
  const { viewer } = useCesium();
  const proposal = useDivisions((s) => s.proposal);

  useEffect(() => {
    if (!viewer || !proposal) return;
    const instances: GeometryInstance[] = [];
    const lines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    const labels = viewer.scene.primitives.add(
      new LabelCollection({ scene: viewer.scene }),
    ) as LabelCollection;
    const outline = Color.WHITE.withAlpha(0.85);
    for (const cell of proposal.cells.features) {
      const colour = Color.fromCssColorString(
        TONE_COLOR[cellTone(cell.properties.households, proposal.households)],
      );
      for (const polygon of polygonsOf(cell.geometry)) {
        instances.push(
          new GeometryInstance({
            geometry: new PolygonGeometry({ polygonHierarchy: hierarchyOf(polygon), height: CELL_HEIGHT_M }),
            attributes: { color: ColorGeometryInstanceAttribute.fromColor(colour.withAlpha(0.35)) },
          }),
        );
      }
      for (const ring of linesOf(cell.geometry))
        lines.add({
          positions: linePositions(ring, CELL_HEIGHT_M + 0.1),
          width: 2,
          // one material per line: a polyline destroys its own (BasemapLayer.tsx)
          material: Material.fromType('Color', { color: outline }),
        });
      const c = centreOf(cell.geometry);
      if (c)
        labels.add({
          position: Cartesian3.fromDegrees(c[0], c[1], 3),
          text: `${cell.properties.ord}\n${cell.properties.households}`,
          font: '600 15px sans-serif',
          fillColor: Color.WHITE,
          outlineColor: Color.fromCssColorString('#0b1526'),
          outlineWidth: 3,
          style: LabelStyle.FILL_AND_OUTLINE,
          horizontalOrigin: HorizontalOrigin.CENTER,
          verticalOrigin: VerticalOrigin.CENTER,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
    }
    const fills = viewer.scene.primitives.add(
      new Primitive({
        geometryInstances: instances,
        appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
        asynchronous: false,
      }),
    ) as Primitive;
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      for (const p of [fills, lines, labels]) if (!p.isDestroyed()) viewer.scene.primitives.remove(p);
      viewer.scene.requestRender();
    };
  }, [viewer, proposal]);

  return null;
}
