import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_WORKFLOW } from '../../../server/src/cases/defaultWorkflow.ts';
import { newSecret, sha256Hex } from '../../../server/src/auth/secrets.ts';
import { insertDisplay } from '../../../server/src/displays/displays.sql.ts';
import type { Db } from '../../../server/src/db/db.ts';
import type { RunningServer } from '../../../server/src/server.ts';
import { GRID_A, STREET_A } from '../../fixtures/smallDistrict.ts';
import { phoneWorker } from '../../server/positionsHelpers.ts';
import type { FuzzContext, FuzzInput } from './corpus.ts';
import type { RawRequest } from './rawHttp.ts';

/** Inputs per run: 10,000 in `npm test`; `npm run fuzz` sets more. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** A fixed seed in `npm test` (the same inputs every run); `npm run fuzz` picks one and prints it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261207);

/** The query keys every contract schema reads (so a new query parameter is fuzzed too). */
async function contractQueryKeys(): Promise<string[]> {
  const keys = new Set<string>(['token', 'v', 'EIO', 'transport', 'sid']);
  const dir = new URL('../../../contracts/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(new URL(file, dir).href)) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(mod))
      if (/QuerySchema$/.test(name) && schema instanceof z.ZodType) {
        const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
        const inner = (schema as unknown as { _zod?: { def?: { in?: { shape?: object } } } })._zod?.def?.in
          ?.shape;
        for (const k of Object.keys(shape ?? inner ?? {})) keys.add(k);
      }
  }
  return [...keys];
}

/**
 * A server's world for the fuzz: logins of several kinds (placeholders in the inputs, resolved at
 * send time, re-made when an input legitimately ended one), ids that exist, valid bodies to mutate.
 */
