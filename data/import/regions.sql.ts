import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../../server/src/db/db.ts';
import type { RegionLevel } from '../../contracts/regions.ts';

/** A region ready to write: its code (ours), parent, and geometry in the input's SRID. */
export interface RegionWrite {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  sourceCode: string | null;
  geometry: MultiPolygon;
}

export interface RegionWritten {
  code: string;
  /** false: nothing written (empty or invalid after ST_MakeValid). */
  ok: boolean;
  inserted: boolean;
  repaired: boolean;
}

/** The input's geometry as WGS84: SRID set, then ST_Transform (PROJ) when it is another CRS. */
const wgs84 = (geojson: string, srid: string) =>
  `ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), ${srid}::int), 4326)`;

/**
 * Inserts or updates (by code) one level's regions in one statement. Invalid polygons are repaired
 * by ST_MakeValid keeping only polygonal parts; those still empty come back with ok = false.
 */
export async function upsertRegions(
  db: Queryable,
  rows: readonly RegionWrite[],
  srid: number,
): Promise<RegionWritten[]> {
  const { rows: out } = await db.query<RegionWritten>(
    `WITH u AS (
       SELECT u.*, ${wgs84('u.geojson', '$7')} AS raw
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS u(code, parent_code, level, name, source_code, geojson)
     ), f AS (
       SELECT u.code, u.parent_code, u.level, u.name, u.source_code, NOT ST_IsValid(u.raw) AS repaired,
         CASE WHEN ST_IsValid(u.raw) THEN ST_Multi(u.raw)
              ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(u.raw), 3)) END AS geom
       FROM u
     ), ins AS (
       INSERT INTO regions AS r (code, parent_code, level, name, source_code, geom)
       SELECT f.code, f.parent_code, f.level, f.name, f.source_code, f.geom FROM f
       WHERE NOT ST_IsEmpty(f.geom) AND ST_IsValid(f.geom)
       ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level,
         name = EXCLUDED.name, source_code = EXCLUDED.source_code, geom = EXCLUDED.geom, updated_at = now()
       RETURNING r.code, (r.xmax = 0) AS inserted
     )
     SELECT f.code, ins.code IS NOT NULL AS ok, coalesce(ins.inserted, false) AS inserted, f.repaired
     FROM f LEFT JOIN ins ON ins.code = f.code`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.parentCode),
      rows.map((r) => r.level),
      rows.map((r) => r.name),
      rows.map((r) => r.sourceCode),
      rows.map((r) => JSON.stringify(r.geometry)),
      srid,
    ],
  );
  return out;
}

/** Regions already stored at a level: code, parent, name and the customer's code (for re-imports). */
export async function selectRegionKeys(db: Queryable, level: RegionLevel) {
  const { rows } = await db.query<{
    code: string;
    parentCode: string | null;
    name: string;
    sourceCode: string | null;
  }>(
    `SELECT code, parent_code AS "parentCode", name, source_code AS "sourceCode" FROM regions WHERE level = $1`,
    [level],
  );
  return rows;
}

/**
 * For each geometry (in the input's SRID), the region of `level` it overlaps most, by area, or null:
 * the parent of a region whose file says neither its parent nor a code to derive it from.
 */
export async function parentsByContainment(
  db: Queryable,
  geometries: readonly MultiPolygon[],
  srid: number,
  level: RegionLevel,
): Promise<(string | null)[]> {
  const { rows } = await db.query<{ ord: number; code: string | null }>(
    `WITH g AS (
       SELECT g.ord, ST_MakeValid(${wgs84('g.geojson', '$2')}) AS geom
       FROM unnest($1::text[]) WITH ORDINALITY AS g(geojson, ord)
     )
     SELECT g.ord::int AS ord,
       (SELECT r.code FROM regions r WHERE r.level = $3 AND r.geom && g.geom AND ST_Intersects(r.geom, g.geom)
        ORDER BY ST_Area(ST_Intersection(r.geom, g.geom)) DESC, r.code LIMIT 1) AS code
     FROM g ORDER BY g.ord`,
    [geometries.map((g) => JSON.stringify(g)), srid, level],
  );
  return rows.map((r) => r.code);
}

export interface RegionWarning {
  code: 'outside_parent' | 'overlap' | 'gap';
  region: string;
  other?: string;
  areaM2: number;
  /** Of the region's own area (outside_parent, gap: of the parent's; overlap: of the smaller one). */
  share: number;
}

/** Shares below this are noise of digitising (shared borders drawn twice): not reported. */
const MIN_SHARE = 0.005;

/**
 * What a reviewer must look at after an import, for the regions just written: a part outside its
 * parent, overlaps between siblings (area in m² and share of the smaller), and the part of a parent
 * not covered by its children. Areas on the spheroid (geography).
 */
export async function regionWarnings(db: Queryable, codes: readonly string[]): Promise<RegionWarning[]> {
  const { rows } = await db.query<RegionWarning>(
    `WITH c AS (SELECT * FROM regions WHERE code = ANY ($1::text[]))
     SELECT 'outside_parent' AS code, c.code AS region, p.code AS other,
            ST_Area(ST_Difference(c.geom, p.geom)::geography) AS "areaM2",
            ST_Area(ST_Difference(c.geom, p.geom)::geography) / nullif(ST_Area(c.geom::geography), 0) AS share
     FROM c JOIN regions p ON p.code = c.parent_code
     WHERE NOT ST_CoveredBy(c.geom, p.geom)
     UNION ALL
     SELECT 'overlap', a.code, b.code, ST_Area(ST_Intersection(a.geom, b.geom)::geography),
            ST_Area(ST_Intersection(a.geom, b.geom)::geography)
              / nullif(least(ST_Area(a.geom::geography), ST_Area(b.geom::geography)), 0)
     FROM c a JOIN regions b ON b.level = a.level AND b.parent_code IS NOT DISTINCT FROM a.parent_code
       AND b.code <> a.code AND (b.code > a.code OR NOT b.code = ANY ($1::text[]))
       AND a.geom && b.geom AND ST_Overlaps(a.geom, b.geom)
     UNION ALL
     SELECT 'gap', p.code, NULL, ST_Area(ST_Difference(p.geom, k.cover)::geography),
            ST_Area(ST_Difference(p.geom, k.cover)::geography) / nullif(ST_Area(p.geom::geography), 0)
     FROM regions p
     JOIN LATERAL (SELECT ST_Union(k.geom) AS cover FROM regions k WHERE k.parent_code = p.code) k ON true
     WHERE p.code IN (SELECT parent_code FROM c) AND k.cover IS NOT NULL AND NOT ST_CoveredBy(p.geom, k.cover)`,
    [codes],
  );
  return rows
    .filter((w) => w.share >= MIN_SHARE)
    .map((w) => ({
      ...w,
      areaM2: Math.round(w.areaM2),
      share: Math.round(w.share * 10_000) / 10_000,
      ...(w.other === null ? { other: undefined } : {}),
    }));
}
