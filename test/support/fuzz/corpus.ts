import fc from 'fast-check';
import type { RouteInfo } from '../../../server/src/http/routes.ts';
import type { RawRequest } from './rawHttp.ts';

/**
 * Inputs an attacker or a broken client sends: every route of the server × malformed path
 * parameters, query strings, bodies, content types, cookies and credentials, and traversal in the
 * static folders. What the server must do with each is the fuzz test's business; this file only
 * makes them, reproducibly from a seed.
 */

/** Values that break decoders, parsers, number conversion and SQL text. */
export const EVIL = [
  '%E0%A4%A',
  '%',
  '%%',
  '%zz',
  '%00',
  'a%00b',
  '%C0%AE',
  '%ff%fe',
  '%ED%A0%80', // an encoded lone surrogate
  '%F4%90%80%80', // above U+10FFFF
  '%2e%2e',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%2e%2e%2f%2e%2e%2fpackage.json',
  '....//....//etc',
  '0',
  '-1',
  '1.5',
  '1e309',
  '9007199254740993',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '0x1f',
  'true',
  'null',
  "1'%20OR%20'1'='1",
  '1;DROP%20TABLE%20buildings',
  '%E7%BD%91%E6%A0%BC', // 网格
  '%F0%9F%94%A5', // an emoji
  '%E2%80%AE', // right-to-left override
  '%3Cscript%3E',
  '%20',
  '',
  'a'.repeat(2048),
  '9'.repeat(400),
  '[object%20Object]',
  '__proto__',
  'constructor',
  '120106%00',
] as const;

const evil = fc.constantFrom(...EVIL);
/** Percent-encodes everything but unreserved ASCII, so any string can ride in a path or query. */
const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
const anyText = fc.string({ unit: 'binary', maxLength: 40 }).map(encode);
const anyNumber = fc.oneof(fc.integer(), fc.double({ noNaN: false })).map((n) => encode(String(n)));

export interface FuzzContext {
  /** Values that exist, so the deeper parts of a handler run too. */
  good: Record<string, string[]>;
  /** Query keys the routes read. */
  queryKeys: string[];
  /** Valid bodies per "METHOD path" (mutated into invalid ones). */
  bodies: Record<string, unknown[]>;
  /** Logins by name ('admin', 'phone', …), resolved to their headers when the input is sent. */
  credentials: string[];
}

/** A request and where it came from: the route pattern, and the login it is sent as (if any). */
export interface FuzzInput extends RawRequest {
  route: string;
  as?: string | undefined;
}

/** Paths outside the API: the static folders, the screens, Socket.IO's own door. */
export const STATIC_PATHS = [
  '/cesium/Cesium.js',
  '/cesium/Assets/',
  '/cesium/Assets',
  '/cesium/Widgets/widgets.css',
  '/cesium/',
  '/layers/',
  '/layers/fuzz/tileset.json',
  '/layers/fuzz',
  '/layers/.hidden',
  '/',
  '/index.html',
  '/assets/',
  '/socket.io/',
] as const;

const SUFFIXES = [
  '',
  '/',
  '//',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2f..%2fpackage.json',
  '/..%5c..%5cpackage.json',
  '%00',
  '/%00',
  '/a%00.json',
  ';x',
  '/x',
  '/.env',
  `/${'x'.repeat(300)}`,
  `/${'a/'.repeat(60)}`,
  '/%E0%A4%A',
  '?',
  '#frag',
] as const;

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=%%',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'image/jpeg',
  'image/png',
  'application/octet-stream',
  'application/xml',
  '*/*',
  ';;;',
  'application/json;;;;charset',
  undefined,
] as const;

/** JSON values with the shapes that break validation: wrong types, deep nesting, NUL, huge numbers. */
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1e308,
    -0,
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    'x'.repeat(5000),
    [],
    {},
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__": {"polluted": 1}}') as unknown,
    { constructor: { prototype: { polluted: 1 } } },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Replaces one leaf or member of a valid body with a nasty value (or drops it). */
