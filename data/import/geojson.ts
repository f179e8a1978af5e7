import type { MultiPolygon, Position } from 'geojson';
import { buildingUse, type BuildingUse } from './buildingUse.ts';
import { ImportFatalError, type Rejection } from './report.ts';
import { buildingPropsSchema, zodRejection } from './rows.ts';

/** Storey height used to derive floors from height and back (metres). */
export const METRES_PER_FLOOR = 3;

export interface BuildingFieldOptions {
  idField?: string | undefined;
  nameField?: string | undefined;
  heightField?: string | undefined;
  floorsField?: string | undefined;
  useField?: string | undefined;
  /** Floors for features with neither height nor floors; without it such features are rejected. */
  defaultFloors?: number | undefined;
  /** Positions are in a projected CRS (metres): no lon/lat range check (transformed in SQL). */
  projected?: boolean | undefined;
}

/** A feature ready for the database: footprint in EPSG:4326 lon/lat, 2-D, rings closed. */
export interface BuildingRow {
  row: number;
  sourceId: string;
  name: string | null;
  use: BuildingUse;
  floors: number;
  heightM: number;
  footprint: MultiPolygon;
}

// Property names tried, in order, when no --*-field option is given (OSM, Tilezen, generic).
const DEFAULT_FIELDS = {
  id: ['id', 'osm_id', '@id'],
  name: ['name', 'name_zh', 'name:zh'],
  height: ['height', 'height_m'],
  floors: ['building:levels', 'levels', 'floors'],
  use: ['use', 'building:use', 'kind_detail', 'building'],
} as const;

const LONLAT_CRS =
  /^(EPSG:4326|urn:ogc:def:crs:EPSG::4326|urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:OGC::CRS84|CRS84|OGC:CRS84)$/i;

/**
 * Parses a FeatureCollection and returns its features; throws ImportFatalError for a bad file or a
 * declared non-lon/lat CRS (unless the caller was given one: `--crs`).
 */
export function parseFeatureCollection(
  text: string,
  file: string,
  opts: { crsGiven?: boolean } = {},
): unknown[] {
  let fc: unknown;
  try {
    fc = JSON.parse(text);
  } catch (err) {
    throw new ImportFatalError(`${file}: unparsable JSON: ${(err as Error).message}`);
  }
  if (!isObject(fc) || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ImportFatalError(`${file}: not a GeoJSON FeatureCollection`);
  }
  const crsName = isObject(fc.crs) && isObject(fc.crs.properties) ? fc.crs.properties.name : fc.crs;
  if (
    !opts.crsGiven &&
    fc.crs !== undefined &&
    fc.crs !== null &&
    !(typeof crsName === 'string' && LONLAT_CRS.test(crsName))
  ) {
    throw new ImportFatalError(
      `${file}: declared CRS ${JSON.stringify(crsName)} is not EPSG:4326/CRS84 lon/lat; reproject first (e.g. ogr2ogr -t_srs EPSG:4326)`,
    );
  }
  return fc.features;
}

