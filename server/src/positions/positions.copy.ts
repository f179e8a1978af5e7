import type { WorkerFixes } from './positions.sql.ts';

/**
 * PostgreSQL's binary COPY format for position_history rows (worker_id int8, t timestamptz,
 * lon float8, lat float8, accuracy_m, speed_mps, heading_deg, battery_pct float4): the server
 * copies the bytes into its tuples without parsing a number or a time as text, which is what makes
 * COPY cheaper than the unnest() INSERT on the hot ingest path.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8; // flags int32 + header extension length int32
/** Field count int16, 4 × (length int32 + 8 bytes), 4 × (length int32 + 4 bytes). */
const MAX_ROW_BYTES = 2 + 4 * 12 + 4 * 8;
/** timestamptz counts microseconds from 2000-01-01 00:00 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;

/** Encodes a micro-batch as one binary COPY payload (header, rows, trailer). */
export function encodeHistoryCopy(batch: readonly WorkerFixes[]): Buffer {
  let n = 0;
  for (const b of batch) n += b.fixes.length;
  const buf = Buffer.allocUnsafe(HEADER_BYTES + n * MAX_ROW_BYTES + 2);
  SIGNATURE.copy(buf, 0);
  buf.writeInt32BE(0, SIGNATURE.length);
  buf.writeInt32BE(0, SIGNATURE.length + 4);
  let o = HEADER_BYTES;
  // int64 as two 32-bit halves: exact for |v| < 2^53 (ids and microsecond times are far below).
  const int64 = (v: number) => {
    const hi = Math.floor(v / TWO_32);
    buf.writeInt32BE(8, o);
    buf.writeInt32BE(hi, o + 4);
    buf.writeUInt32BE(v - hi * TWO_32, o + 8);
    o += 12;
  };
  const float8 = (v: number) => {
    buf.writeInt32BE(8, o);
    buf.writeDoubleBE(v, o + 4);
    o += 12;
  };
  const float4 = (v: number | null) => {
    if (v === null) {
      buf.writeInt32BE(-1, o); // NULL
      o += 4;
    } else {
      buf.writeInt32BE(4, o);
      buf.writeFloatBE(v, o + 4);
      o += 8;
    }
  };
  for (const { workerId, fixes } of batch)
    for (const f of fixes) {
      buf.writeInt16BE(8, o);
      o += 2;
      int64(workerId);
      int64(Math.round((f.t - PG_EPOCH_MS) * 1000));
      float8(f.lon);
      float8(f.lat);
      float4(f.accuracyM);
      float4(f.speedMps);
      float4(f.headingDeg);
      float4(f.batteryPct);
    }
  buf.writeInt16BE(-1, o); // trailer
  return buf.subarray(0, o + 2);
}
