import type { Db } from './db/db.ts';

/** On an empty database (no regions, no buildings), generates and loads the demo district. */
export async function seedDemoIfEmpty(db: Db, opts: { seed: number; scale: number }): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM regions) + (SELECT count(*) FROM buildings))::int AS n`,
  );
  if (rows[0]!.n > 0) return false;
  const t0 = Date.now();
  console.log(
    `[demo] empty database: generating the demo district (seed ${opts.seed}, scale ${opts.scale}) …`,
  );
  // Loaded lazily: the generator is only needed once per database.
  const { generateDistrict } = await import('../../data/generator/generateDistrict.ts');
  const { loadDistrict } = await import('../../data/generator/loadDistrict.ts');
  const district = generateDistrict({ seed: opts.seed, scale: opts.scale });
  let last = '';
  const counts = await loadDistrict(db, district, (table, done, total) => {
    if (done === total && table !== last) {
      last = table;
      console.log(`[demo]   ${table}: ${total.toLocaleString('en')}`);
    }
  });
  console.log(`[demo] loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`, counts);
  return true;
}
