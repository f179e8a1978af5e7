import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PolylineCollection,
  VerticalOrigin,
} from 'cesium';
import type { Basemap } from '../../../contracts/basemap.ts';
import type { RegionLevel } from '../../../contracts/regions.ts';
import { useRegions } from '../store/regions.ts';
import { linePositions, linesOf } from './footprint.ts';

/** Lines float this far (m) above the ellipsoid: no terrain here, so no ground clamping needed. */
const LINE_HEIGHT_M = 0.5;
const ROAD_COLOR = '#2f4a6b';

/** Screen width (px) per road class: the trunk roads read first. */
const ROAD_WIDTH_PX: Record<Basemap['roads'][number]['class'], number> = {
  trunk: 6,
  primary: 5,
  secondary: 3.5,
  tertiary: 3,
  residential: 2,
  service: 1.5,
  footway: 1,
};

interface RegionStyle {
  color: string;
  alpha: number;
  widthPx: number;
  font: string;
  /** Labels show only when the camera is closer than this (m). */
  labelMaxDistanceM: number;
}

const REGION_STYLE: Record<RegionLevel, RegionStyle> = {
  district: {
    color: '#ffd54f',
    alpha: 1,
    widthPx: 4,
    font: '700 26px sans-serif',
    labelMaxDistanceM: 80_000,
  },
  street: {
    color: '#ffb300',
    alpha: 0.9,
    widthPx: 3.5,
    font: '700 24px sans-serif',
    labelMaxDistanceM: 30_000,
  },
  community: {
    color: '#ffd54f',
    alpha: 1,
    widthPx: 2.5,
    font: '600 20px sans-serif',
    labelMaxDistanceM: 9_000,
  },
  grid: { color: '#26c6da', alpha: 0.6, widthPx: 1.2, font: '500 15px sans-serif', labelMaxDistanceM: 2_500 },
};

interface Layers {
  lines: PolylineCollection;
  labels: LabelCollection;
}

/** Roads, region outlines and names from our own data (the intranet has no imagery). Renders nothing. */
export function BasemapLayer() {
  const { viewer } = useCesium();
  const basemap = useRegions((s) => s.basemap);

  // One effect creates, fills and removes the collections: the basemap changes rarely (a new
  // area), and a data effect of its own could touch collections a cleanup already destroyed
  // (React runs effects twice in development, and resium may hand over a new viewer).
  useEffect(() => {
    if (!viewer || !basemap) return;
    const lines = viewer.scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    const labels = viewer.scene.primitives.add(
      new LabelCollection({ scene: viewer.scene }),
    ) as LabelCollection;
    addRoads(lines, basemap.roads);
    addRegions({ lines, labels }, basemap.regions);
    viewer.scene.requestRender();
    return () => {
      if (viewer.isDestroyed()) return;
      if (!lines.isDestroyed()) viewer.scene.primitives.remove(lines);
      if (!labels.isDestroyed()) viewer.scene.primitives.remove(labels);
      viewer.scene.requestRender();
    };
  }, [viewer, basemap]);

  return null;
}

function addRoads(lines: PolylineCollection, roads: Basemap['roads']) {
  const material = Material.fromType('Color', { color: Color.fromCssColorString(ROAD_COLOR) });
  for (const road of roads) {
    for (const line of linesOf(road.geometry)) {
      lines.add({
        positions: linePositions(line, LINE_HEIGHT_M),
        width: ROAD_WIDTH_PX[road.class],
        material,
      });
    }
  }
}

/** Coarse levels drawn last so a community edge covers the grid edge beneath it. */
const DRAW_ORDER: RegionLevel[] = ['grid', 'community', 'street', 'district'];

function addRegions({ lines, labels }: Layers, regions: Basemap['regions']) {
  const sorted = [...regions].sort((a, b) => DRAW_ORDER.indexOf(a.level) - DRAW_ORDER.indexOf(b.level));
  // One material per level: the collection batches polylines that share a material.
  const materials = new Map(
    DRAW_ORDER.map((level) => {
      const { color, alpha } = REGION_STYLE[level];
      return [level, Material.fromType('Color', { color: Color.fromCssColorString(color).withAlpha(alpha) })];
    }),
  );
  for (const region of sorted) {
    const style = REGION_STYLE[region.level];
    const material = materials.get(region.level);
    for (const ring of linesOf(region.geometry)) {
      lines.add({ positions: linePositions(ring, LINE_HEIGHT_M + 0.1), width: style.widthPx, material });
    }
    labels.add({
      position: Cartesian3.fromDegrees(region.labelPoint[0], region.labelPoint[1], 2),
      text: region.name,
      font: style.font,
      fillColor: Color.fromCssColorString(style.color).brighten(0.3, new Color()),
      outlineColor: Color.fromCssColorString('#0b1526'),
      outlineWidth: 4,
      style: LabelStyle.FILL_AND_OUTLINE,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      distanceDisplayCondition: new DistanceDisplayCondition(0, style.labelMaxDistanceM),
      // Names stay readable in front of the buildings around them.
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
  }
}
