import { cellOfPoint } from './h3.ts';

const HOUR = 3_600_000;

/** A fix as the presence rollup needs it: worker, time (epoch ms), WGS84 point. */
export interface PresenceFix {
  w: number;
  t: number;
  lon: number;
  lat: number;
}

/** Rows for upsertPresence: fixes counted per hour × worker × resolution-10 H3 cell. */
export function presenceRows(fixes: Iterable<PresenceFix>) {
  const counts = new Map<string, number>();
  for (const f of fixes) {
    const key = `${Math.floor(f.t / HOUR) * HOUR}|${f.w}|${cellOfPoint(f.lon, f.lat)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = { hour: [] as number[], worker: [] as number[], h3: [] as string[], n: [] as number[] };
  for (const [key, n] of counts) {
    const [hour, worker, h3] = key.split('|');
    rows.hour.push(Number(hour));
    rows.worker.push(Number(worker));
    rows.h3.push(h3!);
    rows.n.push(n);
  }
  return rows;
}
