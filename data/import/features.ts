import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import * as shapefile from 'shapefile';
import { parseFeatureCollection } from './geojson.ts';
import { inputText, readImportFile } from './input.ts';
import { ImportFatalError } from './report.ts';

/** A feature as read from any format: its 1-based position, properties and raw geometry. */
export interface RawFeature {
  row: number;
  properties: Record<string, unknown>;
  geometry: unknown;
}

/**
 * Features of a GeoJSON file (plain or gzip) or an ESRI Shapefile (.shp with its .dbf beside it;
 * read by `shapefile`, attributes decoded as `encoding`, default UTF-8, GBK for most Chinese DBFs
 * that carry no .cpg). A GeoJSON's declared CRS is checked by parseFeatureCollection unless the
 * caller names one itself.
 */
export async function readFeatures(
  file: string,
  opts: { encoding?: string | undefined; crsGiven?: boolean } = {},
): Promise<RawFeature[]> {
  const ext = extname(file.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.shp') {
    const dbf = file.replace(/\.shp$/i, '.dbf');
    try {
      const collection = await shapefile.read(file, existsSync(dbf) ? dbf : undefined, {
        encoding: opts.encoding ?? 'utf-8',
      });
      return collection.features.map((f, i) => ({
        row: i + 1,
        properties: (f.properties ?? {}) as Record<string, unknown>,
        geometry: f.geometry,
      }));
    } catch (err) {
      throw new ImportFatalError(`${file}: unreadable Shapefile: ${(err as Error).message}`);
    }
  }
  const input = readImportFile(file);
  const features = parseFeatureCollection(inputText(input), file, { crsGiven: opts.crsGiven ?? false });
  return features.map((f, i) => {
    const o = (typeof f === 'object' && f !== null ? f : {}) as { properties?: unknown; geometry?: unknown };
    return {
      row: i + 1,
      properties: (typeof o.properties === 'object' && o.properties !== null ? o.properties : {}) as Record<
        string,
        unknown
      >,
      geometry: o.geometry,
    };
  });
}
