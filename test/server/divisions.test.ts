import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIVISION_PATHS, divisionSchema, type Division } from '../../contracts/divisions.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

/**
 * 网格划分 on a hand-made community: 1.2 km × 1.2 km, cut into four blocks by two roads, 64
 * buildings of known households (some without houses, estimated; a school with none). Divided into
 * cells of about 300 households: the spread, every building in one cell, cells tiling the
 * community without overlap, cuts along the roads; committed into grid regions, buildings moved in.
 */
const X0 = 114.0;
const Y0 = 22.5;
// metres east and north of the community's south-west corner, at 22.5°N
const m = (x: number, y: number): [number, number] => [X0 + x / 102_850, Y0 + y / 110_574];
const box = (x0: number, y0: number, x1: number, y1: number) =>
  `MULTIPOLYGON(((${[m(x0, y0), m(x1, y0), m(x1, y1), m(x0, y1), m(x0, y0)].map((p) => p.join(' ')).join(',')})))`;
const COMMUNITY = '440305002001';

describe.each(testEngines())('grid division on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(srv.url + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const q = async <T>(sql: string, params: unknown[] = []) => (await t.db.query<T>(sql, params)).rows;

  beforeAll(async () => {
    t = await engine.open();
    for (const [code, level, parent] of [
      ['440305', 'district', null],
      ['440305002', 'street', '440305'],
      [COMMUNITY, 'community', '440305002'],
    ] as const)
      await t.db.query(
        `INSERT INTO regions (code, parent_code, level, name, geom) VALUES ($1, $2, $3, $4, ST_GeomFromText($5, 4326))`,
        [code, parent, level, code === COMMUNITY ? '深大社区' : code, box(0, 0, 1200, 1200)],
      );
    // two roads crossing in the middle: four blocks of 16 buildings
    for (const line of [
      [m(600, -50), m(600, 1250)],
      [m(-50, 600), m(1250, 600)],
    ])
      await t.db.query(`INSERT INTO roads (class, geom) VALUES ('primary', ST_GeomFromText($1, 4326))`, [
        `LINESTRING(${line.map((p) => p.join(' ')).join(',')})`,
      ]);
    let n = 0;
    for (const bx of [0, 1])
      for (const by of [0, 1])
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 4; j++) {
            const x = bx * 620 + 60 + i * 130;
            const y = by * 620 + 60 + j * 130;
            const school = bx === 1 && by === 1 && i === 0 && j === 0;
            const { rows } = await t.db.query<{ id: number }>(
              `INSERT INTO buildings (source, source_id, use, floors, height_m, footprint)
               VALUES ('t', $1, $2, 6, 18, ST_GeomFromText($3, 4326)) RETURNING id`,
              [`b${n++}`, school ? 'school' : 'residential', box(x, y, x + 60, y + 25)],
            );
            // most have their houses recorded (36 each); every fourth none (estimated: 6 floors × 1,500 m² / 100)
            if (!school && (i + j) % 4 !== 0)
              await t.db.query(
                `INSERT INTO houses (building_id, entrance, floor, room)
                 SELECT $1, 1, f, f::text || lpad(r::text, 2, '0') FROM generate_series(1, 6) f, generate_series(1, 6) r`,
                [rows[0]!.id],
              );
          }
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    admin = (await loginAs(t.db, srv.url, 'admin', '440305')).headers;
    operator = (await loginAs(t.db, srv.url, 'operator', '440305')).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('proposes cells of about 300 households that tile the community, split no building and follow the roads', async () => {
    expect((await call('POST', DIVISION_PATHS.list, operator, { region: COMMUNITY })).status).toBe(403);
    expect(
      (await call('POST', DIVISION_PATHS.list, admin, { region: '440306', households: 300 })).status,
    ).toBe(404);
    const r = await call('POST', DIVISION_PATHS.list, admin, { region: COMMUNITY, households: 300 });
    expect(r.status).toBe(201);
    const d: Division = divisionSchema.parse(r.body);
    const c = d.report.communities[0]!;
    // 48 recorded × 36 = 1,728; 15 estimated × 6 floors × 15 = 1,350 (60 × 25 m = 1,500 m²)
    expect(c).toMatchObject({ buildings: 64, estimatedBuildings: 15, households: 1728 + 1350 });
    // the blocks: 3 × 792 households (3 cells each) and 702 with the school (2 cells)
    expect(d.report.spread.cells).toBe(11);
    expect(d.report.spread.withinShare).toBeGreaterThanOrEqual(0.9);
    expect(d.status).toBe('proposed');
    // every building in exactly one cell, whole
    const cells = await q<{ ord: number; ids: number[] }>(
      `SELECT ord, building_ids AS ids FROM grid_division_cells WHERE division_id = $1`,
      [d.id],
    );
    const all = cells.flatMap((x) => x.ids.map(Number));
    expect(all.length).toBe(64); // the school too, in its neighbour's cell
    expect(new Set(all).size).toBe(64);
    const split = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM buildings b JOIN grid_division_cells c ON c.division_id = $1
         AND b.id = ANY (c.building_ids) WHERE NOT ST_CoveredBy(b.footprint, ST_Buffer(c.geom, 0.0000001))`,
      [d.id],
    );
    expect(split[0]!.n).toBe(0);
    // the cells tile the community: their areas add up to it, and they do not overlap
    const [tiling] = await q<{ cells: number; community: number; overlap: number }>(
      `SELECT sum(ST_Area(c.geom)) / max(ST_Area(r.geom)) AS cells, 1 AS community,
              (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM grid_division_cells a
               JOIN grid_division_cells b ON a.division_id = b.division_id AND a.ord < b.ord AND ST_Intersects(a.geom, b.geom)
               WHERE a.division_id = $1) / max(ST_Area(r.geom)) AS overlap
       FROM grid_division_cells c, regions r WHERE c.division_id = $1 AND r.code = $2`,
      [d.id, COMMUNITY],
    );
    expect(tiling!.cells).toBeCloseTo(1, 3);
    // each cell one piece (contiguous)
    const parts = await q<{ n: number }>(
      `SELECT ST_NumGeometries(geom)::int AS n FROM grid_division_cells WHERE division_id = $1`,
      [d.id],
    );
    expect(parts.map((p) => p.n)).toEqual(parts.map(() => 1));
    expect(tiling!.overlap).toBeLessThan(0.001);
    // the roads divide it: no cell reaches across both roads' sides, i.e. holds buildings of two blocks
    const blocks = await q<{ ord: number; blocks: number }>(
      `SELECT c.ord, count(DISTINCT (ST_X(ST_Centroid(b.footprint)) > $2, ST_Y(ST_Centroid(b.footprint)) > $3))::int AS blocks
       FROM grid_division_cells c JOIN buildings b ON b.id = ANY (c.building_ids) WHERE c.division_id = $1 GROUP BY c.ord`,
      [d.id, m(600, 0)[0], m(0, 600)[1]],
    );
    expect(blocks.filter((b) => b.blocks > 1)).toEqual([]);
  });

  it('commits a proposal into grid regions with their buildings; a coarser one removes the surplus cells', async () => {
    const d = (await call('POST', DIVISION_PATHS.list, admin, { region: '440305002', households: 300 }))
      .body as Division;
    const committed = await call('POST', DIVISION_PATHS.commit(d.id), admin);
    expect(committed.status).toBe(200);
    expect(committed.body.status).toBe('committed');
    const audited = await q<{ target: string }>(
      `SELECT target FROM audit_log WHERE action = 'divisions.commit'`,
    );
    expect(audited).toEqual([{ target: `division:${d.id}` }]);
    const grids = await q<{ code: string; name: string }>(
      `SELECT code, name FROM regions WHERE parent_code = $1 ORDER BY code`,
      [COMMUNITY],
    );
    expect(grids.map((g) => g.code)).toEqual(d.cells.features.map((f) => f.properties.code));
    expect(grids[0]!.name).toBe('深大社区第1网格');
    const unplaced = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM buildings WHERE grid_code IS NULL`,
    );
    expect(unplaced[0]!.n).toBe(0);
    expect((await call('POST', DIVISION_PATHS.commit(d.id), admin)).status).toBe(409);
    // a case in the last cell keeps it: a division with fewer cells is refused until it moves
    const last = grids.at(-1)!.code;
    await t.db.query(
      `INSERT INTO cases (number, major, minor, source, state, grid_code, geom, description, description_key,
                          stage_started_at, created_at, updated_at)
       SELECT 'T1', 'city', 'garbage', 'hotline', 'reported', $1, ST_PointOnSurface(geom), 'x', 'x', now(), now(), now()
       FROM regions WHERE code = $1`,
      [last],
    );
    const coarse = (await call('POST', DIVISION_PATHS.list, admin, { region: COMMUNITY, households: 1000 }))
      .body as Division;
    expect(coarse.report.spread.cells).toBe(4); // one per block: none reaches 600
    const refused = await call('POST', DIVISION_PATHS.commit(coarse.id), admin);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'cell_in_use' } } });
    expect((await q(`SELECT 1 FROM regions WHERE parent_code = $1`, [COMMUNITY])).length).toBe(grids.length);
    await t.db.query(`UPDATE cases SET grid_code = $1 WHERE number = 'T1'`, [grids[0]!.code]);
    expect((await call('POST', DIVISION_PATHS.commit(coarse.id), admin)).status).toBe(200);
    const after = await q<{ code: string }>(`SELECT code FROM regions WHERE parent_code = $1 ORDER BY code`, [
      COMMUNITY,
    ]);
    expect(after.map((g) => g.code)).toEqual([1, 2, 3, 4].map((k) => `${COMMUNITY}00${k}`));
    const list = await call('GET', `${DIVISION_PATHS.list}?region=${COMMUNITY}`, admin);
    expect(list.body.divisions.map((x: { status: string }) => x.status)).toEqual([
      'committed',
      'committed',
      'proposed',
    ]);
    expect((await call('DELETE', DIVISION_PATHS.one(list.body.divisions[2].id), admin)).status).toBe(204);
  });
});
