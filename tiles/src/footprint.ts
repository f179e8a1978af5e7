import type { TileBuildingProps } from '../../contracts/tiles3d.ts';

/** A ring as flat lon/lat pairs (degrees, SRID 4326), not closed (the last point ≠ the first). */
export type Ring = Float64Array;
/** Outer ring first, then holes. */
export type Polygon = Ring[];

/** One building as the mesher needs it: metadata + footprint polygons (a MultiPolygon's parts). */
export interface SourceBuilding extends TileBuildingProps {
  polygons: Polygon[];
}

/**
 * Parses OGC WKB (ST_AsBinary) Polygon or MultiPolygon into rings without the closing point.
 * Hand-written because it is the hot path: a DataView walk needs no text encoding on either side
 * (bench/tiles.bench.ts times it; a GeoJSON comparison has not been measured yet).
 */
export function parseWkbPolygons(bytes: Uint8Array): Polygon[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const polygons: Polygon[] = [];
  const readPolygon = (le: boolean) => {
    const nRings = view.getUint32(at, le);
    at += 4;
    const rings: Ring[] = [];
    for (let r = 0; r < nRings; r++) {
      const nPts = view.getUint32(at, le);
      at += 4;
      const keep = nPts > 1 ? nPts - 1 : nPts; // drop the closing point
      const ring = new Float64Array(keep * 2);
      for (let i = 0; i < keep * 2; i++) ring[i] = view.getFloat64(at + i * 8, le);
      at += nPts * 16;
      if (keep >= 3) rings.push(ring);
      else if (r === 0) return; // a polygon without a usable outer ring is skipped whole
    }
    if (rings.length > 0) polygons.push(rings);
  };
  const header = () => {
    const le = view.getUint8(at) === 1;
    const type = view.getUint32(at + 1, le) % 1000; // ISO Z/M codes (1003, 3006…) carry 2D rings here
    at += 5;
    return { le, type };
  };
  const { le, type } = header();
  if (type === 3) readPolygon(le);
  else if (type === 6) {
    const n = view.getUint32(at, le);
    at += 4;
    for (let i = 0; i < n; i++) readPolygon(header().le);
  } else throw new Error(`unsupported WKB geometry type ${type}`);
  return polygons;
}

/** GeoJSON Polygon/MultiPolygon → polygons (fixtures and tests). */
export function polygonsFromGeoJson(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): Polygon[] {
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return parts.map((rings) =>
    rings.map((ring) => {
      const closed = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];
      const pts = closed ? ring.slice(0, -1) : ring;
      return Float64Array.from(pts.flatMap((p) => [p[0]!, p[1]!]));
    }),
  );
}