function mutate(body: unknown, path: number[], value: unknown, drop: boolean): unknown {
  if (body === null || typeof body !== 'object') return value;
  const entries = Array.isArray(body) ? body.map((v, i) => [String(i), v] as const) : Object.entries(body);
  if (entries.length === 0) return value;
  const [key, child] = entries[path[0]! % entries.length]!;
  const rest = path.slice(1);
  const replaced = rest.length === 0 || child === null || typeof child !== 'object';
  const copy = (Array.isArray(body) ? [...(body as unknown[])] : { ...body }) as Record<string, unknown>;
  if (replaced && drop && !Array.isArray(body)) delete copy[key];
  else copy[key] = replaced ? value : mutate(child, rest, value, drop);
  return copy;
}

/** A body: bytes with a content type (or none), sometimes with a Content-Encoding it does not have. */
function bodyArb(
  ctx: FuzzContext,
  routeKey: string,
): fc.Arbitrary<{ bytes?: Buffer; headers: Record<string, string> }> {
  const templates = ctx.bodies[routeKey] ?? [];
  const json = fc.oneof(
    ...(templates.length
      ? [
          fc
            .tuple(
              fc.constantFrom(...templates),
              fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
              nastyJson,
              fc.boolean(),
            )
            .map(([t, path, v, drop]) => JSON.stringify(mutate(t, path, v, drop))),
        ]
      : []),
    nastyJson.map((v) => JSON.stringify(v) ?? 'null'),
  );
  const raw = fc.oneof(
    json.map((s) => Buffer.from(s)),
    fc
      .constantFrom(
        '{"a":',
        '{',
        '[',
        '"\\ud800"',
        '{"points":[{"t":1,"lon":1,"lat":1}',
        'undefined',
        '\u0000\u0001\u0002',
        '\xff\xfe{"a":1}',
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
      )
      .map((s) => Buffer.from(s, 'latin1')),
    fc.constantFrom(10_000, 200_000).map((n) => Buffer.from('['.repeat(n) + ']'.repeat(n))),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.constantFrom(
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    ),
  );
  return fc
    .record({
      bytes: fc.option(raw, { nil: undefined, freq: 6 }),
      type: fc.constantFrom(...CONTENT_TYPES),
      encoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'), {
        nil: undefined,
        freq: 8,
      }),
    })
    .map(({ bytes, type, encoding }) => ({
      ...(bytes ? { bytes } : {}),
      headers: {
        ...(type ? { 'content-type': type } : {}),
        ...(encoding ? { 'content-encoding': encoding } : {}),
      },
    }));
}

/** A login by name, or Cookie and Authorization headers: junk, malformed encodings, overlong values. */
function credentialArb(ctx: FuzzContext): fc.Arbitrary<{ as?: string; headers: Record<string, string> }> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ctx.credentials).map((as) => ({ as, headers: {} })) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom<Record<string, string>>(
          {},
          { cookie: 'gc_session=%E0%A4%A' },
          { cookie: 'gc_session=%' },
          { cookie: 'gc_session=' },
          { cookie: ';;;=;=' },
          { cookie: 'gc_session=gcs_' + 'A'.repeat(43) },
          { cookie: 'gc_session=%00' },
          { cookie: `gc_session=${'%41'.repeat(2000)}` },
          { cookie: 'a=%E0%A4%A; gc_session=%zz; b=%' },
          { authorization: 'Bearer' },
          { authorization: 'Bearer %E0%A4%A' },
          { authorization: 'Basic Zm9vOmJhcg==' },
          { authorization: 'Bearer gct_' + 'A'.repeat(43) },
          { authorization: 'Bearer gcd_' + '-'.repeat(43) },
          { authorization: 'x'.repeat(4000) },
        )
        .map((headers) => ({ headers })),
    },
    // a login's own session with a broken cookie beside it
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...ctx.credentials), fc.constantFrom('x=%E0%A4%A', 'gc_session=%', '%=%'))
        .map(([as, extra]) => ({ as, headers: { 'x-extra-cookie': extra } })),
    },
    { weight: 1, arbitrary: anyText.map((v) => ({ headers: { cookie: `gc_session=${v}` } })) },
  );
}

