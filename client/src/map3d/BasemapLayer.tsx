import { useEffect } from 'react';
import { useCesium } from 'resium';
import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  Material,
  PolylineCollection,
  type Label,
  type Polyline,
  VerticalOrigin,
} from 'cesium';
import type { Basemap } from '../../../contracts/basemap.ts';
import type { RegionLevel } from '../../../contracts/regions.ts';
import { useRegions } from '../store/regions.ts';
import { linePositions, linesOf } from './footprint.ts';
import { onRemScaleChange, remScale } from './remScale.ts';

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
  /** CSS font weight and size at rem scale 1 (1920 px wide; twice the pixels on a 4K wall). */
  fontWeight: number;
  fontPx: number;
  /** Labels show only when the camera is closer than this (m). */
  labelMaxDistanceM: number;
}

const REGION_STYLE: Record<RegionLevel, RegionStyle> = {
  district: {
    color: '#ffd54f',
    alpha: 1,
    widthPx: 4,
    fontWeight: 700,
    fontPx: 26,
    labelMaxDistanceM: 80_000,
  },
  street: {
    color: '#ffb300',
    alpha: 0.9,
    widthPx: 3.5,
    fontWeight: 700,
    fontPx: 24,
    labelMaxDistanceM: 30_000,
  },
  community: {
    color: '#ffd54f',
    alpha: 1,
    widthPx: 2.5,
    fontWeight: 600,
    fontPx: 20,
    labelMaxDistanceM: 9_000,
  },
  grid: {
    color: '#26c6da',
    alpha: 0.6,
    widthPx: 1.2,
    fontWeight: 500,
    fontPx: 15,
    labelMaxDistanceM: 2_500,
  },
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
    const sized: Sized[] = [];
    addRoads(lines, basemap.roads, sized);
    addRegions({ lines, labels }, basemap.regions, sized);
    resize(sized, remScale());
    viewer.scene.requestRender();
    // A window resized to a wall (or back): fonts and widths follow the panels.
    const stopResize = onRemScaleChange((scale) => {
      if (viewer.isDestroyed() || labels.isDestroyed()) return;
      resize(sized, scale);
      viewer.scene.requestRender();
    });
    return () => {
      stopResize();
      if (viewer.isDestroyed()) return;
      if (!lines.isDestroyed()) viewer.scene.primitives.remove(lines);
      if (!labels.isDestroyed()) viewer.scene.primitives.remove(labels);
      viewer.scene.requestRender();
    };
  }, [viewer, basemap]);

  return null;
}

/** A line or label with its size at rem scale 1 (resize sets font, outline, offset and width). */
type Sized =
  { line: Polyline; widthPx: number } | { label: Label; fontWeight: number; fontPx: number; raised: boolean };

function resize(sized: readonly Sized[], scale: number): void {
  for (const s of sized) {
    if ('line' in s) s.line.width = s.widthPx * scale;
    else {
      s.label.font = `${s.fontWeight} ${Math.round(s.fontPx * scale)}px sans-serif`;
      s.label.outlineWidth = 4 * scale;
      if (s.raised) s.label.pixelOffset = new Cartesian2(0, -1.3 * s.fontPx * scale);
    }
  }
}

function addRoads(lines: PolylineCollection, roads: Basemap['roads'], sized: Sized[]) {
  const color = Color.fromCssColorString(ROAD_COLOR);
  for (const road of roads) {
    for (const line of linesOf(road.geometry)) {
      const widthPx = ROAD_WIDTH_PX[road.class];
      sized.push({
        line: lines.add({
          positions: linePositions(line, LINE_HEIGHT_M),
          width: widthPx,
          material: Material.fromType('Color', { color }),
        }),
        widthPx,
      });
    }
  }
}

/** Coarse levels drawn last so a community edge covers the grid edge beneath it. */
const DRAW_ORDER: RegionLevel[] = ['grid', 'community', 'street', 'district'];

function addRegions({ lines, labels }: Layers, regions: Basemap['regions'], sized: Sized[]) {
  const sorted = [...regions].sort((a, b) => DRAW_ORDER.indexOf(a.level) - DRAW_ORDER.indexOf(b.level));
  // A material of its own per line: a polyline destroys its material with it, so one shared by two
  // is destroyed twice when the collection goes (a DeveloperError that takes the map down). The
  // collection batches Color materials into one bucket all the same (their colours per line).
  const colors = new Map(
    DRAW_ORDER.map((level) => {
      const { color, alpha } = REGION_STYLE[level];
      return [level, Color.fromCssColorString(color).withAlpha(alpha)];
    }),
  );
  for (const region of sorted) {
    const style = REGION_STYLE[region.level];
    const color = colors.get(region.level)!;
    for (const ring of linesOf(region.geometry)) {
      const line = lines.add({
        positions: linePositions(ring, LINE_HEIGHT_M + 0.1),
        width: style.widthPx,
        material: Material.fromType('Color', { color }),
      });
      sized.push({ line, widthPx: style.widthPx });
    }
    const label = labels.add({
      position: Cartesian3.fromDegrees(region.labelPoint[0], region.labelPoint[1], 2),
      text: region.name,
      fillColor: Color.fromCssColorString(style.color).brighten(0.3, new Color()),
      outlineColor: Color.fromCssColorString('#0b1526'),
      style: LabelStyle.FILL_AND_OUTLINE,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      distanceDisplayCondition: new DistanceDisplayCondition(0, style.labelMaxDistanceM),
      // Names stay readable in front of the buildings around them.
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    // A street's label point can fall on one of its communities' (a street of one big community):
    // street and district names sit a line higher so the two never print over each other.
    const raised = region.level === 'street' || region.level === 'district';
    sized.push({ label, fontWeight: style.fontWeight, fontPx: style.fontPx, raised });
  }
}