export async function fuzzContext(
  db: Db,
  srv: RunningServer,
  logins: Record<string, () => Promise<Record<string, string>>>,
) {
  const phone = await phoneWorker(db, GRID_A, 'FZ001');
  const makers: Record<string, () => Promise<Record<string, string>>> = {
    ...logins,
    phone: async () => {
      const token = newSecret('token');
      await db.query(
        `INSERT INTO api_tokens (token_hash, name, user_id, expires_at)
         SELECT $1, 'fuzz', user_id, now() + interval '1 day' FROM grid_workers WHERE id = $2`,
        [sha256Hex(token), phone.workerId],
      );
      return { authorization: `Bearer ${token}` };
    },
    display: async () => {
      const token = newSecret('display');
      await insertDisplay(db, {
        tokenHash: sha256Hex(token),
        name: `fuzz wall ${token.slice(4, 10)}`,
        jurisdiction: STREET_A,
        publicSafe: true,
        createdBy: null,
      });
      return { authorization: `Bearer ${token}` };
    },
  };
  const credentials: Record<string, Record<string, string>> = {};
  for (const [name, make] of Object.entries(makers)) credentials[name] = await make();

  // a case, a photo and a layer that exist
  const point = [117.12, 39.17];
  const report = await fetch(`${srv.url}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credentials.phone },
    body: JSON.stringify({
      category: { major: 'city', minor: 'garbage' },
      description: '垃圾堆积无人清理',
      point,
    }),
  });
  const caseId = ((await report.json()) as { id: number }).id;
  const photo = await fetch(`${srv.url}/api/cases/photos`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', ...credentials.phone },
    body: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]),
  });
  const sha = ((await photo.json()) as { sha256: string }).sha256;
  const ids = await db.query<{ id: string }>(
    `SELECT id::text FROM buildings UNION ALL SELECT id::text FROM residents UNION ALL SELECT id::text FROM houses`,
  );
  const codes = await db.query<{ code: string }>(`SELECT code FROM regions`);

  const corpus: FuzzContext = {
    good: {
      id: [...new Set([...ids.rows.map((r) => r.id), String(caseId), String(phone.workerId)])],
      code: codes.rows.map((r) => r.code),
      sha256: [sha],
      file: ['0123456789abcdef0123456789abcdef.glb'],
      z: ['14', '16', '0'],
      x: ['13521', '0'],
      y: ['6208', '0'],
    },
    queryKeys: await contractQueryKeys(),
    credentials: Object.keys(makers),
    bodies: {
      'POST /api/auth/login': [{ username: 'nobody-here', password: 'not the password' }],
      'POST /api/auth/tokens': [{ name: 'fuzz', expiresInDays: 1 }],
      'POST /api/users': [
        {
          username: 'fuzzuser',
          displayName: 'F',
          role: 'analyst',
          jurisdiction: STREET_A,
          password: 'long enough pass',
        },
      ],
      'POST /api/displays': [{ name: 'fuzzwall', jurisdiction: STREET_A, publicSafe: true }],
      'POST /api/layers': [
        { name: 'fuzz layer', kind: 'photogrammetry', url: '/layers/fuzz/tileset.json', version: '1.1' },
      ],
      'POST /api/residents/:id/unmask': [{ reason: 'fuzz: checking a record' }],
      'POST /api/cases': [
        {
          category: { major: 'city', minor: 'garbage' },
          description: '路边垃圾没人清理',
          point,
          photos: [sha],
        },
      ],
      'POST /api/cases/intake': [
        {
          category: { major: 'city', minor: 'garbage' },
          description: '来电反映楼道堆物',
          buildingId: Number(ids.rows[0]!.id),
        },
      ],
      // a stale version: deep validation runs, the case itself is never changed
      'POST /api/cases/:id/actions': [
        { action: 'register', version: 999 },
        { action: 'dispatch', version: 999, department: '城管' },
        { action: 'request_extension', version: 999, note: 'x', extraMinutes: 60 },
      ],
      'PUT /api/cases/workflow': [DEFAULT_WORKFLOW],
      'POST /api/positions': [{ points: [{ t: Date.now(), lon: point[0], lat: point[1], accuracyM: 5 }] }],
      'POST /api/duty/clock-in': [{ lon: point[0], lat: point[1] }],
      'POST /api/duty/clock-out': [{}],
    },
  };

  /** The request with its credential placeholder replaced by that login's current headers. */
  const resolve = (input: FuzzInput): RawRequest => {
    const { 'x-extra-cookie': extra, ...headers } = {
      ...(input.as ? credentials[input.as] : {}),
      ...input.headers,
    };
    if (extra) headers.cookie = headers.cookie ? `${extra}; ${headers.cookie}` : extra;
    return { method: input.method, path: input.path, headers, body: input.body };
  };

  /** After an accepted write: logins it may have ended (logout, a revoked token) are made again. */
  const afterWrite = async () => {
    for (const [name, make] of Object.entries(makers)) {
      const me = await fetch(`${srv.url}/api/auth/me`, { headers: credentials[name] });
      if (me.status === 401) credentials[name] = await make();
    }
  };

  return { corpus, credentials, resolve, afterWrite };
}

/** Tables no fuzz input may change: every row, and what was in the append-only ones before. */
const FIXED = [
  'regions',
  'roads',
  'buildings',
  'houses',
  'residents',
  'places',
  'grid_workers',
  'roles',
  'role_permissions',
];
const APPEND_ONLY = ['cases', 'case_history', 'audit_log'];

/**
 * md5 of each table's rows (and, for the append-only ones, of the rows that existed when the digest
 * was first taken), so a second call tells whether anything stored before was changed or lost.
 */
export async function storedDigest(db: Db, upTo?: Record<string, number>) {
  const out: Record<string, string> = {};
  const limits: Record<string, number> = { ...upTo };
  for (const table of FIXED) {
    const { rows } = await db.query<{ d: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM ${table} t`,
    );
    out[table] = rows[0]!.d ?? 'empty';
  }
  for (const table of APPEND_ONLY) {
    if (limits[table] === undefined) {
      const { rows } = await db.query<{ m: number | null }>(`SELECT max(id)::int AS m FROM ${table}`);
      limits[table] = rows[0]!.m ?? 0;
    }
    // cases carry mutable columns; their versions and states must not change either
    const { rows } = await db.query<{ d: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS d FROM ${table} t WHERE t.id <= $1`,
      [limits[table]],
    );
    out[table] = rows[0]!.d ?? 'empty';
  }
  return { digest: out, limits };
}
