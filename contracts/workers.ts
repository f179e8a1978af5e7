import { z } from 'zod';
import type { Ack } from './events.ts';
import { regionCodeSchema } from './regions.ts';

/**
 * Grid workers in the field (issue #7): position ingest (JSON batches, Socket.IO, the OsmAnd /
 * Traccar Client HTTP protocol), duty, the worker list and card, tracks for playback, and the live
 * binary frame. Times are epoch milliseconds (UTC) unless a name says otherwise; coordinates are
 * WGS84 lon/lat degrees (SRID 4326); units are in the names (M, Mps, Deg, Pct, S, Ms).
 */

/** Server-side limits of ingest and cleaning (positions.clean.ts applies them). */
export const POSITION_LIMITS = {
  /** Most points one JSON batch (HTTP or socket) may carry. */
  maxPointsPerBatch: 1000,
  /** A device clock may run ahead this much; later points are dropped as 'future'. */
  maxFutureMs: 5 * 60_000,
  /** Points older than this are dropped as 'too_old' (a phone that was off for a week). */
  maxAgeMs: 7 * 24 * 3600_000,
  /** A point implying more than this speed from the previous accepted one is dropped as 'jump'. */
  maxSpeedKmh: 200,
} as const;

/** Epoch ms, or an ISO 8601 string (converted to epoch ms). */
export const epochMsSchema = z.union([
  z.number().finite(),
  z
    .string()
    .refine((s) => Number.isFinite(Date.parse(s)), 'must be epoch ms or an ISO 8601 time')
    .transform((s) => Date.parse(s)),
]);

/**
 * One GPS fix. lon/lat only need to be numbers here: out-of-range values are dropped per point by
 * the cleaner (reason 'out_of_range') instead of failing the whole batch.
 */
export const positionPointSchema = z.object({
  t: epochMsSchema,
  lon: z.number().finite(),
  lat: z.number().finite(),
  accuracyM: z.number().min(0).max(100_000).nullish(),
  speedMps: z.number().min(0).max(1000).nullish(),
  headingDeg: z.number().min(0).max(360).nullish(),
  batteryPct: z.number().min(0).max(100).nullish(),
});
export type PositionPointInput = z.input<typeof positionPointSchema>;
export type PositionPoint = z.infer<typeof positionPointSchema>;

/** `POST /api/positions` and socket `positions:report`: points of the caller's own device, any order. */
export const positionBatchSchema = z.object({
  points: z.array(positionPointSchema).min(1).max(POSITION_LIMITS.maxPointsPerBatch),
});
export type PositionBatch = z.infer<typeof positionBatchSchema>;

export const dropReasonSchema = z.enum(['out_of_range', 'future', 'too_old', 'jump', 'duplicate']);
export type DropReason = z.infer<typeof dropReasonSchema>;

/**
 * The answer to a batch, sent only after the accepted points are committed (durable). `dropped`
 * names each point left out by index into the request's `points`. Overload: HTTP 503 with
 * Retry-After (seconds) and code 'overloaded'; nothing of that batch is stored, resend it.
 */
export const positionReportResultSchema = z.object({
  accepted: z.number().int(),
  dropped: z.array(z.object({ index: z.number().int(), reason: dropReasonSchema })),
});
export type PositionReportResult = z.infer<typeof positionReportResultSchema>;

const optionalNumber = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : v),
  z.coerce.number().finite().optional(),
);

/**
 * The OsmAnd protocol as Traccar Client and OsmAnd send it: `GET|POST /api/positions/osmand?id=…&lat=…
 * &lon=…&timestamp=…&speed=…&bearing=…&accuracy=…&batt=…` (POST may carry the same fields form-encoded).
 * `id` is the device identifier: it must equal the worker's employee number or registered device id.
 * The device token goes in `Authorization: Bearer gct_…` or, for apps that cannot set headers, in
 * `token=gct_…`. timestamp: unix seconds, unix ms (> 1e12) or ISO 8601; speed in knots (as Traccar);
 * bearing (or heading) in degrees; batt in percent. Answers 200 with an empty body, like Traccar.
 */
