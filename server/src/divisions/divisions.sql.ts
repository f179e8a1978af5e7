import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { DivisionReport } from '../../../contracts/divisions.ts';
import type { Geometry } from '../../../contracts/geo.ts';

/** Footprint area per household per floor, when a building has no houses recorded (m²). */
export const M2_PER_HOUSEHOLD = 100;

/** The communities to divide: the region itself when it is one, else every community under it. */
export async function selectCommunities(db: Queryable, code: string, jurisdiction: string) {
  const { rows } = await db.query<{ code: string; name: string; lon: number; lat: number }>(
    `SELECT code, name, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM regions
     WHERE level = 'community' AND code LIKE $1 || '%' AND ${inJurisdiction('code', 2)} ORDER BY code`,
    [code, jurisdiction],
  );
  return rows;
}

/**
 * The buildings standing in a community (their point on surface in its polygon, whatever cell they
 * have now) with their households: the houses recorded, else for housing an estimate of floors ×
 * footprint area / M2_PER_HOUSEHOLD (at least one per floor); other uses without houses count 0.
 */
/** Uses that hold no households: such a building without houses counts 0 (a school, an office). */
const NON_RESIDENTIAL = ['commercial', 'office', 'school', 'hospital', 'market', 'industrial', 'public']
  .map((u) => `'${u}'`)
  .join(', ');

export async function selectSites(db: Queryable, community: string) {
  const { rows } = await db.query<{
    id: number;
    lon: number;
    lat: number;
    households: number;
    estimated: boolean;
  }>(
    `WITH c AS (SELECT geom FROM regions WHERE code = $1),
     b AS (SELECT b.id, b.use, b.floors, b.footprint, ST_PointOnSurface(b.footprint) AS p
           FROM buildings b, c WHERE b.footprint && c.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.footprint))),
     h AS (SELECT building_id, count(*)::int AS n FROM houses WHERE building_id IN (SELECT id FROM b) GROUP BY building_id)
     SELECT b.id::int AS id, ST_X(b.p) AS lon, ST_Y(b.p) AS lat,
            CASE WHEN h.n IS NOT NULL THEN h.n
                 -- 'other' is what an import without a use says (OSM's building=yes): counted as homes
                 WHEN b.use NOT IN (${NON_RESIDENTIAL}) THEN
                   b.floors * greatest(1, round(ST_Area(b.footprint::geography) / ${M2_PER_HOUSEHOLD}))::int
                 ELSE 0 END AS households,
            h.n IS NULL AS estimated
     FROM b LEFT JOIN h ON h.building_id = b.id ORDER BY b.id`,
    [community],
  );
  return rows;
}

/** Road pieces inside (or along) a community, as lon/lat segments: where cuts may run. */
export async function selectRoadSegments(db: Queryable, community: string): Promise<number[][]> {
  const { rows } = await db.query<{ c: number[][] }>(
    `WITH c AS (SELECT geom FROM regions WHERE code = $1)
     SELECT (ST_AsGeoJSON(ST_Intersection(r.geom, ST_Buffer(c.geom, 0.0005)))::json)->'coordinates' AS c
     FROM roads r, c WHERE r.geom && c.geom AND ST_Intersects(r.geom, ST_Buffer(c.geom, 0.0005))
       AND r.class <> 'footway'`,
    [community],
  );
  // a piece may come back as a MultiLineString (nested once more) or a Point (touching only)
  const lines: number[][][] = [];
  for (const { c } of rows) {
    if (!Array.isArray(c) || !Array.isArray(c[0])) continue;
    if (typeof c[0][0] === 'number') lines.push(c as number[][]);
    else for (const l of c as unknown as number[][][]) lines.push(l);
  }
  const segments: number[][] = [];
  for (const l of lines) for (let i = 1; i < l.length; i++) segments.push([...l[i - 1]!, ...l[i]!]);
  return segments;
}

/**
 * The blocks of a community: the faces its roads cut it into (ST_Polygonize of its outline and the
 * roads inside; dead ends cut nothing), each with its outline as GeoJSON, which block every building
 * stands in, and which blocks share a border (metres of it), for merging small ones.
 */
