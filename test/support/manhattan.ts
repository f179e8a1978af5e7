import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedData } from './sharedData.ts';

/** The OSM buildings of Manhattan (113,089, with heights): ../shared/data, by path. */
export const NYC = sharedData('us-nyc-osm-buildings/buildings.geojson.gz');

interface Feature {
  geometry: { coordinates: unknown };
}
/** The features whose first vertex lies in the box. */
export function manhattanFeatures(box: readonly number[]): Feature[] {
  const all = JSON.parse(gunzipSync(readFileSync(NYC)).toString()) as { features: Feature[] };
  return all.features.filter((f) => {
    const [x, y] = JSON.stringify(f.geometry.coordinates)
      .match(/-?\d+\.\d+/g)!
      .map(Number);
    return x! > box[0]! && x! < box[2]! && y! > box[1]! && y! < box[3]!;
  });
}