export const osmandQuerySchema = z.object({
  id: z.string().trim().min(1).max(64),
  lat: z.coerce.number().finite(),
  lon: z.coerce.number().finite(),
  timestamp: z
    .string()
    .min(1)
    .transform((s, ctx) => {
      const n = Number(s);
      const ms = Number.isFinite(n) ? (n > 1e12 ? n : n * 1000) : Date.parse(s);
      if (!Number.isFinite(ms)) {
        ctx.addIssue({ code: 'custom', message: 'timestamp must be unix seconds, ms or ISO 8601' });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  speed: optionalNumber,
  bearing: optionalNumber,
  heading: optionalNumber,
  accuracy: optionalNumber,
  batt: optionalNumber,
  altitude: optionalNumber,
  token: z.string().max(200).optional(),
});
export type OsmandQuery = z.infer<typeof osmandQuerySchema>;

/** Knots (Traccar's speed unit) to metres per second. */
export const KNOT_MPS = 1852 / 3600;

/** `POST /api/duty/clock-in` and `/clock-out` (the phone, positions.report); position optional. */
export const clockBodySchema = z.object({
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
});
export type ClockBody = z.infer<typeof clockBodySchema>;

/** The caller's duty state (answer of clock-in/out and `GET /api/duty/me`). */
export const dutyStateSchema = z.object({
  workerId: z.number().int(),
  onDuty: z.boolean(),
  /** When the current shift (or the last one, when off duty) started; null if never clocked in. */
  since: z.number().nullable(),
  /** When the last shift ended; null while on duty or never clocked out. */
  until: z.number().nullable(),
});
export type DutyState = z.infer<typeof dutyStateSchema>;

/** Latest known fix of a worker. */
export const latestPositionSchema = z.object({
  t: z.number(),
  lon: z.number(),
  lat: z.number(),
  accuracyM: z.number().nullable(),
  speedMps: z.number().nullable(),
  headingDeg: z.number().nullable(),
  batteryPct: z.number().nullable(),
});
export type LatestPosition = z.infer<typeof latestPositionSchema>;

/** `GET /api/workers?region=<code>&onDuty=true|false` (workers.read; jurisdiction-scoped). */
export const workersQuerySchema = z.object({
  region: regionCodeSchema.optional(),
  onDuty: z.enum(['true', 'false']).optional(),
  /** A worker is "still" after this many minutes within 30 m (default 15). */
  stillMin: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});
export type WorkersQuery = z.infer<typeof workersQuerySchema>;

export const workerListItemSchema = z.object({
  id: z.number().int(),
  employeeNo: z.string(),
  name: z.string(),
  /** Masked (138****1234): lists never carry full phone numbers. */
  phone: z.string().nullable(),
  gridCode: z.string(),
  gridName: z.string(),
  communityCode: z.string(),
  onDuty: z.boolean(),
  dutySince: z.number().nullable(),
  latest: latestPositionSchema.nullable(),
  /** The fix is inside the worker's own grid cell; null without a fix. */
  inOwnCell: z.boolean().nullable(),
  /** Since when the worker has stayed within 30 m of the latest fix; null when moving or unknown. */
  stillSince: z.number().nullable(),
  /** stillSince is at least `stillMin` minutes ago. */
  still: z.boolean(),
});
export type WorkerListItem = z.infer<typeof workerListItemSchema>;
export const workerListSchema = z.object({ at: z.number(), workers: z.array(workerListItemSchema) });
export type WorkerList = z.infer<typeof workerListSchema>;

/** `GET /api/workers/:id`: the card. `today` covers local midnight (server time zone) until now. */
export const workerCardSchema = workerListItemSchema.extend({
  communityName: z.string(),
  today: z.object({
    points: z.number().int(),
    distanceM: z.number(),
    movingS: z.number(),
    stillS: z.number(),
    cellsVisited: z.array(z.string()),
  }),
});
export type WorkerCard = z.infer<typeof workerCardSchema>;

/** Counts of one grid cell or community in the duty summary. */
export const dutyCountsSchema = z.object({
  workers: z.number().int(),
  onDuty: z.number().int(),
  /** On duty with their latest fix inside their own cell. */
  inOwnCell: z.number().int(),
  /** On duty with their latest fix outside their own cell. */
  outside: z.number().int(),
  /** On duty without any fix. */
  noFix: z.number().int(),
  /** On duty and still for at least stillMin minutes. */
  still: z.number().int(),
});
export type DutyCounts = z.infer<typeof dutyCountsSchema>;

/** `GET /api/workers/duty?region=<code>&stillMin=15` (workers.read): 在岗分布. */
export const dutySummaryQuerySchema = workersQuerySchema.pick({ region: true, stillMin: true });
export const dutySummarySchema = z.object({
  at: z.number(),
  stillMin: z.number().int(),
  totals: dutyCountsSchema,
  communities: z.array(dutyCountsSchema.extend({ code: z.string(), name: z.string() })),
  cells: z.array(dutyCountsSchema.extend({ code: z.string(), name: z.string(), communityCode: z.string() })),
});
export type DutySummary = z.infer<typeof dutySummarySchema>;

/** Most workers per track request and longest range (a week). */
export const TRACK_LIMITS = { maxWorkers: 200, maxSpanMs: 7 * 24 * 3600_000 } as const;

/**
 * `GET /api/workers/tracks?ids=1,2,3&from=…&to=…&resolutionM=2` (workers.read): several workers on
 * one time range, for playback on one clock. resolutionM is the ground size of a screen pixel: the
 * path is simplified to it (points closer than that to the line are dropped; stops are kept).
 */
export const trackQuerySchema = z
  .object({
    ids: z
      .string({ error: 'ids is required: comma-separated worker ids' })
      .transform((s) => s.split(',').map((p) => Number(p.trim())))
      .pipe(z.array(z.number().int().positive()).min(1).max(TRACK_LIMITS.maxWorkers)),
    from: z.union([z.coerce.number().finite(), z.iso.datetime({ offset: true }).transform(Date.parse)]),
    to: z.union([z.coerce.number().finite(), z.iso.datetime({ offset: true }).transform(Date.parse)]),
    resolutionM: z.coerce.number().min(0).max(1000).default(2),
    /** Minimum dwell to count as a stop, seconds (default 180 = 3 min). */
    minStopS: z.coerce
      .number()
      .int()
      .min(30)
      .max(24 * 3600)
      .default(180),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= TRACK_LIMITS.maxSpanMs, {
    message: 'the range may span at most 7 days',
    path: ['to'],
  });
export type TrackQuery = z.infer<typeof trackQuerySchema>;

export const trackStopSchema = z.object({
  lon: z.number(),
  lat: z.number(),
  arrivalT: z.number(),
  departureT: z.number(),
  durationS: z.number(),
  /** Grid cell the stop lies in (null outside every cell). */
  cellCode: z.string().nullable(),
});
export type TrackStop = z.infer<typeof trackStopSchema>;

export const trackSchema = z.object({
  workerId: z.number().int(),
  name: z.string(),
  gridCode: z.string(),
  /** Simplified path as columns of equal length, ordered by t (epoch ms). */
  path: z.object({ lon: z.array(z.number()), lat: z.array(z.number()), t: z.array(z.number()) }),
  /** Raw points in the range (before simplification). */
  points: z.number().int(),
  stops: z.array(trackStopSchema),
  distanceM: z.number(),
  movingS: z.number(),
  stillS: z.number(),
  /** Grid cells the worker's points fell in, in order of first visit. */
  cellsVisited: z.array(z.object({ code: z.string(), firstT: z.number() })),
});
export type Track = z.infer<typeof trackSchema>;

/** Ids the caller may not see (outside the jurisdiction or unknown) are simply absent. */
export const trackAnswerSchema = z.object({ from: z.number(), to: z.number(), tracks: z.array(trackSchema) });
export type TrackAnswer = z.infer<typeof trackAnswerSchema>;

/** A worker clocked in or out; sent as JSON to `workers:<region>` rooms of their cell. */
export const workerDutyEventSchema = z.object({
  workerId: z.number().int(),
  gridCode: z.string(),
  onDuty: z.boolean(),
  t: z.number(),
});
export type WorkerDutyEvent = z.infer<typeof workerDutyEventSchema>;

/** Live positions room: sockets whose caller has workers.read join `workers:<jurisdiction>`. */
export const workersRoom = (code: string) => `workers:${code === '' ? '*' : code}`;

/** Server → client. `positions:frame`: binary frames (see encodeFrame) following the commits, at most one per POSITIONS_TICK_MS (100 ms) per room; a worker is in one frame per report. */
export interface WorkersServerToClientEvents {
  'positions:frame': (frame: ArrayBuffer | Uint8Array) => void;
  'workers:duty': (payload: WorkerDutyEvent) => void;
}

/** Client → server: the phone over Socket.IO; the ack comes after the durable commit. */
export interface WorkersClientToServerEvents {
  'positions:report': (payload: PositionBatch, ack: (r: Ack<PositionReportResult>) => void) => void;
}

/**
 * One tick of live positions: the newest fix of each worker that moved since the last tick, inside
 * the room's region. Columns of equal length n, index i is one worker.
 */
export interface LiveFrame {
  /** Server tick time, epoch ms. */
  t: number;
  ids: Uint32Array;
  lon: Float64Array;
  lat: Float64Array;
  /** Time of each fix, epoch ms (device time). */
  pt: Float64Array;
  /** NaN when unknown. */
  headingDeg: Float32Array;
  /** NaN when unknown. */
  speedMps: Float32Array;
  /** 1 on duty, 0 off duty. */
  onDuty: Uint8Array;
}

export const FRAME_VERSION = 1;
const HEADER_BYTES = 32;
/** Bytes per worker: id u32, dLon f32, dLat f32, dt i32, heading f32, speed f32, flags u8. */
const BYTES_PER_WORKER = 25;

/**
 * Binary layout (little-endian), 32 + 25·n bytes:
 *
 *   0  u8     version (1)           1  u8 reserved   2  u16 reserved
 *   4  u32    n (workers)
 *   8  f64    t (tick, epoch ms)
 *  16  f64    originLon             24  f64 originLat   (the first worker's position)
 *  32          u32[n] ids
 *  32 +  4n    f32[n] lon − originLon   (≈ 1 cm resolution within a city)
 *  32 +  8n    f32[n] lat − originLat
 *  32 + 12n    i32[n] fix time − t, ms
 *  32 + 16n    f32[n] headingDeg (NaN unknown)
 *  32 + 20n    f32[n] speedMps (NaN unknown)
 *  32 + 24n    u8[n]  flags: bit 0 = on duty
 *
 * Sent as one Socket.IO binary attachment; 20,000 workers ≈ 500 kB.
 */
export function encodeFrame(f: LiveFrame): Uint8Array {
  const n = f.ids.length;
  const buf = new ArrayBuffer(HEADER_BYTES + BYTES_PER_WORKER * n);
  const v = new DataView(buf);
  const originLon = n > 0 ? f.lon[0]! : 0;
  const originLat = n > 0 ? f.lat[0]! : 0;
  v.setUint8(0, FRAME_VERSION);
  v.setUint32(4, n, true);
  v.setFloat64(8, f.t, true);
  v.setFloat64(16, originLon, true);
  v.setFloat64(24, originLat, true);
  const o = HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    v.setUint32(o + 4 * i, f.ids[i]!, true);
    v.setFloat32(o + 4 * n + 4 * i, f.lon[i]! - originLon, true);
    v.setFloat32(o + 8 * n + 4 * i, f.lat[i]! - originLat, true);
    v.setInt32(o + 12 * n + 4 * i, Math.round(f.pt[i]! - f.t), true);
    v.setFloat32(o + 16 * n + 4 * i, f.headingDeg[i]!, true);
    v.setFloat32(o + 20 * n + 4 * i, f.speedMps[i]!, true);
    v.setUint8(o + 24 * n + i, f.onDuty[i]! ? 1 : 0);
  }
  return new Uint8Array(buf);
}

/** A frame of n workers at tick time t, its columns zeroed. */
export function emptyFrame(t: number, n: number): LiveFrame {
  return {
    t,
    ids: new Uint32Array(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    pt: new Float64Array(n),
    headingDeg: new Float32Array(n),
    speedMps: new Float32Array(n),
    onDuty: new Uint8Array(n),
  };
}

/** Decodes a frame as received (browser: ArrayBuffer; Node: Buffer/Uint8Array at any offset). */
export function decodeFrame(data: ArrayBuffer | ArrayBufferView): LiveFrame {
  const v =
    data instanceof ArrayBuffer
      ? new DataView(data)
      : new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (v.byteLength < HEADER_BYTES || v.getUint8(0) !== FRAME_VERSION)
    throw new Error('not a positions frame (version 1)');
  const n = v.getUint32(4, true);
  if (v.byteLength !== HEADER_BYTES + BYTES_PER_WORKER * n)
    throw new Error('positions frame has the wrong length');
  const t = v.getFloat64(8, true);
  const originLon = v.getFloat64(16, true);
  const originLat = v.getFloat64(24, true);
  const f = emptyFrame(t, n);
  const o = HEADER_BYTES;
  for (let i = 0; i < n; i++) {
    f.ids[i] = v.getUint32(o + 4 * i, true);
    f.lon[i] = originLon + v.getFloat32(o + 4 * n + 4 * i, true);
    f.lat[i] = originLat + v.getFloat32(o + 8 * n + 4 * i, true);
    f.pt[i] = t + v.getInt32(o + 12 * n + 4 * i, true);
    f.headingDeg[i] = v.getFloat32(o + 16 * n + 4 * i, true);
    f.speedMps[i] = v.getFloat32(o + 20 * n + 4 * i, true);
    f.onDuty[i] = v.getUint8(o + 24 * n + i) & 1;
  }
  return f;
}
