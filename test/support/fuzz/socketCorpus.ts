import fc from 'fast-check';

/**
 * Socket.IO payloads an attacker or a broken client sends: any value, binary attachments, the
 * shapes our events expect with one part wrong, deep nesting and sizes around the 64 KB limit.
 */
const now = Date.now();
const goodPoint = { t: now, lon: 117.12, lat: 39.17, accuracyM: 5 };

export const payloadArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      { code: '120106' },
      { code: '' },
      { code: '%E0%A4%A' },
      { code: 'a\u0000' },
      { code: ['120106'] },
      { code: { $gt: '' } },
      { points: [] },
      { points: [goodPoint] },
      { points: [{ ...goodPoint, t: 'yesterday' }] },
      { points: [{ ...goodPoint, lon: Number.POSITIVE_INFINITY }] },
      { points: [{ ...goodPoint, lat: null }] },
      { points: [{ ...goodPoint, batteryPct: -1 }] },
      { points: Array.from({ length: 1001 }, (_, i) => ({ ...goodPoint, t: now - i * 1000 })) },
      { points: 'all of them' },
      { points: { length: 1e9 } },
      { __proto__: { points: [goodPoint] } },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
      '\u0000',
      'x'.repeat(70_000),
      JSON.parse('['.repeat(2000) + ']'.repeat(2000)) as unknown,
      [Buffer.alloc(1), { nested: Buffer.alloc(70_000) }],
    ),
  },
);

/** Handshakes: credentials of every wrong type and value, in auth, cookie and headers. */
export const handshakeArb = fc.record({
  auth: fc.oneof(
    fc.constant({}),
    fc.anything({ maxDepth: 2 }).map((token) => ({ token })),
    fc.constantFrom<unknown>(
      { token: 'gct_' + 'A'.repeat(43) },
      { token: 'gcd_' + 'A'.repeat(43) },
      { token: 'gcs_' + 'A'.repeat(43) },
      { token: '%E0%A4%A' },
      { token: ['gct_x'] },
      { token: { toString: 'x' } },
      { token: 'x'.repeat(10_000) },
    ),
  ),
  headers: fc.constantFrom<Record<string, string>>(
    {},
    { cookie: 'gc_session=%E0%A4%A' },
    { cookie: 'gc_session=%' },
    { cookie: 'gc_session=gcs_' + 'A'.repeat(43) },
    { cookie: ';;=;' },
    { cookie: 'gc_session=gcs_' + 'A'.repeat(43), origin: 'http://evil.example' },
    { origin: '%%' },
    { authorization: 'Bearer %E0%A4%A' },
    { authorization: 'Bearer' },
    { authorization: 'x'.repeat(3000) },
  ),
});
