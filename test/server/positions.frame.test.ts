import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, emptyFrame, encodeFrame, trackQuerySchema } from '../../contracts/workers.ts';

const frameOf = (
  rows: { id: number; lon: number; lat: number; dt: number; h: number; s: number; d: boolean }[],
) => {
  const n = rows.length;
  const f = emptyFrame(1_760_000_000_000, n);
  rows.forEach((r, i) => {
    f.ids[i] = r.id;
    f.lon[i] = r.lon;
    f.lat[i] = r.lat;
    f.pt[i] = f.t - r.dt;
    f.headingDeg[i] = r.h;
    f.speedMps[i] = r.s;
    f.onDuty[i] = r.d ? 1 : 0;
  });
  return f;
};

describe('live positions frame', () => {
  it('round-trips ids, times and flags exactly and positions within 1 cm across a city', () => {
    const row = fc.record({
      id: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
      lon: fc.double({ min: 116.8, max: 118.3, noNaN: true }),
      lat: fc.double({ min: 38.5, max: 40, noNaN: true }),
      dt: fc.integer({ min: 0, max: 3_600_000 }),
      h: fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 359 })),
      s: fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 50 })),
      d: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 50 }), (rows) => {
        const f = frameOf(rows);
        const bytes = encodeFrame(f);
        expect(bytes.byteLength).toBe(32 + 25 * rows.length);
        // Node's socket.io-client hands over a Buffer at an arbitrary offset: decode must cope.
        const shifted = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(bytes)]).subarray(3);
        const g = decodeFrame(shifted);
        expect(g.t).toBe(f.t);
        expect([...g.ids]).toEqual([...f.ids]);
        expect([...g.pt]).toEqual([...f.pt]);
        expect([...g.onDuty]).toEqual([...f.onDuty]);
        expect([...g.headingDeg]).toEqual([...f.headingDeg]);
        expect([...g.speedMps]).toEqual([...f.speedMps]);
        for (let i = 0; i < rows.length; i++) {
          expect(Math.abs(g.lon[i]! - f.lon[i]!)).toBeLessThan(1e-7);
          expect(Math.abs(g.lat[i]! - f.lat[i]!)).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses bytes that are not a frame', () => {
    expect(() => decodeFrame(new Uint8Array([2, 0, 0, 0]))).toThrow(/not a positions frame/);
    const ok = encodeFrame(frameOf([{ id: 1, lon: 117, lat: 39, dt: 0, h: 0, s: 0, d: true }]));
    expect(() => decodeFrame(ok.subarray(0, ok.length - 1))).toThrow(/wrong length/);
  });
});

describe('track query', () => {
  it('takes ids, ISO or epoch times and refuses ranges over a week', () => {
    const q = trackQuerySchema.parse({
      ids: '3,1',
      from: '2025-01-01T00:00:00Z',
      to: String(Date.parse('2025-01-02T00:00:00Z')),
    });
    expect(q).toMatchObject({
      ids: [3, 1],
      from: Date.parse('2025-01-01T00:00:00Z'),
      resolutionM: 2,
      minStopS: 180,
    });
    expect(trackQuerySchema.safeParse({ ids: '1', from: 0, to: 8 * 86_400_000 }).success).toBe(false);
    expect(trackQuerySchema.safeParse({ ids: '1,x', from: 0, to: 1 }).success).toBe(false);
    expect(trackQuerySchema.safeParse({ ids: '1', from: 10, to: 5 }).success).toBe(false);
  });
});
