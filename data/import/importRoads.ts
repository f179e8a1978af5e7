import type { LineString } from 'geojson';
import type { Db } from '../../server/src/db/db.ts';
import { writeInChunks } from './chunks.ts';
import { describeCoords, isLonLat, removeOffset, WGS84, type CoordOptions } from './coords.ts';
import type { RawFeature } from './features.ts';
import { emptyReport, type ImportReport, type Rejection } from './report.ts';

/** Our road classes, from OSM's `highway` (or a `class` attribute), with a drawing width in metres. */
const CLASSES: Record<string, [string, number]> = {
  motorway: ['trunk', 24],
  trunk: ['trunk', 20],
  primary: ['primary', 16],
  secondary: ['secondary', 12],
  tertiary: ['tertiary', 10],
  residential: ['residential', 7],
  unclassified: ['residential', 6],
  living_street: ['residential', 5],
  service: ['service', 4],
  footway: ['footway', 2],
  path: ['footway', 2],
  pedestrian: ['footway', 4],
  cycleway: ['footway', 2],
  steps: ['footway', 2],
};

export interface RoadsReport extends ImportReport {
  coordinates: string;
}

/**
 * Roads for the basemap and for dividing grid cells (they cut along them): GeoJSON or Shapefile
 * LineStrings/MultiLineStrings with `highway` or `class` and `name`. A re-import of the same source
 * (the file's name, or --source) replaces that source's roads, so it never doubles them.
 */
export async function importRoads(
  db: Db,
  file: string,
  features: readonly RawFeature[],
  opts: { source: string; coords?: CoordOptions | undefined },
): Promise<RoadsReport> {
  const coords = opts.coords ?? WGS84;
  const report: RoadsReport = {
    ...emptyReport(file, 'roads', features.length),
    coordinates: describeCoords(coords),
  };
  const rows: { row: number; name: string | null; cls: string; widthM: number; line: LineString }[] = [];
  for (const f of features) {
    const r = toRoads(f, coords);
    if ('reason' in r) report.rejected.push(r);
    else rows.push(...r);
  }
  await db.transaction(async (tx) => {
    await tx.query(`DELETE FROM roads WHERE source = $1`, [opts.source]);
    const written = await writeInChunks(
      rows,
      async (chunk) => {
        const { rows: out } = await tx.query<{ n: number }>(
          `INSERT INTO roads (source, name, class, width_m, geom)
           SELECT $1, u.name, u.class, u.width_m,
                  ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(u.geojson), $6::int), 4326)
           FROM unnest($2::text[], $3::text[], $4::float4[], $5::text[]) AS u(name, class, width_m, geojson)
           RETURNING 1 AS n`,
          [
            opts.source,
            chunk.map((r) => r.name),
            chunk.map((r) => r.cls),
            chunk.map((r) => r.widthM),
            chunk.map((r) => JSON.stringify(r.line)),
            coords.srid,
          ],
        );
        return out;
      },
      (r, err) => report.rejected.push({ row: r.row, field: 'geometry', code: 'db', reason: err.message }),
    );
    report.inserted = written.length;
  });
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

function toRoads(f: RawFeature, coords: CoordOptions) {
  const g = f.geometry as { type?: string; coordinates?: unknown } | null;
  const lines =
    g?.type === 'LineString'
      ? [g.coordinates]
      : g?.type === 'MultiLineString' && Array.isArray(g.coordinates)
        ? g.coordinates
        : null;
  const reject = (field: string, code: string, reason: string): Rejection => ({
    row: f.row,
    field,
    code,
    reason,
  });
  if (!lines)
    return reject('geometry', 'unsupported_geometry', `${g?.type ?? 'no geometry'} is not a LineString`);
  const kind = String(f.properties.highway ?? f.properties.class ?? f.properties.fclass ?? 'residential');
  const [cls, widthM] =
    CLASSES[kind] ??
    (['trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'footway'].includes(kind)
      ? [kind, 8]
      : ['residential', 7]);
  const name = f.properties.name ?? f.properties['name:zh'] ?? null;
  const out = [];
  for (const coordsOfLine of lines) {
    if (!Array.isArray(coordsOfLine) || coordsOfLine.length < 2)
      return reject('geometry', 'invalid_geometry', 'a line needs 2 positions');
    for (const p of coordsOfLine)
      if (
        !Array.isArray(p) ||
        !Number.isFinite(p[0]) ||
        !Number.isFinite(p[1]) ||
        (isLonLat(coords) && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90))
      )
        return reject('geometry', 'invalid_geometry', 'a position is not a coordinate pair in range');
    const line: LineString = {
      type: 'LineString',
      coordinates: coordsOfLine.map((p: number[]) => [p[0]!, p[1]!]),
    };
    removeOffset(line.coordinates, coords.from);
    out.push({ row: f.row, name: name === null ? null : String(name).slice(0, 120), cls, widthM, line });
  }
  return out;
}
