const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A window split into whole local days (from the day rollups) and hours at its edges (hour rollups). */
export interface WindowParts {
  fromMs: number;
  toMs: number;
  /** Local days [firstDay, endDay) as YYYY-MM-DD; null when the window holds no whole day. */
  days: { first: string; end: string } | null;
  /** Hour ranges [from, to) in epoch ms, at most two (before the first and after the last whole day). */
  hours: [number, number][];
}

const localDate = (ms: number, offsetMin: number) =>
  new Date(ms + offsetMin * 60_000).toISOString().slice(0, 10);

/**
 * Rounds [fromMs, toMs) out to whole hours and splits it at local midnights (UTC offset in
 * minutes): the slider's day-aligned windows read only day rows; a custom window adds ≤ 46 hours.
 */
export function splitWindow(fromMs: number, toMs: number, offsetMin: number): WindowParts {
  const from = Math.floor(fromMs / HOUR) * HOUR;
  const to = Math.ceil(toMs / HOUR) * HOUR;
  const off = offsetMin * 60_000;
  const firstMid = Math.ceil((from + off) / DAY) * DAY - off;
  const lastMid = Math.floor((to + off) / DAY) * DAY - off;
  if (firstMid >= lastMid) return { fromMs: from, toMs: to, days: null, hours: [[from, to]] };
  const hours: [number, number][] = [];
  if (from < firstMid) hours.push([from, firstMid]);
  if (lastMid < to) hours.push([lastMid, to]);
  return {
    fromMs: from,
    toMs: to,
    days: { first: localDate(firstMid, offsetMin), end: localDate(lastMid, offsetMin) },
    hours,
  };
}