export async function selectBlocks(db: Queryable, community: string) {
  const { rows } = await db.query<{
    blocks: { block: number; geojson: string }[] | null;
    sites: { id: number; block: number }[] | null;
    borders: { a: number; b: number; m: number }[] | null;
  }>(
    `WITH c AS (SELECT geom FROM regions WHERE code = $1),
     lines AS (SELECT ST_Intersection(r.geom, c.geom) AS g FROM roads r, c
               WHERE r.geom && c.geom AND ST_Intersects(r.geom, c.geom) AND r.class <> 'footway'),
     noded AS (SELECT ST_Union(ST_Boundary(c.geom), (SELECT ST_Union(g) FROM lines)) AS g FROM c),
     faces AS (SELECT (ST_Dump(ST_Polygonize(coalesce(n.g, ST_Boundary(c.geom))))).geom AS g FROM noded n, c),
     blocks AS (SELECT row_number() OVER (ORDER BY ST_XMin(f.g), ST_YMin(f.g))::int AS block, f.g
                FROM faces f, c WHERE ST_Intersects(c.geom, ST_PointOnSurface(f.g))),
     sites AS (SELECT b.id::int AS id, k.block FROM buildings b, c, blocks k
               WHERE b.footprint && c.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.footprint))
                 AND ST_Intersects(k.g, ST_PointOnSurface(b.footprint))),
     borders AS (SELECT a.block AS a, b.block AS b,
                        ST_Length(ST_Intersection(ST_Boundary(a.g), ST_Boundary(b.g))::geography) AS m
                 FROM blocks a JOIN blocks b ON a.block < b.block AND a.g && b.g AND ST_Intersects(a.g, b.g))
     SELECT (SELECT json_agg(json_build_object('block', block, 'geojson', ST_AsGeoJSON(g))) FROM blocks) AS blocks,
            (SELECT json_agg(json_build_object('id', id, 'block', block)) FROM sites) AS sites,
            (SELECT json_agg(json_build_object('a', a, 'b', b, 'm', m)) FROM borders WHERE m > 1) AS borders`,
    [community],
  );
  const r = rows[0]!;
  return { blocks: r.blocks ?? [], sites: r.sites ?? [], borders: r.borders ?? [] };
}

