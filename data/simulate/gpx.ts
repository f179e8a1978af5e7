import { XMLParser } from 'fast-xml-parser';

export interface GpxPoint {
  t: number;
  lon: number;
  lat: number;
}

type TrackPoint = Record<string, string | undefined>;

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Track points of a GPX 1.0/1.1 document with a time, in time order, all tracks and segments
 * joined (points without <time> are skipped: nothing to replay them at).
 */
export function parseGpx(xml: string): GpxPoint[] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
  }).parse(xml) as {
    gpx?: { trk?: unknown };
  };
  const out: GpxPoint[] = [];
  for (const trk of asArray(doc.gpx?.trk as { trkseg?: unknown } | undefined))
    for (const seg of asArray(trk.trkseg as { trkpt?: unknown } | undefined))
      for (const p of asArray(seg.trkpt as TrackPoint | TrackPoint[] | undefined)) {
        const t = p.time ? Date.parse(p.time) : NaN;
        const lon = Number(p['@lon']);
        const lat = Number(p['@lat']);
        if (Number.isFinite(t) && Number.isFinite(lon) && Number.isFinite(lat)) out.push({ t, lon, lat });
      }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * Replays a recorded track now: times shifted so it starts at `start`, and (optionally) moved so
 * its first point lands on `at` (a worker's own cell), keeping its shape and GPS noise.
 */
export function shiftTrack(points: readonly GpxPoint[], start: number, at?: [number, number]): GpxPoint[] {
  const first = points[0];
  if (!first) return [];
  const [dLon, dLat] = at ? [at[0] - first.lon, at[1] - first.lat] : [0, 0];
  return points.map((p) => ({ t: p.t - first.t + start, lon: p.lon + dLon, lat: p.lat + dLat }));
}
