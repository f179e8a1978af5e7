import geojsonvt from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { TileParams } from '../../../contracts/tiles.ts';
import type { Queryable } from '../db/db.ts';
import { selectBuildingsForTile, selectBuildingsMvt } from './tiles.sql.ts';

/**
 * The buildings of one tile as a Mapbox Vector Tile (layer 'buildings', feature id = building id).
 * Two paths, chosen by what the engine can do (detected at start, see health.sql.ts detectMvt):
 * real PostGIS encodes with ST_AsMVT; PGlite's PostGIS is built without protobuf-c (no ST_AsMVT,
 * no ST_AsMVTGeom), so there the features are clipped and encoded in JS (geojson-vt + vt-pbf).
 */
export async function buildingsTile(
  db: Queryable,
  t: TileParams,
  jurisdiction: string,
  mvtInDatabase: boolean,
): Promise<Uint8Array> {
  if (mvtInDatabase) return selectBuildingsMvt(db, t, jurisdiction);
  const rows = await selectBuildingsForTile(db, t, jurisdiction);
  if (rows.length === 0) return new Uint8Array();
  const index = new geojsonvt(
    {
      type: 'FeatureCollection',
      features: rows.map(({ geometry, ...properties }) => ({
        type: 'Feature',
        id: properties.id,
        geometry: geometry as GeoJSON.Geometry,
        properties,
      })),
    },
    { maxZoom: t.z, indexMaxZoom: t.z, indexMaxPoints: 0, tolerance: 1, extent: 4096, buffer: 64 },
  );
  const tile = index.getTile(t.z, t.x, t.y);
  return tile ? fromGeojsonVt({ buildings: tile }, { version: 2, extent: 4096 }) : new Uint8Array();
}
