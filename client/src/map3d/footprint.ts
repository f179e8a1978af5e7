import { BoundingSphere, Cartesian3, PolygonHierarchy } from 'cesium';
import type { Geometry } from '../../../contracts/geo.ts';

type Position = [lon: number, lat: number];
type Ring = Position[];

/** The polygons of a GeoJSON Polygon/MultiPolygon (lon/lat, SRID 4326); other types give none. */
export function polygonsOf(g: Geometry): Ring[][] {
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

/** The lines of a GeoJSON geometry as lon/lat paths: polygon rings, line strings. */
export function linesOf(g: Geometry): Ring[] {
  if (g.type === 'LineString') return [g.coordinates as Ring];
  if (g.type === 'MultiLineString') return g.coordinates as Ring[];
  return polygonsOf(g).flat();
}

/** A ring as Cartesians at `heightM`, without GeoJSON's repeated closing point. */
export function ringPositions(ring: Ring, heightM = 0): Cartesian3[] {
  const open = ring.length > 1 && sameLonLat(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : ring;
  return open.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat, heightM));
}

/** A line as Cartesians at `heightM` (closing point kept, so rings draw closed). */
export function linePositions(line: Ring, heightM: number): Cartesian3[] {
  return line.map(([lon, lat]) => Cartesian3.fromDegrees(lon, lat, heightM));
}

export function hierarchyOf(polygon: Ring[]): PolygonHierarchy {
  const [outer = [], ...holes] = polygon;
  return new PolygonHierarchy(
    ringPositions(outer),
    holes.map((h) => new PolygonHierarchy(ringPositions(h))),
  );
}

/** Mean of the outer ring's vertices (lon/lat): good enough for the small convex footprints here. */
export function centreOf(g: Geometry): Position | null {
  const outer = polygonsOf(g)[0]?.[0];
  if (!outer || outer.length === 0) return null;
  const open = sameLonLat(outer[0]!, outer[outer.length - 1]!) ? outer.slice(0, -1) : outer;
  const sum = open.reduce(([a, b], [lon, lat]) => [a + lon, b + lat], [0, 0]);
  return [sum[0] / open.length, sum[1] / open.length];
}

/** Sphere around the footprint extruded from 0 to heightM. */
export function buildingSphere(g: Geometry, heightM: number): BoundingSphere {
  const points = polygonsOf(g).flatMap((p) =>
    (p[0] ?? []).flatMap(([lon, lat]) => [
      Cartesian3.fromDegrees(lon, lat, 0),
      Cartesian3.fromDegrees(lon, lat, heightM),
    ]),
  );
  return BoundingSphere.fromPoints(points);
}

/** The outer ring pushed out by `marginM` metres from its centre (a band drawn around a facade). */
export function grownRing(g: Geometry, marginM: number): Ring | null {
  const c = centreOf(g);
  const outer = polygonsOf(g)[0]?.[0];
  if (!c || !outer) return null;
  const mPerDegLat = 111_320;
  const mPerDegLon = mPerDegLat * Math.cos((c[1] * Math.PI) / 180);
  return outer.map(([lon, lat]) => {
    const dx = (lon - c[0]) * mPerDegLon;
    const dy = (lat - c[1]) * mPerDegLat;
    const d = Math.hypot(dx, dy) || 1;
    const k = (d + marginM) / d;
    return [c[0] + (dx * k) / mPerDegLon, c[1] + (dy * k) / mPerDegLat];
  });
}

function sameLonLat(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
