import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../server/src/positions/positions.clean.ts';
import { insertHistory, insertHistoryUnnest } from '../../server/src/positions/positions.sql.ts';
import { PositionWriter } from '../../server/src/positions/positions.writer.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 15, 8, 0, 0);

/** Fixes with every nullable column both set and NULL, sub-millisecond times and extreme values. */
const fixes = (): Fix[] => [
  {
    t: t0,
    lon: 117.123456789012,
    lat: 39.17,
    accuracyM: 4.5,
    speedMps: 1.25,
    headingDeg: 359.5,
    batteryPct: 80,
  },
  {
    t: t0 + 1000.25,
    lon: -180,
    lat: -90,
    accuracyM: null,
    speedMps: null,
    headingDeg: null,
    batteryPct: null,
  },
  { t: t0 + DAY, lon: 180, lat: 90, accuracyM: 0, speedMps: 0, headingDeg: 0, batteryPct: 100 },
  // Before 2000-01-01: negative microseconds in the binary format.
  {
    t: Date.UTC(1999, 11, 31, 23, 59, 59, 1),
    lon: 1,
    lat: 2,
    accuracyM: 3,
    speedMps: null,
    headingDeg: 7,
    batteryPct: null,
  },
];

describe.each(testEngines())('position history writes on $name', (engine) => {
  let t: TestDb;
  const rowsOf = async (workerId: number) =>
    (
      await t.db.query<{ us: number; part: string }>(
        `SELECT (extract(epoch FROM t) * 1e6)::int8 AS us, lon, lat, accuracy_m, speed_mps, heading_deg,
                battery_pct, tableoid::regclass::text AS part
         FROM position_history WHERE worker_id = $1 ORDER BY t`,
        [workerId],
      )
    ).rows.map(({ part, ...r }) => ({ ...r, part: String(part).replace(/\d+$/, 'day') }));

  beforeAll(async () => {
    t = await engine.open();
    await t.db.query(`SELECT positions_ensure_partitions('2026-01-15', '2026-01-16')`);
  });
  afterAll(() => t?.cleanup());

  it(
    engine.name === 'postgres' ? 'COPY stores exactly what the INSERT stores' : 'has no COPY: INSERT',
    async () => {
      expect(typeof t.db.copyFrom).toBe(engine.name === 'postgres' ? 'function' : 'undefined');
      // Ids above 2^32 check the int8 halves; 2 workers in one batch check row framing.
      const big = 2 ** 33 + 5;
      const n = await insertHistory(t.db, [
        { workerId: big, fixes: fixes() },
        { workerId: 7, fixes: fixes().slice(0, 1) },
      ]);
      expect(n).toBe(5);
      await insertHistoryUnnest(t.db, [{ workerId: 8, fixes: fixes() }]);
      const copied = await rowsOf(big);
      expect(copied).toEqual(await rowsOf(8));
      expect(copied).toHaveLength(4);
      expect(copied.map((r) => r.part)).toEqual([
        'position_history_default',
        'position_history_day',
        'position_history_day',
        'position_history_day',
      ]);
      expect(Number(copied[2]!.us)).toBe((t0 + 1000.25) * 1000);
      expect(copied[1]).toMatchObject({ lon: 117.123456789012, accuracy_m: 4.5, heading_deg: 359.5 });
      expect(await rowsOf(7)).toHaveLength(1);
    },
  );

  it('a row the table refuses fails the whole batch inside its transaction', async () => {
    const bad = { ...fixes()[0]!, lat: 91 }; // CHECK (lat BETWEEN -90 AND 90)
    await expect(
      t.db.transaction((tx) => insertHistory(tx, [{ workerId: 9, fixes: [fixes()[0]!, bad] }])),
    ).rejects.toThrow(/check constraint/);
    expect(await rowsOf(9)).toEqual([]);
    // The pool's connections still work after the failed COPY.
    await insertHistory(t.db, [{ workerId: 9, fixes: fixes().slice(0, 1) }]);
    expect(await rowsOf(9)).toHaveLength(1);
  });

  it('the writer holds its flushes until the start-up partitions are made', async () => {
    let partitionsMade: () => void = () => undefined;
    const ready = new Promise<void>((r) => (partitionsMade = r));
    const writer = new PositionWriter(
      t.db,
      { flushMs: 1, maxBatch: 100, maxQueued: 100, concurrency: 1 },
      () => undefined,
      ready,
    );
    let acked = false;
    const done = writer.submit([{ workerId: 11, fixes: fixes().slice(0, 2) }], []).then(() => (acked = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(acked).toBe(false);
    expect(await rowsOf(11)).toEqual([]);
    partitionsMade();
    await done;
    expect(await rowsOf(11)).toHaveLength(2);
    await writer.close();
  });
});
