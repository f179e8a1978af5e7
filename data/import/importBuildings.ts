import type { Db } from '../../server/src/db/db.ts';
import { assignBuildingGrids, syncResidentGrids, upsertBuildings } from './buildings.sql.ts';
import { dbErrorField, writeInChunks } from './chunks.ts';
import {
  featureToBuilding,
  parseFeatureCollection,
  type BuildingFieldOptions,
  type BuildingRow,
} from './geojson.ts';
import { describeCoords, isLonLat, removeOffset, WGS84, type CoordOptions } from './coords.ts';
import type { RawFeature } from './features.ts';
import { baseName, inputText, type ImportInput } from './input.ts';
import { emptyReport, isRejection, type ImportReport, type ProgressFn } from './report.ts';

export interface ImportBuildingsOptions extends BuildingFieldOptions {
  /** buildings.source; re-imports with the same source update rows by source_id. Default: file base name. */
  source?: string | undefined;
  /** The input's CRS and web-map offset (coords.ts); default WGS84 lon/lat. */
  coords?: CoordOptions | undefined;
}

const COLUMNS = ['source_id', 'name', 'use', 'floors', 'height_m', 'footprint'] as const;

/**
 * Imports a GeoJSON FeatureCollection (plain or gzip) of building footprints. Features are
 * validated in JS, written in chunks (UPSERT on source + source_id), then placed in grid cells.
 * Throws ImportFatalError only for a whole-file problem; bad features end up in report.rejected.
 */
export async function importBuildings(
  db: Db,
  input: ImportInput | { file: string; features: readonly RawFeature[] },
  opts: ImportBuildingsOptions = {},
  onProgress?: ProgressFn,
): Promise<ImportReport & { coordinates: string }> {
  const coords = opts.coords ?? WGS84;
  const features =
    'features' in input
      ? input.features.map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry }))
      : parseFeatureCollection(inputText(input), input.file, { crsGiven: coords.srid !== 4326 });
  const report = {
    ...emptyReport(input.file, 'buildings', features.length),
    repaired: 0,
    coordinates: describeCoords(coords),
  };
  const source = opts.source ?? baseName(input.file);
  const rows: BuildingRow[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, i) => {
    const r = featureToBuilding(f, i + 1, { ...opts, projected: !isLonLat(coords) });
    if (isRejection(r)) return void report.rejected.push(r);
    removeOffset(r.footprint.coordinates, coords.from);
    const first = seen.get(r.sourceId);
    if (first !== undefined) {
      return void report.rejected.push({
        row: r.row,
        id: r.sourceId,
        field: 'id',
        code: 'duplicate',
        reason: `same id as feature ${first}`,
      });
    }
    seen.set(r.sourceId, r.row);
    rows.push(r);
  });
  const rejectedEarly = report.rejected.length;
  onProgress?.({ done: rejectedEarly, total: features.length });

  const written = await writeInChunks(
    rows,
    async (chunk) => {
      const out = await upsertBuildings(db, source, chunk, coords.srid);
      const ids = out.flatMap((o) => (o.id === null ? [] : [o.id]));
      await assignBuildingGrids(db, ids);
      await syncResidentGrids(db, ids);
      return out;
    },
    (row, err) =>
      report.rejected.push({
        row: row.row,
        id: row.sourceId,
        ...optional('field', dbErrorField(err, 'buildings', COLUMNS)),
        code: 'db',
        reason: err.message,
      }),
    (done) => onProgress?.({ done: rejectedEarly + done, total: features.length }),
  );
  for (const { row, out } of written) {
    if (out.id === null) {
      report.rejected.push({
        row: row.row,
        id: row.sourceId,
        field: 'geometry',
        code: 'invalid_geometry',
        reason: 'footprint is empty or invalid after ST_MakeValid',
      });
    } else {
      if (out.inserted) report.inserted++;
      else report.updated++;
      if (out.repaired) report.repaired++;
    }
  }
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
