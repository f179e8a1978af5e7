import gcoord from 'gcoord';
import type { Position } from 'geojson';
import { ImportFatalError } from './report.ts';

/**
 * How an input's coordinates are to be read. `srid`: any EPSG code PostGIS knows (its
 * spatial_ref_sys, on both engines: CGCS2000 EPSG:4490 and its Gauss-Krüger zones 4491–4554, UTM,
 * national grids), transformed to WGS84 in SQL by ST_Transform (PROJ). `from`: lon/lat carrying a
 * Chinese web map's offset (GCJ-02 of AMap/Tencent, BD-09 of Baidu), removed in JS with gcoord.
 */
export interface CoordOptions {
  srid: number;
  from?: 'gcj02' | 'bd09' | undefined;
}

export const WGS84: CoordOptions = { srid: 4326 };

/** --crs EPSG:4526 | 4526 | CGCS2000 | WGS84, --from gcj02|bd09 → options; bad values are fatal. */
export function parseCoordOptions(crs: string | undefined, from: string | undefined): CoordOptions {
  let srid = 4326;
  if (crs !== undefined) {
    const named: Record<string, number> = { WGS84: 4326, CGCS2000: 4490, CRS84: 4326 };
    const m = /^(?:EPSG:)?(\d{4,6})$/i.exec(crs.trim());
    const n = named[crs.trim().toUpperCase()] ?? (m ? Number(m[1]) : NaN);
    if (!Number.isInteger(n))
      throw new ImportFatalError(`--crs ${crs}: give an EPSG code (EPSG:4526, 4490, …)`);
    srid = n;
  }
  if (from !== undefined && from !== 'gcj02' && from !== 'bd09')
    throw new ImportFatalError(`--from ${from}: gcj02 or bd09`);
  if (from && srid !== 4326 && srid !== 4490)
    throw new ImportFatalError(
      `--from ${from} is an offset of lon/lat; it cannot go with the projected --crs ${crs}`,
    );
  return { srid, ...(from ? { from } : {}) };
}

/** Whether coordinates are lon/lat degrees (the range check of positions applies). */
export const isLonLat = (o: CoordOptions) => o.srid === 4326 || o.srid === 4490;

/** What the report says about the conversion. */
export function describeCoords(o: CoordOptions): string {
  const parts = [];
  if (o.srid !== 4326) parts.push(`EPSG:${o.srid} transformed to WGS84 (EPSG:4326) by PostGIS`);
  if (o.from) parts.push(`${o.from === 'gcj02' ? 'GCJ-02' : 'BD-09'} offset removed (gcoord)`);
  return parts.length ? parts.join('; ') : 'WGS84 lon/lat (EPSG:4326), unchanged';
}

/** Removes a GCJ-02/BD-09 offset from every position of a geometry's coordinates, in place. */
export function removeOffset(coordinates: unknown, from: CoordOptions['from']): void {
  if (!from) return;
  const crs = from === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  const walk = (c: unknown) => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const p = c as Position;
      const [lon, lat] = gcoord.transform([p[0]!, p[1]!], crs, gcoord.WGS84);
      p[0] = lon;
      p[1] = lat;
    } else for (const x of c) walk(x);
  };
  walk(coordinates);
}