/** One feature → a building row, or the reason it is rejected. index is 1-based. */
export function featureToBuilding(
  feature: unknown,
  index: number,
  opts: BuildingFieldOptions,
): BuildingRow | Rejection {
  if (!isObject(feature) || feature.type !== 'Feature') {
    return { row: index, field: 'feature', code: 'invalid', reason: 'not a GeoJSON Feature' };
  }
  const props = isObject(feature.properties) ? feature.properties : {};
  const pick = (field: string | undefined, defaults: readonly string[]) =>
    field !== undefined
      ? props[field]
      : defaults.map((f) => props[f]).find((v) => v !== undefined && v !== null && v !== '');
  // Without an id field the feature's position keeps re-imports of the same file idempotent.
  const rawId =
    opts.idField !== undefined
      ? props[opts.idField]
      : (feature.id ?? pick(undefined, DEFAULT_FIELDS.id) ?? `#${index}`);
  const raw = {
    id: rawId ?? undefined,
    name: nonEmpty(pick(opts.nameField, DEFAULT_FIELDS.name)),
    height: nonEmpty(pick(opts.heightField, DEFAULT_FIELDS.height)),
    floors: nonEmpty(pick(opts.floorsField, DEFAULT_FIELDS.floors)),
  };
  const parsed = buildingPropsSchema.safeParse(raw);
  const id = raw.id === undefined ? undefined : String(raw.id);
  if (!parsed.success) {
    const r = zodRejection(parsed.error, raw);
    return { row: index, ...(id ? { id } : {}), ...r };
  }
  const size = sizeOf(parsed.data.height, parsed.data.floors, opts.defaultFloors);
  if (!size) {
    return {
      row: index,
      id: parsed.data.id,
      field: 'height',
      code: 'required',
      reason: 'neither height nor floors given (use --default-floors)',
    };
  }
  const geom = footprintOf(feature.geometry, opts.projected);
  if (typeof geom === 'string')
    return { row: index, id: parsed.data.id, field: 'geometry', code: geom.split(':')[0]!, reason: geom };
  return {
    row: index,
    sourceId: parsed.data.id,
    name: parsed.data.name ?? null,
    use: buildingUse(pick(opts.useField, DEFAULT_FIELDS.use)),
    ...size,
    footprint: geom,
  };
}

/** Height ↔ floors at METRES_PER_FLOOR; derived floors are clamped to the schema's 1–200. */
function sizeOf(heightM: number | undefined, floors: number | undefined, defaultFloors: number | undefined) {
  if (heightM !== undefined && floors !== undefined) return { heightM, floors };
  if (heightM !== undefined)
    return { heightM, floors: Math.min(200, Math.max(1, Math.round(heightM / METRES_PER_FLOOR))) };
  const f = floors ?? defaultFloors;
  return f === undefined ? null : { floors: f, heightM: f * METRES_PER_FLOOR };
}

/**
 * Polygon/MultiPolygon → 2-D MultiPolygon with closed rings, or 'code: reason'. Positions must be
 * lon/lat unless `projected` (an input in a projected CRS, transformed later in SQL).
 */
export function footprintOf(g: unknown, projected = false): MultiPolygon | string {
  if (!isObject(g)) return 'required: feature has no geometry';
  let polys: unknown[];
  if (g.type === 'Polygon') polys = [g.coordinates];
  else if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polys = g.coordinates;
  else return `unsupported_geometry: ${String(g.type)} is not Polygon or MultiPolygon`;
  const out: Position[][][] = [];
  for (const poly of polys) {
    if (!Array.isArray(poly) || poly.length === 0) return 'invalid_geometry: empty polygon';
    const rings: Position[][] = [];
    for (const ring of poly) {
      if (!Array.isArray(ring)) return 'invalid_geometry: ring is not an array';
      const pts: Position[] = [];
      for (const p of ring) {
        if (
          !Array.isArray(p) ||
          typeof p[0] !== 'number' ||
          typeof p[1] !== 'number' ||
          !isFinite(p[0]) ||
          !isFinite(p[1])
        ) {
          return 'invalid_geometry: position is not [lon, lat]';
        }
        if (!projected && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) {
          return `not_lonlat: coordinate [${p[0]}, ${p[1]}] is outside lon/lat range; expected EPSG:4326 (projected metres?)`;
        }
        pts.push([p[0], p[1]]);
      }
      const first = pts[0];
      const last = pts[pts.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) pts.push([first[0]!, first[1]!]);
      if (pts.length < 4) return 'invalid_geometry: ring has fewer than 4 positions';
      rings.push(pts);
    }
    out.push(rings);
  }
  return { type: 'MultiPolygon', coordinates: out };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): unknown {
  return v === null || v === '' ? undefined : v;
}
