import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimWorkers } from '../../data/simulate/simulate.sql.ts';
import { loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

describe.each(testEngines())('simulated phones on $name', (engine) => {
  let t: TestDb;
  const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
  });
  afterAll(() => t?.cleanup());

  it('makes workers, accounts and tokens once, and reuses tokens it is handed back', async () => {
    const first = await ensureSimWorkers(t.db, 5, { days: 30 });
    expect(first).toHaveLength(5);
    expect(await count(`SELECT count(*)::int AS n FROM grid_workers`)).toBe(5);
    const tokens = `SELECT count(*)::int AS n FROM api_tokens WHERE name = 'simulator'`;
    expect(await count(tokens)).toBe(5);
    expect(
      await count(`SELECT count(*)::int AS n FROM api_tokens WHERE expires_at > now() + interval '29 days'`),
    ).toBe(5);

    // A restart hands back what it kept: nothing new, the same tokens; a lost one is replaced.
    const known = new Map(first.map((s) => [s.workerId, s.token]));
    known.set(first[4]!.workerId, 'gct_not_a_token_anyone_has');
    const again = await ensureSimWorkers(t.db, 5, { known, days: 30 });
    expect(again.slice(0, 4)).toEqual(first.slice(0, 4));
    expect(again[4]!.token).not.toBe(first[4]!.token);
    expect(await count(tokens)).toBe(6);
    expect(await count(`SELECT count(*)::int AS n FROM users WHERE username LIKE 'sim-%'`)).toBe(5);

    // A token with less than a day left is not reused (a long demo would lose its phones).
    await t.db.query(
      `UPDATE api_tokens SET expires_at = now() + interval '2 hours' WHERE token_hash IS NOT NULL`,
    );
    const later = await ensureSimWorkers(t.db, 5, {
      known: new Map(again.map((s) => [s.workerId, s.token])),
    });
    expect(later.map((s) => s.token).filter((tk) => again.some((a) => a.token === tk))).toEqual([]);
  });
});