const paramValue = (ctx: FuzzContext, name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(ctx.good[name] ?? ['1'])) },
    { weight: 3, arbitrary: evil },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: anyNumber },
  );

const queryArb = (ctx: FuzzContext) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...ctx.queryKeys) },
          {
            weight: 1,
            arbitrary: fc.constantFrom('q[]', 'q[a]', 'limit[$gt]', '__proto__', '%E0%A4%A', '', '%00'),
          },
        ),
        fc.oneof(
          { weight: 3, arbitrary: evil },
          { weight: 2, arbitrary: fc.constantFrom(...Object.values(ctx.good).flat()) },
          { weight: 1, arbitrary: anyText },
          { weight: 1, arbitrary: anyNumber },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              '117.1,39.1,117.2,39.2',
              '1,2,3',
              '-180,-90,180,90',
              ',,,',
              '2026-12-07T00:00:00Z',
              '2026-13-45',
            ),
          },
        ),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;

/** One request against one route (or a static folder), fully described for a replay. */
export function requestArb(ctx: FuzzContext, routes: readonly RouteInfo[]): fc.Arbitrary<FuzzInput> {
  const targets = [
    ...routes.map((r) => ({ method: r.method.toUpperCase(), path: r.path })),
    ...STATIC_PATHS.map((path) => ({ method: 'GET', path })),
  ];
  return fc.constantFrom(...targets).chain((t) => {
    const names = [...t.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    return fc
      .record({
        method: fc.oneof(
          { weight: 8, arbitrary: fc.constant(t.method) },
          { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
        ),
        params: fc.tuple(...names.map((n) => paramValue(ctx, n))),
        suffix: fc.oneof(
          { weight: 6, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: fc.constantFrom(...SUFFIXES) },
        ),
        query: fc.option(queryArb(ctx), { nil: undefined, freq: 2 }),
        credentials: credentialArb(ctx),
        body: bodyArb(ctx, `${t.method} ${t.path}`),
        extra: fc.option(
          fc.constantFrom<Record<string, string>>(
            { origin: 'http://evil.example' },
            { 'x-forwarded-for': '%E0%A4%A' },
            { 'accept-encoding': 'gzip;q=NaN' },
            { range: 'bytes=999999999-' },
            { range: 'bytes=-1,-2,-3,-4,-5,-6,-7,-8,-9' },
            { 'if-none-match': '*' },
            { 'if-modified-since': 'never' },
            { expect: '100-continue' },
          ),
          { nil: undefined, freq: 6 },
        ),
      })
      .map(({ method, params, suffix, query, credentials, body, extra }) => {
        let i = 0;
        const path = t.path.replace(/:(\w+)/g, () => params[i++] ?? '') + suffix;
        const hasBody = method !== 'GET' && method !== 'HEAD' && body.bytes !== undefined;
        return {
          route: t.path,
          as: credentials.as,
          method,
          path: query === undefined ? path : `${path}?${query}`,
          headers: { ...credentials.headers, ...(hasBody ? body.headers : {}), ...(extra ?? {}) },
          ...(hasBody ? { body: body.bytes } : {}),
        };
      });
  });
}

/** Requests Node's own HTTP parser must refuse (bytes node:http would not let us send). */
export const RAW_GARBAGE: readonly Buffer[] = [
  Buffer.from('GET /api/health\u00ff HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  Buffer.from('GET /api/buildings/\u00e0\u00a4 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  Buffer.from(
    'GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: gc_session=\u00e0\u00a4\u00a4\r\n\r\n',
    'latin1',
  ),
  Buffer.from(
    'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{"a":1}',
    'latin1',
  ),
  Buffer.from(
    'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'latin1',
  ),
  Buffer.from('GET / HTTP/9.9\r\n\r\n', 'latin1'),
  Buffer.from('GET /api/health HTTP/1.1\r\nHost: x\r\nAccept: \u0001\r\n\r\n', 'latin1'),
  Buffer.from('POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n', 'latin1'),
  Buffer.from('\u0000\u0001\u0002\r\n\r\n', 'latin1'),
  Buffer.from(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'),
  Buffer.from(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, 'latin1'),
];
