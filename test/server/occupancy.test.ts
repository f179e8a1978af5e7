import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OCCUPANCY_PATH, type OccupancyAnswer, type OccupancyTrend } from '../../contracts/occupancy.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, PEOPLE, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
type Json = any;

/**
 * The small district counted by hand (test/fixtures/smallDistrict.ts), ages as of 2026:
 * building A (grid A): houses 1-101 (张伟 1980, 李娜 1982 petitioner, 张小明 2012), 1-102 (王芳
 * 1945, elderly alone), 2-01 rented (赵强 1995, floating), 2-101 vacant; building B (grid B): one
 * house (刘洋 1970); building X lies outside every grid cell and counts nowhere.
 */
const A = {
  buildings: 1,
  houses: 4,
  occupied: 3,
  residents: 5,
  perHouse: 5 / 3,
  floating: 1,
  floatingShare: 0.2,
  rented: 1,
  rentedShare: 0.25,
  vacant: 1,
  vacancy: 0.25,
  elderly: 1,
  elderlyAlone: 1,
  children: 1,
};
const B = { ...A, houses: 1, occupied: 1, residents: 1, perHouse: 1, floating: 0, floatingShare: 0 };
Object.assign(B, {
  rented: 0,
  rentedShare: 0,
  vacant: 0,
  vacancy: 0,
  elderly: 0,
  elderlyAlone: 0,
  children: 0,
});

