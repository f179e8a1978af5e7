import type { BuildingSource, IndexedBuilding } from '../../tiles/src/build.ts';
import { polygonsFromGeoJson, type Polygon } from '../../tiles/src/footprint.ts';

/**
 * Footprints that break naive triangulation: a courtyard block (a hole), a concave L, a
 * two-part MultiPolygon, plus two plain blocks ~2 km away so the tree has several leaves.
 * Around Hongqiao, Tianjin (lon 117.1, lat 39.17); sizes in degrees ≈ 86 m per 0.001° east.
 */
const ring = (pts: [number, number][]) => [...pts, pts[0]!];
export const FIXTURE_GEOMETRIES: Record<number, GeoJSON.Polygon | GeoJSON.MultiPolygon> = {
  // 60 m square with a 20 m square courtyard.
  101: {
    type: 'Polygon',
    coordinates: [
      ring([
        [117.1, 39.17],
        [117.1007, 39.17],
        [117.1007, 39.17054],
        [117.1, 39.17054],
      ]),
      ring([
        [117.10023, 39.17018],
        [117.10023, 39.17036],
        [117.10046, 39.17036],
        [117.10046, 39.17018],
      ]),
    ],
  },
  // Concave L.
  102: {
    type: 'Polygon',
    coordinates: [
      ring([
        [117.1012, 39.17],
        [117.102, 39.17],
        [117.102, 39.17018],
        [117.10138, 39.17018],
        [117.10138, 39.1706],
        [117.1012, 39.1706],
      ]),
    ],
  },
  // Two detached parts, one building.
  103: {
    type: 'MultiPolygon',
    coordinates: [
      [
        ring([
          [117.103, 39.171],
          [117.1034, 39.171],
          [117.1034, 39.1713],
          [117.103, 39.1713],
        ]),
      ],
      [
        ring([
          [117.1036, 39.171],
          [117.104, 39.171],
          [117.104, 39.1713],
          [117.1036, 39.1713],
        ]),
      ],
    ],
  },
  201: {
    type: 'Polygon',
    coordinates: [
      ring([
        [117.125, 39.185],
        [117.1254, 39.185],
        [117.1254, 39.1853],
        [117.125, 39.1853],
      ]),
    ],
  },
  202: {
    type: 'Polygon',
    coordinates: [
      ring([
        [117.126, 39.186],
        [117.1263, 39.186],
        [117.1263, 39.1864],
        [117.126, 39.1864],
      ]),
    ],
  },
};

const PROPS: Record<number, { floors: number; heightM: number; use: IndexedBuilding['use'] }> = {
  101: { floors: 6, heightM: 18, use: 'residential' },
  102: { floors: 4, heightM: 13.5, use: 'school' },
  103: { floors: 2, heightM: 7, use: 'market' },
  201: { floors: 30, heightM: 95, use: 'office' },
  202: { floors: 12, heightM: 36, use: 'residential' },
};

/** An in-memory BuildingSource; `edit` changes one building as an UPDATE would. */
export function fixtureSource() {
  const props = structuredClone(PROPS);
  const geoms = new Map<number, Polygon[]>(
    Object.entries(FIXTURE_GEOMETRIES).map(([id, g]) => [Number(id), polygonsFromGeoJson(g)]),
  );
  const calls = { footprints: [] as Array<number[] | 'all'> };
  const source: BuildingSource = {
    async index() {
      return [...geoms.entries()].map(([id, polygons]) => {
        const xs = polygons.flatMap((p) => [...p[0]!].filter((_, i) => i % 2 === 0));
        const ys = polygons.flatMap((p) => [...p[0]!].filter((_, i) => i % 2 === 1));
        const p = props[id]!;
        return {
          id,
          ...p,
          xmin: Math.min(...xs),
          ymin: Math.min(...ys),
          xmax: Math.max(...xs),
          ymax: Math.max(...ys),
          houses: 10,
          residents: 20,
          floating: 5,
          rented: 2,
          vacant: 1,
          elderlyAlone: id === 101 ? 1 : 0,
          occupancy: 0.9,
          floatingShare: 0.25,
          rentedShare: 0.2,
          digest: `${p.floors}:${p.heightM}:${p.use}`,
        };
      });
    },
    async footprints(ids) {
      calls.footprints.push(ids === 'all' ? 'all' : [...ids].sort((a, b) => a - b));
      const want = ids === 'all' ? [...geoms.keys()] : ids;
      return new Map(want.map((id) => [id, geoms.get(id)!]));
    },
  };
  return { source, calls, edit: (id: number, heightM: number) => void (props[id]!.heightM = heightM) };
}
