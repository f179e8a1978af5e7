import {
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  VerticalOrigin,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import Supercluster, { type ClusterProperties } from 'supercluster';
import type { CaseListItem, Light } from '../../../contracts/cases.ts';
import type { CaseMarkerState } from './testHooks.ts';

/** Indicator-light colours; `none` is a finished case (no limit). Same values as the CSS. */
export const LIGHT_COLORS: Record<Light, string> = {
  green: '#3ddc97',
  yellow: '#ffc400',
  red: '#ff3b4f',
  none: '#7d8fa8',
};
export const SUPERVISED_COLOR = '#d36bff';
export const FRESH_COLOR = '#00e5ff';
const OUTLINE = Color.fromCssColorString('#0b1526');
/** Markers float a little above the ground; depth testing is off so buildings never hide them. */
const HEIGHT_M = 2;
/** Past this zoom (web-mercator levels, 256 px tiles) every case is its own marker. */
const CLUSTER_MAX_ZOOM = 16;
const CLUSTER_RADIUS_PX = 48;
const PULSE_PERIOD_MS = 1500;

interface CaseProps {
  id: number;
  light: Light;
  supervised: boolean;
}
interface ClusterProps {
  red: number;
  yellow: number;
  green: number;
  supervised: number;
}

/** What a picked marker carries as its `id`. */
export type MarkerPick =
  | { kind: 'case'; caseId: number }
  | { kind: 'cluster'; clusterId: number; expansionZoom: number; point: [number, number] };

export interface MarkerData {
  cases: CaseListItem[];
  lights: Map<number, Light>;
  fresh: Set<number>;
}

interface Ring {
  point: PointPrimitive;
  baseSize: number;
}

const clusterColor = (c: ClusterProps): string =>
  c.red
    ? LIGHT_COLORS.red
    : c.yellow
      ? LIGHT_COLORS.yellow
      : c.green
        ? LIGHT_COLORS.green
        : LIGHT_COLORS.none;

/**
 * Case markers as three batched collections (points, cluster counts, pulse rings) instead of an
 * entity per case; supercluster groups them by screen distance for the current zoom. Every draw
 * rebuilds the collections: at ≤ 2,000 cases that is well under a frame.
 */
export class CaseMarkers {
  private readonly points = new PointPrimitiveCollection();
  private readonly labels = new LabelCollection();
  private readonly rings = new PointPrimitiveCollection();
  private readonly draft = new PointPrimitiveCollection();
  private index: Supercluster<CaseProps, ClusterProps> = this.newIndex();
  private data: MarkerData = { cases: [], lights: new Map(), fresh: new Set() };
  private byId = new Map<number, CaseListItem>();
  private drawn = new Map<number, CaseMarkerState>();
  private pulses: Ring[] = [];
  private counts = { singles: 0, clusters: 0 };

  constructor(
    private readonly scene: Scene,
    /** Marker sizes in CSS px are multiplied by this (2 on a 4K wall, like the panels' rem). */
    private scale: number,
  ) {
    for (const c of [this.points, this.labels, this.rings, this.draft]) scene.primitives.add(c);
  }

  /** An index is usable only once loaded (getClusters reads its trees), so it starts loaded, empty. */
  private newIndex() {
    const index = new Supercluster<CaseProps, ClusterProps>({
      radius: CLUSTER_RADIUS_PX,
      extent: 256,
      maxZoom: CLUSTER_MAX_ZOOM,
      map: (p) => ({
        red: p.light === 'red' ? 1 : 0,
        yellow: p.light === 'yellow' ? 1 : 0,
        green: p.light === 'green' ? 1 : 0,
        supervised: p.supervised ? 1 : 0,
      }),
      reduce: (a, p) => {
        a.red += p.red;
        a.yellow += p.yellow;
        a.green += p.green;
        a.supervised += p.supervised;
      },
    });
    return index.load([]);
  }

  setData(data: MarkerData): void {
    this.data = data;
    this.byId = new Map(data.cases.map((c) => [c.id, c]));
    this.index = this.newIndex();
    this.index.load(
      data.cases.map((c) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [c.point[0], c.point[1]] },
        properties: { id: c.id, light: data.lights.get(c.id) ?? c.light, supervised: c.supervised },
      })),
    );
  }

  /** Rebuilds the markers for a zoom level (fractional web-mercator zoom) and size scale. */
  draw(zoom: number, scale: number): void {
    this.scale = scale;
    this.points.removeAll();
    this.labels.removeAll();
    this.rings.removeAll();
    this.pulses = [];
    this.drawn = new Map();
    this.counts = { singles: 0, clusters: 0 };
    const z = Math.max(0, Math.min(CLUSTER_MAX_ZOOM + 1, Math.floor(zoom)));
    for (const f of this.index.getClusters([-180, -85, 180, 85], z)) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      if ('cluster' in f.properties && f.properties.cluster) this.drawCluster(f.properties, lon, lat);
      else this.drawCase((f.properties as CaseProps).id, lon, lat);
    }
  }

  private drawCase(id: number, lon: number, lat: number): void {
    const c = this.byId.get(id);
    if (!c) return;
    const s = this.scale;
    const light = this.data.lights.get(id) ?? c.light;
    const size = (light === 'red' ? 17 : light === 'yellow' ? 15 : 13) * s;
    const color = LIGHT_COLORS[light];
    this.points.add({
      id: { kind: 'case', caseId: id } satisfies MarkerPick,
      position: Cartesian3.fromDegrees(lon, lat, HEIGHT_M),
      pixelSize: size,
      color: Color.fromCssColorString(color),
      outlineColor: c.supervised ? Color.fromCssColorString(SUPERVISED_COLOR) : OUTLINE,
      outlineWidth: (c.supervised ? 4 : 2) * s,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    const pulsing = this.data.fresh.has(id);
    if (pulsing) this.addRing(lon, lat, size);
    this.drawn.set(id, { color, clustered: false, supervised: c.supervised, pulsing });
    this.counts.singles++;
  }

  private drawCluster(p: ClusterProps & ClusterProperties, lon: number, lat: number): void {
    const s = this.scale;
    const size = (24 + 7 * Math.log10(p.point_count)) * s;
    const color = clusterColor(p);
    const leaves = this.index.getLeaves(p.cluster_id, Infinity);
    const pulsing = leaves.some((l) => this.data.fresh.has(l.properties.id));
    const position = Cartesian3.fromDegrees(lon, lat, HEIGHT_M);
    this.points.add({
      id: {
        kind: 'cluster',
        clusterId: p.cluster_id,
        expansionZoom: this.index.getClusterExpansionZoom(p.cluster_id),
        point: [lon, lat],
      } satisfies MarkerPick,
      position,
      pixelSize: size,
      color: Color.fromCssColorString(color).withAlpha(0.88),
      outlineColor: p.supervised ? Color.fromCssColorString(SUPERVISED_COLOR) : Color.WHITE.withAlpha(0.85),
      outlineWidth: (p.supervised ? 4 : 2) * s,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    this.labels.add({
      position,
      text: String(p.point_count_abbreviated),
      font: `bold ${Math.round(14 * s)}px sans-serif`,
      fillColor: Color.fromCssColorString('#04101f'),
      style: LabelStyle.FILL,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.CENTER,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    if (pulsing) this.addRing(lon, lat, size);
    for (const l of leaves) {
      const c = this.byId.get(l.properties.id);
      if (c) this.drawn.set(c.id, { color, clustered: true, supervised: c.supervised, pulsing });
    }
    this.counts.clusters++;
  }

  private addRing(lon: number, lat: number, baseSize: number): void {
    const point = this.rings.add({
      position: Cartesian3.fromDegrees(lon, lat, HEIGHT_M),
      pixelSize: baseSize,
      color: Color.TRANSPARENT,
      outlineColor: Color.fromCssColorString(FRESH_COLOR),
      outlineWidth: 3 * this.scale,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
    this.pulses.push({ point, baseSize });
  }

  /** One animation step of the pulse rings; false when nothing pulses (the render loop may sleep). */
  animate(nowMs: number): boolean {
    const phase = (nowMs % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
    for (const r of this.pulses) {
      r.point.pixelSize = r.baseSize + phase * 36 * this.scale;
      r.point.outlineColor = Color.fromCssColorString(FRESH_COLOR).withAlpha(1 - phase);
    }
    return this.pulses.length > 0;
  }

  /** The intake form's picked place, as a white marker with a cyan ring. */
  setDraft(point: [number, number] | null): void {
    this.draft.removeAll();
    if (!point) return;
    this.draft.add({
      position: Cartesian3.fromDegrees(point[0], point[1], HEIGHT_M),
      pixelSize: 14 * this.scale,
      color: Color.WHITE,
      outlineColor: Color.fromCssColorString(FRESH_COLOR),
      outlineWidth: 4 * this.scale,
      disableDepthTestDistance: Number.POSITIVE_INFINITY,
    });
  }

  setShown(shown: boolean): void {
    this.points.show = shown;
    this.labels.show = shown;
    this.rings.show = shown;
  }

  owns(primitive: unknown): boolean {
    return primitive === this.points;
  }

  markerOf(id: number): CaseMarkerState | null {
    return this.points.show ? (this.drawn.get(id) ?? null) : null;
  }

  caseAt(id: number): CaseListItem | undefined {
    return this.byId.get(id);
  }

  drawnCounts() {
    return this.counts;
  }

  destroy(): void {
    if (this.scene.isDestroyed()) return;
    for (const c of [this.points, this.labels, this.rings, this.draft]) this.scene.primitives.remove(c);
  }
}
