import { distanceM } from '../positions/positions.clean.ts';

/** A worker's raw points in time order (epoch ms, WGS84 degrees). */
export interface RawTrack {
  t: readonly number[];
  lon: readonly number[];
  lat: readonly number[];
}

export interface StopSpan {
  lon: number;
  lat: number;
  arrivalT: number;
  departureT: number;
  durationS: number;
  /** Indexes of the first and last raw point of the stop. */
  from: number;
  to: number;
}

export interface TrackSummary {
  path: { lon: number[]; lat: number[]; t: number[] };
  stops: StopSpan[];
  distanceM: number;
  movingS: number;
  stillS: number;
  points: number;
}

/** Points within this distance of a stop's first point belong to the stop (phone GPS noise ≈ 5–15 m). */
export const STOP_RADIUS_M = 50;
/** A gap between two fixes longer than this is neither moving nor still time (phone off, no signal). */
export const GAP_MS = 5 * 60_000;

/**
 * Stay points: from each point, the longest run of following points within STOP_RADIUS_M of it;
 * a run lasting at least minStopS is a stop (arrival = its first fix, departure = its last).
 */
export function findStops(tr: RawTrack, minStopS: number): StopSpan[] {
  const stops: StopSpan[] = [];
  const n = tr.t.length;
  const near = flatDistance(tr);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && near(tr.lon[i]!, tr.lat[i]!, tr.lon[j + 1]!, tr.lat[j + 1]!) <= STOP_RADIUS_M) j++;
    if ((tr.t[j]! - tr.t[i]!) / 1000 >= minStopS) {
      const [a, b, lon, lat] = trimStop(tr, i, j, near);
      const durationS = (tr.t[b]! - tr.t[a]!) / 1000;
      if (durationS >= minStopS)
        stops.push({ lon, lat, arrivalT: tr.t[a]!, departureT: tr.t[b]!, durationS, from: a, to: b });
      i = j + 1;
    } else i++;
  }
  return stops;
}

type Near = (aLon: number, aLat: number, bLon: number, bLat: number) => number;

/** Metres on the track's local equirectangular plane: exact to < 0.1 % over tens of metres, no trigonometry per call. */
function flatDistance(tr: RawTrack): Near {
  const kx = 111_320 * Math.cos(((tr.lat[0] ?? 0) * Math.PI) / 180);
  const ky = 110_540;
  return (aLon, aLat, bLon, bLat) => Math.hypot((bLon - aLon) * kx, (bLat - aLat) * ky);
}

/** Points of a stop's edges farther than this from its centre are the walk in and out, not the stop. */
const STOP_CORE_M = 20;

const centre = (tr: RawTrack, a: number, b: number): [number, number] => {
  let lon = 0;
  let lat = 0;
  for (let k = a; k <= b; k++) {
    lon += tr.lon[k]!;
    lat += tr.lat[k]!;
  }
  return [lon / (b - a + 1), lat / (b - a + 1)];
};

/**
 * The stay-point run also takes in up to STOP_RADIUS_M of walking before and after the stop; trim
 * the edges to the points near the run's centre (twice, as the centre moves), so arrival and
 * departure times are those of the worker standing there.
 */
function trimStop(tr: RawTrack, i: number, j: number, near: Near): [number, number, number, number] {
  let [a, b] = [i, j];
  let [lon, lat] = centre(tr, a, b);
  for (let pass = 0; pass < 2; pass++) {
    while (a < b && near(lon, lat, tr.lon[a]!, tr.lat[a]!) > STOP_CORE_M) a++;
    while (b > a && near(lon, lat, tr.lon[b]!, tr.lat[b]!) > STOP_CORE_M) b--;
    [lon, lat] = centre(tr, a, b);
  }
  return [a, b, lon, lat];
}

/**
 * Time-aware Douglas–Peucker: a vertex is dropped when it lies within toleranceM of where the
 * simplified path puts the worker AT ITS TIME (synchronized Euclidean distance), so playback of the
 * simplified path stays within toleranceM of the truth, pauses included. Metres on a local
 * equirectangular projection (exact enough across a city).
 */