export async function insertDivision(
  db: Queryable,
  d: { region: string; households: number; report: DivisionReport; createdBy: number | null },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO grid_divisions (region_code, households_target, report, created_by)
     VALUES ($1, $2, $3::jsonb, $4) RETURNING id::int AS id`,
    [d.region, d.households, JSON.stringify(d.report), d.createdBy],
  );
  return rows[0]!.id;
}

/**
 * The cells of one group of blocks as polygons: each building's Voronoi cell (of all the group's
 * buildings, clipped to the group) gathered by cell; then each cell takes its buildings' whole footprints
 * and gives up the others', so no building is split and the cells still tile the community.
 */
/**
 * The overlays of cell shapes run snap-rounded to 1e-7° (about 1 cm; GEOS OverlayNG with a grid
 * size): footprints of terraced houses share walls whose vertices differ in the last digits, and
 * an overlay in floating precision can fail on them — on the embedded engine without an error, a
 * statement that silently stops (measured on 3,657 Manhattan buildings: 28 of 241 cells written).
 */
const GRID = '1e-7';

export async function insertCells(
  db: Queryable,
  divisionId: number,
  community: string,
  /** The blocks these cells share (GeoJSON): cells are clipped to them, so roads bound them. */
  clip: readonly string[],
  firstOrd: number,
  cells: readonly { ids: readonly number[]; households: number }[],
  /** Per cell, its buildings' Voronoi polygons to be unioned (a GeoJSON GeometryCollection). */
  areas: readonly string[],
): Promise<void> {
  const ids = cells.flatMap((c) => c.ids);
  const cellOf = cells.flatMap((c, i) => c.ids.map(() => firstOrd + i));
  const { rows } = await db.query<{ ord: number }>(
    `WITH c AS (SELECT ST_Union(ST_SetSRID(ST_GeomFromGeoJSON(x), 4326)) AS geom FROM unnest($7::text[]) x),
     a AS (SELECT u.id, u.cell FROM unnest($3::int8[], $4::int4[]) AS u(id, cell)),
     b AS (SELECT a.cell, b.footprint, ST_PointOnSurface(b.footprint) AS p FROM a JOIN buildings b ON b.id = a.id),
     own AS (SELECT u.cell, ST_CollectionExtract(ST_UnaryUnion(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(u.g), 4326)), 3), ${GRID}), 3) AS g
             FROM unnest($5::int4[], $8::text[]) AS u(cell, g)),
     fp AS (SELECT cell, ST_UnaryUnion(ST_Collect(footprint), ${GRID}) AS f FROM b GROUP BY cell),
     others AS (SELECT own.cell, ST_CollectionExtract(ST_UnaryUnion(ST_Collect(b.footprint), ${GRID}), 3) AS f FROM own JOIN b
                  ON b.cell <> own.cell AND b.footprint && own.g AND ST_Intersects(b.footprint, own.g)
                GROUP BY own.cell),
     members AS (SELECT cell, array_agg(id ORDER BY id) AS ids FROM a GROUP BY cell),
     hh AS (SELECT * FROM unnest($5::int4[], $6::int4[]) AS h(cell, households)),
     shaped AS (
       SELECT own.cell,
              ST_Multi(ST_CollectionExtract(ST_MakeValid(
                ST_Intersection(
                  ST_CollectionExtract(ST_Union(
                    ST_CollectionExtract(ST_Difference(own.g, coalesce(o.f, 'SRID=4326;GEOMETRYCOLLECTION EMPTY'::geometry), ${GRID}), 3),
                    ST_CollectionExtract(fp.f, 3), ${GRID}), 3),
                  ST_CollectionExtract(c.geom, 3), ${GRID})), 3)) AS geom
       FROM own JOIN fp USING (cell) LEFT JOIN others o USING (cell), c
     )
     INSERT INTO grid_division_cells (division_id, ord, community_code, households, building_ids, geom)
     SELECT $1, s.cell, $2, hh.households, m.ids, s.geom
     FROM shaped s JOIN hh USING (cell) JOIN members m USING (cell)
     WHERE NOT ST_IsEmpty(s.geom)
     RETURNING ord`,
    [
      divisionId,
      community,
      ids,
      cellOf,
      cells.map((_, i) => firstOrd + i),
      cells.map((c) => c.households),
      clip,
      areas,
    ],
  );
  // every cell has buildings, so an area: fewer rows means an overlay failed (see GRID)
  if (rows.length !== cells.length)
    throw new Error(
      `division ${divisionId}: ${cells.length - rows.length} of ${cells.length} cells of ${community} could not be shaped`,
    );
}

export interface DivisionRow {
  id: number;
  region: string;
  households: number;
  status: 'proposed' | 'committed' | 'discarded';
  createdAt: string;
  report: DivisionReport;
}

const DIVISION = `d.id::int AS id, d.region_code AS region, d.households_target AS households, d.status,
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", d.report`;

export async function selectDivision(db: Queryable, id: number, jurisdiction: string) {
  const { rows } = await db.query<DivisionRow>(
    `SELECT ${DIVISION} FROM grid_divisions d WHERE d.id = $1 AND ${inJurisdiction('d.region_code', 2)}`,
    [id, jurisdiction],
  );
  return rows[0];
}

export async function selectDivisions(db: Queryable, region: string, jurisdiction: string) {
  const { rows } = await db.query<DivisionRow>(
    `SELECT ${DIVISION} FROM grid_divisions d
     WHERE (d.region_code LIKE $1 || '%' OR $1 LIKE d.region_code || '%') AND ${inJurisdiction('d.region_code', 2)}
     ORDER BY d.created_at DESC, d.id DESC LIMIT 50`,
    [region, jurisdiction],
  );
  return rows;
}

export async function selectCells(db: Queryable, id: number) {
  const { rows } = await db.query<{
    ord: number;
    community: string;
    households: number;
    buildings: number;
    geometry: Geometry;
  }>(
    `SELECT ord, community_code AS community, households, cardinality(building_ids) AS buildings,
            ST_AsGeoJSON(geom, 6)::json AS geometry
     FROM grid_division_cells WHERE division_id = $1 ORDER BY ord`,
    [id],
  );
  return rows;
}

