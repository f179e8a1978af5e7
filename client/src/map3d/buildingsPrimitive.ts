import {
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  PerInstanceColorAppearance,
  PolygonGeometry,
  Primitive,
} from 'cesium';
import type { BuildingCollection } from '../../../contracts/buildings.ts';
import type { Rgba } from './colorScale.ts';
import { hierarchyOf, polygonsOf } from './footprint.ts';

export type BuildingFeature = BuildingCollection['features'][number];
type InstanceId = number | string;

/** Instance ids: the building id for its first polygon, `"id:k"` for further parts of a MultiPolygon. */
export function instanceIds(f: BuildingFeature): InstanceId[] {
  return polygonsOf(f.geometry).map((_, k) => (k === 0 ? f.id : `${f.id}:${k}`));
}

/** The building id behind a picked instance id, or null for anything else. */
export function buildingIdOfPick(id: unknown): number | null {
  if (typeof id === 'number') return id;
  if (typeof id === 'string' && /^\d+:\d+$/.test(id)) return Number(id.split(':')[0]);
  return null;
}

/**
 * Every footprint extruded from 0 to heightM as one batched Primitive (one draw call per few
 * thousand buildings instead of an entity each). `asynchronous` builds the geometry in Cesium's
 * workers; the caller waits for `primitive.ready`.
 */
export function createBuildingsPrimitive(
  features: BuildingFeature[],
  colorOf: (f: BuildingFeature) => Rgba,
  asynchronous: boolean,
): Primitive {
  const instances = features.flatMap((f) => {
    const color = new ColorGeometryInstanceAttribute(...colorOf(f));
    return polygonsOf(f.geometry).map(
      (polygon, k) =>
        new GeometryInstance({
          id: instanceIds(f)[k],
          geometry: new PolygonGeometry({
            polygonHierarchy: hierarchyOf(polygon),
            height: 0,
            extrudedHeight: Math.max(f.properties.heightM, 1),
            vertexFormat: PerInstanceColorAppearance.VERTEX_FORMAT,
          }),
          attributes: { color },
        }),
    );
  });
  return new Primitive({
    geometryInstances: instances,
    appearance: buildingsAppearance(false),
    asynchronous,
    vertexCacheOptimize: false,
    interleave: false,
  });
}

/** Opaque closed boxes; `flat` drops lighting (2D, where Cesium does not project normals). */
export function buildingsAppearance(flat: boolean): PerInstanceColorAppearance {
  return new PerInstanceColorAppearance({ translucent: false, closed: true, flat });
}

/**
 * Recolours buildings through per-instance attributes (no rebuild), writing only the instances
 * whose colour changed so a hover touches two buildings, not all of them.
 */
export class BuildingPainter {
  /** Colour per building as CSS hex, as last written. */
  private readonly painted = new Map<number, string>();

  constructor(
    private readonly primitive: Primitive,
    private readonly features: BuildingFeature[],
  ) {}

  /** Call only once `primitive.ready`. Returns how many buildings changed colour. */
  paint(colorOf: (f: BuildingFeature) => Rgba): number {
    let changed = 0;
    for (const f of this.features) {
      const bytes = toBytes(colorOf(f));
      const hex = toHex(bytes);
      if (this.painted.get(f.id) === hex) continue;
      this.painted.set(f.id, hex);
      for (const id of instanceIds(f)) {
        const attrs = this.primitive.getGeometryInstanceAttributes(id);
        if (attrs) attrs.color = bytes;
      }
      changed++;
    }
    return changed;
  }

  /** CSS hex of the colour last written, or null for an unknown building. */
  cssColorOf(id: number): string | null {
    return this.painted.get(id) ?? null;
  }
}

function toBytes([r, g, b, a]: Rgba): Uint8Array & [number, number, number, number] {
  const bytes = new Uint8Array([r, g, b, a].map((v) => Math.round(v * 255)));
  return bytes as Uint8Array & [number, number, number, number];
}

/** `#rrggbb`, or `#rrggbbaa` when not opaque. */
function toHex(bytes: Uint8Array): string {
  const opaque = bytes[3] === 255;
  const parts = Array.from(opaque ? bytes.subarray(0, 3) : bytes);
  return '#' + parts.map((v) => v.toString(16).padStart(2, '0')).join('');
}