export function simplifyTimed(tr: RawTrack, toleranceM: number): number[] {
  const n = tr.t.length;
  if (n <= 2) return [...Array(n).keys()];
  const kx = 111_320 * Math.cos((tr.lat[0]! * Math.PI) / 180);
  const ky = 110_540;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const dt = tr.t[b]! - tr.t[a]!;
    let worst = -1;
    let worstD = toleranceM;
    for (let k = a + 1; k < b; k++) {
      const f = dt > 0 ? (tr.t[k]! - tr.t[a]!) / dt : 0;
      const x = (tr.lon[a]! + f * (tr.lon[b]! - tr.lon[a]!) - tr.lon[k]!) * kx;
      const y = (tr.lat[a]! + f * (tr.lat[b]! - tr.lat[a]!) - tr.lat[k]!) * ky;
      const d = Math.hypot(x, y);
      if (d > worstD) {
        worstD = d;
        worst = k;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) out.push(k);
  return out;
}

/** Drops repeated timestamps (a point stored twice) so time strictly increases. */
export function dedupeByTime(tr: RawTrack): RawTrack {
  const t: number[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  for (let k = 0; k < tr.t.length; k++) {
    if (t.length > 0 && tr.t[k] === t[t.length - 1]) continue;
    t.push(tr.t[k]!);
    lon.push(tr.lon[k]!);
    lat.push(tr.lat[k]!);
  }
  return { t, lon, lat };
}

/**
 * Stops, distance, moving and still time and the simplified path of one worker. Inside a stop the
 * path holds two vertices at the stop's centre (arrival and departure), so playback shows the worker
 * standing there; GPS jitter inside stops adds no distance.
 */
export function summarizeTrack(raw: RawTrack, opts: { resolutionM: number; minStopS: number }): TrackSummary {
  const tr = dedupeByTime(raw);
  const stops = findStops(tr, opts.minStopS);
  // The track with each stop collapsed to its centre at arrival and departure.
  const c: { t: number[]; lon: number[]; lat: number[] } = { t: [], lon: [], lat: [] };
  const forced: number[] = [];
  /** Vertex indexes that end a stop: the segment before them is still time, not movement. */
  const departures = new Set<number>();
  const push = (t: number, lon: number, lat: number) => {
    c.t.push(t);
    c.lon.push(lon);
    c.lat.push(lat);
  };
  let s = 0;
  for (let k = 0; k < tr.t.length; k++) {
    const stop = stops[s];
    if (stop && k === stop.from) {
      forced.push(c.t.length);
      push(stop.arrivalT, stop.lon, stop.lat);
      if (stop.to > stop.from) {
        forced.push(c.t.length);
        departures.add(c.t.length);
        push(stop.departureT, stop.lon, stop.lat);
      }
      k = stop.to;
      s++;
    } else push(tr.t[k]!, tr.lon[k]!, tr.lat[k]!);
  }
  let distance = 0;
  let moving = 0;
  for (let k = 1; k < c.t.length; k++) {
    const dt = c.t[k]! - c.t[k - 1]!;
    if (dt > GAP_MS || departures.has(k)) continue;
    distance += distanceM(c.lon[k - 1]!, c.lat[k - 1]!, c.lon[k]!, c.lat[k]!);
    moving += dt;
  }
  const kept = simplifyBetween(c, forced, opts.resolutionM);
  return {
    path: { lon: kept.map((k) => c.lon[k]!), lat: kept.map((k) => c.lat[k]!), t: kept.map((k) => c.t[k]!) },
    stops,
    distanceM: Math.round(distance * 10) / 10,
    movingS: Math.round(moving / 1000),
    stillS: Math.round(stops.reduce((a, x) => a + x.durationS, 0)),
    points: tr.t.length,
  };
}

/** Simplifies each stretch between forced vertices (stop arrivals/departures), keeping those. */
function simplifyBetween(c: RawTrack, forced: readonly number[], toleranceM: number): number[] {
  const n = c.t.length;
  if (n === 0) return [];
  const cuts = [...new Set([0, ...forced, n - 1])].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i + 1 < cuts.length || (i === 0 && cuts.length === 1); i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1] ?? a;
    const part = { t: c.t.slice(a, b + 1), lon: c.lon.slice(a, b + 1), lat: c.lat.slice(a, b + 1) };
    for (const k of simplifyTimed(part, toleranceM)) if (out.at(-1) !== a + k) out.push(a + k);
  }
  return out;
}