export async function selectDivisionBbox(db: Queryable, id: number) {
  const { rows } = await db.query<{ b: [number, number, number, number] | null }>(
    `SELECT CASE WHEN e IS NULL THEN NULL ELSE ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] END AS b
     FROM (SELECT ST_Extent(geom)::geometry AS e FROM grid_division_cells WHERE division_id = $1) x`,
    [id],
  );
  return rows[0]?.b ?? null;
}

/** The existing grid cells of a community, and how many cases and workers point at each. */
export async function selectCellsInUse(db: Queryable, community: string) {
  const { rows } = await db.query<{ code: string; cases: number; workers: number }>(
    `SELECT r.code, (SELECT count(*) FROM cases WHERE grid_code = r.code)::int AS cases,
            (SELECT count(*) FROM grid_workers WHERE grid_code = r.code)::int AS workers
     FROM regions r WHERE r.parent_code = $1 AND r.level = 'grid' ORDER BY r.code`,
    [community],
  );
  return rows;
}

/**
 * A proposal's cells of one community become its grid regions, codes in order: the community's
 * code + 001, 002, …, existing cells of those codes taking the new outline, surplus ones removed
 * (the caller made sure nothing points at them once buildings are reassigned).
 */
export async function writeCommunityCells(
  db: Queryable,
  divisionId: number,
  community: string,
  name: string,
) {
  const { rows } = await db.query<{ code: string }>(
    `WITH n AS (
       SELECT $2 || lpad(row_number() OVER (ORDER BY ord)::text, 3, '0') AS code, geom,
              row_number() OVER (ORDER BY ord) AS k
       FROM grid_division_cells WHERE division_id = $1 AND community_code = $2
     )
     INSERT INTO regions AS r (code, parent_code, level, name, geom)
     SELECT n.code, $2, 'grid', $3 || '第' || n.k || '网格', n.geom FROM n
     ON CONFLICT (code) DO UPDATE SET geom = EXCLUDED.geom, name = EXCLUDED.name, updated_at = now()
     RETURNING r.code`,
    [divisionId, community, name],
  );
  return rows.map((r) => r.code);
}

/**
 * The buildings of a committed division go to the cell the division put them in (its building
 * ids, not a point-in-polygon test: outlines that overlap in the data can put a building's point in
 * its neighbour's cell), and their residents with them.
 */
export async function placeDivisionBuildings(db: Queryable, divisionId: number) {
  const { rows } = await db.query<{ n: number }>(
    `WITH a AS (
       SELECT community_code || lpad(row_number() OVER (PARTITION BY community_code ORDER BY ord)::text, 3, '0') AS code,
              building_ids FROM grid_division_cells WHERE division_id = $1
     ), m AS (SELECT unnest(building_ids) AS id, code FROM a),
     moved AS (
       UPDATE buildings b SET grid_code = m.code FROM m
       WHERE b.id = m.id AND b.grid_code IS DISTINCT FROM m.code RETURNING b.id, b.grid_code
     ), people AS (
       UPDATE residents r SET grid_code = moved.grid_code FROM houses h JOIN moved ON moved.id = h.building_id
       WHERE r.house_id = h.id AND r.grid_code IS DISTINCT FROM moved.grid_code RETURNING r.id
     )
     SELECT (SELECT count(*) FROM moved)::int + (SELECT count(*) FROM people)::int AS n`,
    [divisionId],
  );
  return rows[0]!.n;
}

export async function deleteGridCells(db: Queryable, codes: readonly string[]) {
  if (codes.length === 0) return;
  await db.query(`DELETE FROM regions WHERE code = ANY ($1::text[]) AND level = 'grid'`, [codes]);
}

export async function setDivisionStatus(db: Queryable, id: number, status: 'committed' | 'discarded') {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE grid_divisions SET status = $2, decided_at = now() WHERE id = $1 AND status = 'proposed' RETURNING id`,
    [id, status],
  );
  return rows.length > 0;
}