describe.each(testEngines())('occupancy analytics on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let ids: Awaited<ReturnType<typeof loadSmallDistrict>>;
  const h: Record<string, Record<string, string>> = {};
  const get = async (path: string, who: string): Promise<{ status: number; body: Json; res: Response }> => {
    const res = await fetch(srv.url + path, { headers: h[who] });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, res };
  };
  const q = (o: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)]));

  beforeAll(async () => {
    t = await engine.open();
    ids = await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    for (const [name, role, j] of [
      ['analyst', 'analyst', '120106'],
      ['opA', 'operator', STREET_A],
      ['gwA', 'grid_worker', GRID_A],
      ['admin', 'admin', '120106'],
    ] as const)
      h[name] = (await loginAs(t.db, srv.url, role, j)).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('counts houses and residents per street, community, grid cell and building, adding up to the total', async () => {
    for (const level of ['street', 'community', 'grid'] as const) {
      const r = await get(`${OCCUPANCY_PATH}?${q({ level })}`, 'analyst');
      expect(r.status).toBe(200);
      const a = r.body as OccupancyAnswer;
      expect(a.region).toEqual({ code: '120106', name: '红桥区', level: 'district' });
      expect(a.count).toBe(2);
      // sorted by residents, most first: A's unit then B's
      expect(a.rows.map((x) => x.code.slice(0, 9))).toEqual([STREET_A, STREET_B]);
      expect(a.rows[0]).toMatchObject({ ...A, keyPopulation: null, keyTags: null });
      expect(a.rows[1]).toMatchObject(B);
      expect(a.rows[0]!.bbox).toEqual([117.1, 39.14, 117.15, 39.2]);
      // the total is the sum of the units (building X, outside every grid cell, counts nowhere)
      expect(a.total).toMatchObject({ buildings: 2, houses: 5, occupied: 4, residents: 6, perHouse: 1.5 });
      expect(a.total).toMatchObject({
        floating: 1,
        rented: 1,
        vacant: 1,
        vacancy: 0.2,
        elderly: 1,
        children: 1,
      });
      expect(a.keyPopulationVisible).toBe(false);
    }
    const b = (await get(`${OCCUPANCY_PATH}?${q({ level: 'building', region: STREET_A })}`, 'analyst')).body;
    expect(b.rows).toEqual([
      expect.objectContaining({
        code: String(ids.buildingA),
        name: '光荣里1号楼',
        buildingId: ids.buildingA,
        ...A,
      }),
    ]);
    expect(b.total).toMatchObject(A);
  });

  it('sorts by any figure both ways and limits the rows, never the total', async () => {
    const vac = (
      await get(`${OCCUPANCY_PATH}?${q({ level: 'grid', sort: 'vacancy', order: 'asc' })}`, 'analyst')
    ).body as OccupancyAnswer;
    expect(vac.rows.map((r) => r.code)).toEqual([GRID_B, GRID_A]);
    const one = (await get(`${OCCUPANCY_PATH}?${q({ level: 'grid', limit: 1 })}`, 'analyst'))
      .body as OccupancyAnswer;
    expect(one.rows.map((r) => r.code)).toEqual([GRID_A]);
    expect(one.count).toBe(2);
    expect(one.total.residents).toBe(6);
  });

  it('keeps to the jurisdiction and shows key populations only to roles that may see them', async () => {
    const own = (await get(`${OCCUPANCY_PATH}?level=grid`, 'opA')).body as OccupancyAnswer;
    expect(own.region.code).toBe(STREET_A);
    expect(own.rows.map((r) => r.code)).toEqual([GRID_A]);
    expect(own.total.residents).toBe(5);
    for (const path of ['', '/profile', '/trend', '/export'])
      expect((await get(`${OCCUPANCY_PATH}${path}?region=${STREET_B}&level=grid`, 'opA')).status).toBe(404);
    const gw = (await get(`${OCCUPANCY_PATH}?level=building&sort=keyPopulation`, 'gwA'))
      .body as OccupancyAnswer;
    expect(gw.keyPopulationVisible).toBe(true);
    expect(gw.rows[0]).toMatchObject({ keyPopulation: 1, keyTags: { petitioner: 1, drug_user: 0 } });
    const denied = await get(`${OCCUPANCY_PATH}?sort=keyPopulation`, 'analyst');
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'forbidden', field: 'sort' });
  });

  it('answers bad questions with 400 naming the field', async () => {
    for (const [query, field] of [
      ['level=floor', 'level'],
      ['level=street&region=' + STREET_A, 'level'],
      ['region=12x', 'region'],
      ['sort=age', 'sort'],
      ['limit=0', 'limit'],
      ['limit=99999', 'limit'],
      ['order=up', 'order'],
    ]) {
      const r = await get(`${OCCUPANCY_PATH}?${query}`, 'analyst');
      expect([r.status, r.body.error?.field], query).toEqual([400, field]);
    }
    const r = await get(`${OCCUPANCY_PATH}/export?format=pdf`, 'analyst');
    expect([r.status, r.body.error.field]).toEqual([400, 'format']);
    expect((await get(`${OCCUPANCY_PATH}/trend?months=500`, 'analyst')).status).toBe(400);
  });

  it('gives the distributions: houses by residents, the age pyramid by sex', async () => {
    const p = (await get(`${OCCUPANCY_PATH}/profile`, 'analyst')).body;
    expect(p.perHouse).toEqual([
      { residents: 0, houses: 1 },
      { residents: 1, houses: 3 },
      { residents: 2, houses: 0 },
      { residents: 3, houses: 1 },
      { residents: 4, houses: 0 },
      { residents: 5, houses: 0 },
      { residents: 6, houses: 0 },
    ]);
    const { rows } = await t.db.query<{ y: number }>(`SELECT extract(year FROM current_date)::int AS y`);
    const y = rows[0]!.y;
    // ages this year (birthdays may not have passed: both bands are allowed only where they differ)
    const expected: Record<string, [number, number]> = {};
    const add = (born: string, sex: 'M' | 'F') => {
      const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
      const now = new Date();
      const age =
        y - by - (now.getMonth() + 1 < bm || (now.getMonth() + 1 === bm && now.getDate() < bd) ? 1 : 0);
      const band = age >= 80 ? '80+' : `${Math.floor(age / 10) * 10}-${Math.floor(age / 10) * 10 + 9}`;
      expected[band] ??= [0, 0];
      expected[band][sex === 'M' ? 0 : 1]++;
    };
    add('1980-03-15', 'M');
    add('1982-07-02', 'F');
    add('2012-09-01', 'M');
    add('1945-01-20', 'F');
    add('1995-11-11', 'M');
    add('1970-05-05', 'M');
    for (const a of p.ages as { band: string; M: number; F: number }[])
      expect([a.band, a.M, a.F]).toEqual([a.band, ...(expected[a.band] ?? [0, 0])]);
    expect(p.ages).toHaveLength(9);
  });

  it('follows residents moving in and out, month by month, ending at today’s count', async () => {
    const { rows } = await t.db.query<{ today: string }>(`SELECT current_date::text AS today`);
    const today = rows[0]!.today;
    const month = (back: number) => {
      const d = new Date(`${today.slice(0, 7)}-15T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - back);
      return d.toISOString().slice(0, 7);
    };
    // a family that lived in A's vacant house from before the window until five months ago
    const vacant = await t.db.query<{ id: number }>(
      `SELECT id FROM houses WHERE building_id = $1 AND status = 'vacant'`,
      [ids.buildingA],
    );
    await t.db.query(
      `INSERT INTO resident_moves (resident_id, house_id, moved_in, moved_out) VALUES
         (NULL, $1, '2019-04-01', $2::date), (NULL, $1, '2019-04-01', $2::date)`,
      [vacant.rows[0]!.id, `${month(5)}-10`],
    );
    const before = (await get(`${OCCUPANCY_PATH}/trend?months=12`, 'analyst')).body as OccupancyTrend;
    expect(before.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => month(11 - i)));
    const at = (tr: OccupancyTrend, back: number) => tr.months.find((m) => m.month === month(back))!;
    expect(at(before, 11)).toMatchObject({ residents: 2, movedIn: 0, movedOut: 0 });
    expect(at(before, 5)).toMatchObject({ residents: 0, movedIn: 0, movedOut: 2 });
    // the fixture's residents moved in today (the history began when they were recorded)
    expect(at(before, 0)).toMatchObject({ residents: 6, movedIn: 6, movedOut: 0 });

    // 赵强 moves from the rented flat to building B; 王芳's record is removed (she moved away)
    await t.db.query(
      `UPDATE residents SET house_id = (SELECT id FROM houses WHERE building_id = $1), grid_code = $2 WHERE id_number = $3`,
      [ids.buildingB, GRID_B, PEOPLE.zhaoQiang.id],
    );
    await t.db.query(`DELETE FROM residents WHERE id_number = $1`, [PEOPLE.wangFang.id]);
    const after = (await get(`${OCCUPANCY_PATH}/trend?months=12`, 'analyst')).body as OccupancyTrend;
    expect(at(after, 0)).toMatchObject({ residents: 5, movedIn: 7, movedOut: 2 });
    const table = (await get(`${OCCUPANCY_PATH}?level=street`, 'analyst')).body as OccupancyAnswer;
    expect(table.total.residents).toBe(5);
    // per street: A lost two, B gained one
    const streetA = (await get(`${OCCUPANCY_PATH}/trend?region=${STREET_A}&months=1`, 'analyst')).body;
    const streetB = (await get(`${OCCUPANCY_PATH}/trend?region=${STREET_B}&months=1`, 'analyst')).body;
    expect(streetA.months[0]).toMatchObject({ residents: 3, movedIn: 5, movedOut: 2 });
    expect(streetB.months[0]).toMatchObject({ residents: 2, movedIn: 2, movedOut: 0 });
    expect(table.rows.map((r) => r.residents)).toEqual([3, 2]);
  });

  it('exports the table the analyst sees as CSV and XLSX, aggregates only, each export audited', async () => {
    const api = (await get(`${OCCUPANCY_PATH}?level=grid`, 'analyst')).body as OccupancyAnswer;
    const csv = await get(`${OCCUPANCY_PATH}/export?level=grid&format=csv`, 'analyst');
    expect(csv.status).toBe(200);
    expect(csv.res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.res.headers.get('content-disposition')).toMatch(
      /attachment; filename="occupancy-units-120106-grid-/,
    );
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['编码', '名称', '楼栋', '房屋', '实住户', '人口']);
    expect(lines[0]).not.toContain('重点人员');
    expect(lines).toHaveLength(api.rows.length + 2);
    const cells = lines.map((l) => l.split(','));
    for (const [i, r] of api.rows.entries())
      expect(cells[i + 1]!.slice(0, 6)).toEqual([
        r.code,
        r.name,
        ...[r.buildings, r.houses, r.occupied, r.residents].map(String),
      ]);
    expect(cells.at(-1)!.slice(1, 6)).toEqual([
      '合计（红桥区）',
      ...[api.total.buildings, api.total.houses, api.total.occupied, api.total.residents].map(String),
    ]);
    // no name or ID number of a person anywhere in the file
    for (const p of Object.values(PEOPLE)) expect(bytes.toString('utf8')).not.toContain(p.id);

    const xlsx = await get(`${OCCUPANCY_PATH}/export?level=grid&format=xlsx&lang=en`, 'analyst');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((xlsx.body as Buffer).buffer as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(6).value).toBe('Residents');
    expect(ws.getRow(2).getCell(1).value).toBe(api.rows[0]!.code);
    expect(ws.getRow(2).getCell(6).value).toBe(api.rows[0]!.residents);
    expect(ws.rowCount).toBe(api.rows.length + 2);

    const trend = await get(`${OCCUPANCY_PATH}/export?table=trend&months=3`, 'analyst');
    expect((trend.body as Buffer).toString('utf8').split('\r\n')[0]).toBe('\uFEFF月份,人口,迁入,迁出');
    const audits = await t.db.query<{ target: string; params: Json; username: string }>(
      `SELECT target, params, username FROM audit_log WHERE action = 'occupancy.export' ORDER BY id`,
    );
    expect(audits.rows).toHaveLength(3);
    expect(audits.rows[0]).toMatchObject({
      target: 'region:120106',
      params: { table: 'units', format: 'csv', level: 'grid', rows: api.rows.length + 1 },
    });
    expect(audits.rows[2]!.params).toMatchObject({ table: 'trend', months: 3, rows: 3 });
    // a grid worker's export carries the key-population columns it may see
    const gw = (await get(`${OCCUPANCY_PATH}/export?level=building`, 'gwA')).body as Buffer;
    expect(gw.toString('utf8').split('\r\n')[0]).toContain('重点人员');
  });

  it('refuses an export to a wall display, and a failed export writes no audit row', async () => {
    const created = await fetch(`${srv.url}/api/displays`, {
      method: 'POST',
      headers: { ...h.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'wall', jurisdiction: '120106', publicSafe: false }),
    });
    const token = ((await created.json()) as { token: string }).token;
    h.wall = { authorization: `Bearer ${token}` };
    expect((await get(`${OCCUPANCY_PATH}?level=grid`, 'wall')).status).toBe(200);
    const before = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'occupancy.export'`);
    expect((await get(`${OCCUPANCY_PATH}/export`, 'wall')).status).toBe(403);
    expect((await get(`${OCCUPANCY_PATH}/export?table=sheet`, 'analyst')).status).toBe(400);
    const after = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'occupancy.export'`);
    expect(after.rows.length).toBe(before.rows.length);
  });
});
