import type { Track } from '../../../contracts/workers.ts';

/** Index of the last path vertex at or before t (-1 before the first). Binary search: paths are ordered by t. */
export function vertexBefore(track: Track, t: number): number {
  const ts = track.path.t;
  let lo = 0;
  let hi = ts.length - 1;
  if (hi < 0 || t < ts[0]!) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Where the worker was at t [lon°, lat°], linear between path vertices; null before the first fix. */
export function positionAt(track: Track, t: number): [number, number] | null {
  const { lon, lat, t: ts } = track.path;
  const i = vertexBefore(track, t);
  if (i < 0) return null;
  if (i >= ts.length - 1) return [lon[i]!, lat[i]!];
  const span = ts[i + 1]! - ts[i]!;
  const k = span > 0 ? (t - ts[i]!) / span : 0;
  return [lon[i]! + (lon[i + 1]! - lon[i]!) * k, lat[i]! + (lat[i + 1]! - lat[i]!) * k];
}

/** The played part of the path up to t: its vertices and the interpolated head, flat [lon, lat, …]. */
export function playedPath(track: Track, t: number): number[] {
  const i = vertexBefore(track, t);
  if (i < 0) return [];
  const out: number[] = [];
  for (let k = 0; k <= i; k++) out.push(track.path.lon[k]!, track.path.lat[k]!);
  const head = positionAt(track, t);
  if (head && i < track.path.t.length - 1) out.push(head[0], head[1]);
  return out;
}

/** "12 min" / "1 h 05 min" style durations are built by the caller's t(); this gives whole minutes. */
export function stopMinutes(durationS: number): number {
  return Math.max(1, Math.round(durationS / 60));
}
