import type { Division, DivisionReport, DivisionSummary } from '../../../contracts/divisions.ts';
import type { Db } from '../db/db.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { reassignToGrids } from '../regions/regions.sql.ts';
import { bisect, spread, type Cell, type Segment, type Site } from './bisect.ts';
import { groupBlocks } from './blocks.ts';
import { Delaunay } from 'd3-delaunay';
import {
  deleteGridCells,
  insertCells,
  insertDivision,
  placeDivisionBuildings,
  selectCells,
  selectCellsInUse,
  selectCommunities,
  selectDivision,
  selectDivisionBbox,
  selectDivisions,
  selectBlocks,
  selectRoadSegments,
  selectSites,
  setDivisionStatus,
  writeCommunityCells,
  type DivisionRow,
} from './divisions.sql.ts';

const M_PER_DEG_LAT = 110_574;
const xy = ([x, y]: [number, number]) => ({ x, y });
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

/**
 * Proposes a division of a community (or of every community of a street or district) into cells
 * of about `households` households: its road blocks joined where too small (blocks.ts), each group
 * bisected in local metres (bisect.ts), cells shaped in SQL within their group (so roads bound
 * them); stored as a proposal with its report for review. Nothing changes until it is committed.
 */
export async function proposeDivision(
  db: Db,
  caller: Pick<Caller, 'jurisdiction' | 'kind' | 'id'>,
  region: string,
  households: number,
): Promise<Division> {
  const communities = await selectCommunities(db, region, caller.jurisdiction);
  if (communities.length === 0) throw notFound(`community in region ${region}`, 'region');
  const plans: { code: string; clip: string[]; cells: Cell[]; areas: string[] }[] = [];
  const report: DivisionReport = { communities: [], spread: spread([], households) };
  for (const c of communities) {
    const [rows, roads, blocks] = await Promise.all([
      selectSites(db, c.code),
      selectRoadSegments(db, c.code),
      selectBlocks(db, c.code),
    ]);
    const kx = mPerDegLon(c.lat);
    const local = (lon: number, lat: number): [number, number] => [
      (lon - c.lon) * kx,
      (lat - c.lat) * M_PER_DEG_LAT,
    ];
    const segments = roads.map((s): Segment => [...local(s[0]!, s[1]!), ...local(s[2]!, s[3]!)]);
    const blockOf = new Map(blocks.sites.map((s) => [s.id, s.block]));
    const perBlock = new Map<number, number>();
    for (const r of rows)
      perBlock.set(blockOf.get(r.id) ?? 0, (perBlock.get(blockOf.get(r.id) ?? 0) ?? 0) + r.households);
    const groups = groupBlocks(
      blocks.blocks.map((b) => b.block),
      perBlock,
      blocks.borders,
      households,
    );
    const geojsonOf = new Map(blocks.blocks.map((b) => [b.block, b.geojson]));
    let cellCount = 0;
    for (const group of groups) {
      const inGroup = new Set(group);
      const groupRows = rows.filter((r) => inGroup.has(blockOf.get(r.id) ?? -1));
      const sites: Site[] = groupRows
        .filter((r) => r.households > 0)
        .map((r) => ({ id: r.id, ...xy(local(r.lon, r.lat)), households: r.households }));
      const cells = bisect(sites, segments, { households });
      // buildings without households (shops, schools) join the cell of their nearest neighbour
      attachEmpty(cells, sites, groupRows);
      if (cells.length === 0) continue;
      // to 1e-7° (about a centimetre): the overlay that follows stays clear of GEOS's precision limits
      const areas = voronoiAreas(cells, groupRows, local, (x, y) => [
        Math.round((x / kx + c.lon) * 1e7) / 1e7,
        Math.round((y / M_PER_DEG_LAT + c.lat) * 1e7) / 1e7,
      ]);
      plans.push({ code: c.code, clip: group.map((b) => geojsonOf.get(b)!), cells, areas });
      cellCount += cells.length;
    }
    report.communities.push({
      code: c.code,
      name: c.name,
      buildings: rows.length,
      households: rows.reduce((s, b) => s + b.households, 0),
      cells: cellCount,
      estimatedBuildings: rows.filter((r) => r.estimated && r.households > 0).length,
      roads: segments.length,
    });
  }
  report.spread = spread(
    plans.flatMap((p) => p.cells),
    households,
  );
  const id = await db.transaction(async (tx) => {
    const division = await insertDivision(tx, {
      region,
      households,
      report,
      createdBy: caller.kind === 'user' ? caller.id : null,
    });
    let ord = 1;
    for (const p of plans) {
      if (p.cells.length === 0) continue;
      await insertCells(tx, division, p.code, p.clip, ord, p.cells, p.areas);
      ord += p.cells.length;
    }
    return division;
  });
  return divisionOf(db, id, caller.jurisdiction);
}

