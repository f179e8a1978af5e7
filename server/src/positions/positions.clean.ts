import { POSITION_LIMITS, type DropReason, type PositionPoint } from '../../../contracts/workers.ts';

/** A fix as stored: epoch ms, WGS84 degrees, nulls for what the device did not send. */
export interface Fix {
  t: number;
  lon: number;
  lat: number;
  accuracyM: number | null;
  speedMps: number | null;
  headingDeg: number | null;
  batteryPct: number | null;
}

/** How many recent fixes per device are kept for duplicate and jump checks of late points. */
export const TRAIL_LENGTH = 64;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine; < 0.5 % off the ellipsoid, plenty for a jump filter). */
export function distanceM(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const toFix = (p: PositionPoint): Fix => ({
  t: p.t,
  lon: p.lon,
  lat: p.lat,
  accuracyM: p.accuracyM ?? null,
  speedMps: p.speedMps ?? null,
  headingDeg: p.headingDeg ?? null,
  batteryPct: p.batteryPct ?? null,
});

export interface CleanResult {
  /** Accepted fixes in time order. */
  accepted: Fix[];
  dropped: { index: number; reason: DropReason }[];
  /** The device's trail with the accepted fixes merged in (time order, at most TRAIL_LENGTH). */
  trail: Fix[];
}

/** Why a single point is unusable on its own, before comparing it with its neighbours. */
function alone(p: Fix, now: number): DropReason | undefined {
  const { lon, lat, t } = p;
  // (0, 0) is what many receivers report without a fix ("null island"), never a grid worker.
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90 || (lon === 0 && lat === 0)) return 'out_of_range';
  if (t > now + POSITION_LIMITS.maxFutureMs) return 'future';
  if (t < now - POSITION_LIMITS.maxAgeMs) return 'too_old';
  return undefined;
}

/** Epoch ms as the whole microseconds PostgreSQL stores in a timestamptz. */
export const micros = (ms: number) => Math.round(ms * 1000);

/** Index of the last fix with t < at (binary search over a time-ordered array), or -1. */
function before(fixes: readonly Fix[], at: number): number {
  let lo = 0;
  let hi = fixes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fixes[mid]!.t < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const tooFast = (a: Fix, b: Fix) => {
  const dtS = Math.abs(b.t - a.t) / 1000;
  const kmh = (distanceM(a.lon, a.lat, b.lon, b.lat) / Math.max(dtS, 1)) * 3.6;
  return kmh > POSITION_LIMITS.maxSpeedKmh;
};

/**
 * Cleans one batch of a device against its recent trail: drops out-of-range coordinates, times far
 * in the future or too old, exact duplicates (a fix at a time the device already reported), and
 * jumps implying more than 200 km/h from the previous fix in time order (the next one when the
 * point is the device's earliest). Points may come in any order; late ones are checked against
 * their neighbours in time, not against arrival order. Pure: the caller keeps the returned trail.
 */
export function cleanBatch(
  points: readonly PositionPoint[],
  trail: readonly Fix[],
  now: number,
  /** Times (epoch µs) the history already holds beyond the trail: those points are duplicates too. */
  stored?: ReadonlySet<number>,
): CleanResult {
  const dropped: CleanResult['dropped'] = [];
  const candidates: { fix: Fix; index: number }[] = [];
  points.forEach((p, index) => {
    const fix = toFix(p);
    const reason = alone(fix, now);
    if (reason) dropped.push({ index, reason });
    else candidates.push({ fix, index });
  });
  candidates.sort((a, b) => a.fix.t - b.fix.t || a.index - b.index);

  const merged = [...trail];
  const accepted: Fix[] = [];
  for (const { fix, index } of candidates) {
    const i = before(merged, fix.t);
    const next = merged[i + 1];
    if ((next && next.t === fix.t) || stored?.has(micros(fix.t))) {
      dropped.push({ index, reason: 'duplicate' });
      continue;
    }
    const neighbour = i >= 0 ? merged[i] : next;
    if (neighbour && tooFast(neighbour, fix)) {
      dropped.push({ index, reason: 'jump' });
      continue;
    }
    merged.splice(i + 1, 0, fix);
    accepted.push(fix);
  }
  dropped.sort((a, b) => a.index - b.index);
  return { accepted, dropped, trail: merged.slice(-TRAIL_LENGTH) };
}

/** Metres within which a worker counts as still (GPS noise of a phone standing in one place). */
export const STILL_RADIUS_M = 30;

export interface Stillness {
  stillSince: number;
  anchorLon: number;
  anchorLat: number;
}

/** The still period after a newer fix: kept while within STILL_RADIUS_M of the anchor, else restarts. */
export function nextStillness(prev: Stillness | undefined, fix: Fix): Stillness {
  if (prev && distanceM(prev.anchorLon, prev.anchorLat, fix.lon, fix.lat) <= STILL_RADIUS_M) return prev;
  return { stillSince: fix.t, anchorLon: fix.lon, anchorLat: fix.lat };
}
