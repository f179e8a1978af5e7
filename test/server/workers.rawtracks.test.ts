import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHistory } from '../../server/src/positions/positions.sql.ts';
import { selectRawTracks } from '../../server/src/workers/workers.sql.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A } from '../fixtures/smallDistrict.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

const t0 = Date.UTC(2026, 0, 15, 8, 0, 0);

describe.each(testEngines())('raw track points on $name', (engine) => {
  let t: TestDb;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    await t.db.query(`SELECT positions_ensure_partitions('2026-01-15', '2026-01-16')`);
    // 20 workers (three statements of 8, 8 and 4), worker k with k points given out of time order.
    for (let k = 0; k < 20; k++) {
      const { rows } = await t.db.query<{ id: number }>(
        `INSERT INTO grid_workers (employee_no, name, grid_code) VALUES ($1, $2, $3) RETURNING id`,
        [`RT${k}`, `轨迹${k}`, k % 2 ? GRID_B : GRID_A],
      );
      ids.push(rows[0]!.id);
      const fixes = Array.from({ length: k }, (_, i) => ({
        t: t0 + (k - i) * 1000 + 0.5,
        lon: 117 + k / 1000 + i / 1e7,
        lat: 39 - i / 3e7,
        accuracyM: null,
        speedMps: null,
        headingDeg: null,
        batteryPct: null,
      }));
      await insertHistory(t.db, [{ workerId: rows[0]!.id, fixes }]);
    }
    // Outside the range: not part of any answer.
    await insertHistory(t.db, [
      {
        workerId: ids[5]!,
        fixes: [
          {
            t: t0 + 2 * 86_400_000,
            lon: 1,
            lat: 1,
            accuracyM: null,
            speedMps: null,
            headingDeg: null,
            batteryPct: null,
          },
        ],
      },
    ]);
  });
  afterAll(() => t?.cleanup());

  it('gives each visible worker its points in time order, exactly, across several statements', async () => {
    const asked = [...ids].reverse().concat(ids[3]!, 987_654);
    const rows = await selectRawTracks(t.db, asked, t0, t0 + 86_400_000, '');
    expect(rows.map((r) => r.workerId)).toEqual(ids);
    const { rows: expected } = await t.db.query<{ t: number[]; lon: number[]; lat: number[] }>(
      `SELECT array_agg((extract(epoch FROM t) * 1000)::float8 ORDER BY t) AS t, array_agg(lon ORDER BY t) AS lon,
              array_agg(lat ORDER BY t) AS lat
       FROM position_history WHERE worker_id = $1 AND t < $2 GROUP BY worker_id`,
      [ids[19], new Date(t0 + 86_400_000).toISOString()],
    );
    expect(rows[19]).toMatchObject({ name: '轨迹19', gridCode: GRID_B, ...expected[0] });
    expect(rows[19]!.t).toHaveLength(19);
    expect(rows[19]!.t![0]).toBe(t0 + 1000.5);
    expect(rows[0]).toMatchObject({ t: null, lon: null, lat: null });
    expect(rows.map((r) => r.t?.length ?? 0)).toEqual(ids.map((_, k) => k));
  });

  it('leaves out workers outside the jurisdiction', async () => {
    const rows = await selectRawTracks(t.db, ids, t0, t0 + 86_400_000, STREET_A);
    expect(rows.map((r) => r.gridCode)).toEqual(ids.filter((_, k) => k % 2 === 0).map(() => GRID_A));
  });
});