/**
 * Each cell's area before it meets roads and the community edge: the union of its buildings'
 * Voronoi polygons (d3-delaunay, in local metres, bounded 500 m beyond the buildings), as a
 * GeoJSON GeometryCollection of polygons in lon/lat per cell. SQL then unions and clips them (insertCells).
 */
function voronoiAreas(
  cells: readonly Cell[],
  rows: readonly { id: number; lon: number; lat: number }[],
  local: (lon: number, lat: number) => [number, number],
  back: (x: number, y: number) => [number, number],
): string[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const members = cells.flatMap((c, i) =>
    c.ids.map((id) => ({ cell: i, at: local(byId.get(id)!.lon, byId.get(id)!.lat) })),
  );
  const xs = members.map((m) => m.at[0]);
  const ys = members.map((m) => m.at[1]);
  const pad = 500;
  const bounds = [
    Math.min(...xs) - pad,
    Math.min(...ys) - pad,
    Math.max(...xs) + pad,
    Math.max(...ys) + pad,
  ] as const;
  const polygons: [number, number][][][][] = cells.map(() => []);
  if (members.length === 1) {
    const [x0, y0, x1, y1] = bounds;
    polygons[0]!.push([
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ].map(([x, y]) => back(x!, y!)),
    ]);
  } else {
    const voronoi = Delaunay.from(
      members,
      (m) => m.at[0],
      (m) => m.at[1],
    ).voronoi([...bounds]);
    members.forEach((m, i) => {
      const ring = voronoi.cellPolygon(i) as [number, number][] | null;
      // a building at the very point of another has no polygon of its own: the other's covers it
      if (!ring) return;
      // rounded to the centimetre, a sliver can collapse into a line (an invalid polygon GEOS
      // refuses): vertices that round together are merged, and what is left under 4 points or
      // under 0.01 m² dropped (its neighbours' areas cover it)
      const out: [number, number][] = [];
      for (const [x, y] of ring) {
        const p = back(x, y);
        const last = out.at(-1);
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
      if (out.length >= 4 && Math.abs(shoelace(ring)) >= 0.01) polygons[m.cell]!.push([out]);
    });
  }
  // a collection of convex polygons, not a MultiPolygon: its parts share edges, which a MultiPolygon
  // may not (ST_MakeValid would then drop faces); SQL unions them
  return polygons.map((p) =>
    JSON.stringify({
      type: 'GeometryCollection',
      geometries: p.map((coordinates) => ({ type: 'Polygon', coordinates })),
    }),
  );
}

/** Twice the signed area of a ring (m² in local metres). */
function shoelace(ring: readonly [number, number][]): number {
  let a = 0;
  for (let i = 1; i < ring.length; i++) a += ring[i - 1]![0] * ring[i]![1] - ring[i]![0] * ring[i - 1]![1];
  return a / 2;
}

/** Each building without households goes to the cell of the nearest building with some. */
function attachEmpty(
  cells: Cell[],
  sites: readonly Site[],
  rows: readonly { id: number; lon: number; lat: number; households: number }[],
) {
  if (cells.length === 0) return;
  const cellOf = new Map<number, Cell>();
  for (const c of cells) for (const id of c.ids) cellOf.set(id, c);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const r of rows) {
    if (r.households > 0) continue;
    let best: Site | undefined;
    let d = Infinity;
    for (const s of sites) {
      const o = byId.get(s.id)!;
      const dd = (o.lon - r.lon) ** 2 + (o.lat - r.lat) ** 2;
      if (dd < d) [d, best] = [dd, s];
    }
    if (best) cellOf.get(best.id)!.ids.push(r.id);
  }
}

export async function divisionOf(db: Db, id: number, jurisdiction: string): Promise<Division> {
  const row = await selectDivision(db, id, jurisdiction);
  if (!row) throw notFound(`division ${id}`, 'id');
  const [cells, bbox] = await Promise.all([selectCells(db, id), selectDivisionBbox(db, id)]);
  const seq = new Map<string, number>();
  return {
    ...summaryOf(row),
    report: row.report,
    bbox: bbox ?? [0, 0, 0, 0],
    cells: {
      type: 'FeatureCollection',
      features: cells.map((c) => {
        const k = (seq.get(c.community) ?? 0) + 1;
        seq.set(c.community, k);
        return {
          type: 'Feature',
          id: c.ord,
          geometry: c.geometry,
          properties: {
            ord: c.ord,
            community: c.community,
            households: c.households,
            buildings: c.buildings,
            code: c.community + String(k).padStart(3, '0'),
          },
        };
      }),
    },
  };
}

const summaryOf = (r: DivisionRow): DivisionSummary => ({
  id: r.id,
  region: r.region,
  households: r.households,
  status: r.status,
  createdAt: r.createdAt,
  spread: r.report.spread,
});

export async function listDivisions(
  db: Db,
  region: string,
  jurisdiction: string,
): Promise<DivisionSummary[]> {
  return (await selectDivisions(db, region, jurisdiction)).map(summaryOf);
}

/**
 * A proposal's cells become the grid regions of their communities (codes community + 001…,
 * existing cells of those codes reshaped, surplus ones removed), buildings, residents and places
 * are put into them, and the 3D Tiles log notes the change. Refused when a surplus cell still has
 * cases or grid workers: they must be moved first.
 */
export async function commitDivision(
  db: Db,
  id: number,
  caller: Pick<Caller, 'jurisdiction'>,
): Promise<Division> {
  const division = await divisionOf(db, id, caller.jurisdiction);
  if (division.status !== 'proposed')
    throw new HttpError(409, 'not_proposed', `division ${id} is ${division.status}`, 'id');
  const communities = [...new Set(division.cells.features.map((f) => f.properties.community))];
  await db.transaction(async (tx) => {
    const written: string[] = [];
    const surplus: string[] = [];
    for (const community of communities) {
      const name = division.report.communities.find((c) => c.code === community)?.name ?? community;
      const codes = await writeCommunityCells(tx, id, community, name);
      const old = await selectCellsInUse(tx, community);
      for (const o of old)
        if (!codes.includes(o.code)) {
          if (o.cases > 0 || o.workers > 0)
            throw new HttpError(
              409,
              'cell_in_use',
              `cell ${o.code} has ${o.cases} cases and ${o.workers} grid workers: move them before a division with fewer cells`,
              'id',
            );
          surplus.push(o.code);
        }
      written.push(...codes);
    }
    await reassignToGrids(tx, [...written, ...surplus]);
    await placeDivisionBuildings(tx, id);
    await deleteGridCells(tx, surplus);
    if (!(await setDivisionStatus(tx, id, 'committed')))
      throw new HttpError(409, 'not_proposed', `division ${id} was decided meanwhile`, 'id');
  });
  return divisionOf(db, id, caller.jurisdiction);
}

export async function discardDivision(
  db: Db,
  id: number,
  caller: Pick<Caller, 'jurisdiction'>,
): Promise<void> {
  await divisionOf(db, id, caller.jurisdiction);
  if (!(await setDivisionStatus(db, id, 'discarded')))
    throw new HttpError(409, 'not_proposed', `division ${id} is not a proposal any more`, 'id');
}
