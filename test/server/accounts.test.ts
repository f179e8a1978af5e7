import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Permission, Role } from '../../contracts/auth.ts';
import { auditPageSchema, meSchema } from '../../contracts/auth.ts';
import { buildingResidentsSchema, unmaskedResidentSchema } from '../../contracts/residents.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, loadSmallDistrict, PEOPLE, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { login, loginAs, TEST_PASSWORD } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

/** The documented policy (README "Accounts and privacy"), stated independently of the migration. */
const POLICY: Record<Role, Permission[]> = {
  leader: ['regions.read', 'buildings.read', 'people.read', 'cases.read', 'workers.read'],
  operator: [
    'regions.read',
    'buildings.read',
    'people.read',
    'people.search',
    'people.unmask',
    'cases.read',
    'cases.report',
    'cases.act',
    'workers.read',
  ],
  analyst: ['regions.read', 'buildings.read', 'people.read', 'people.search', 'cases.read', 'workers.read'],
  grid_worker: [
    'regions.read',
    'buildings.read',
    'people.read',
    'people.search',
    'people.unmask',
    'people.key_population',
    'cases.read',
    'cases.report',
    'cases.act',
    'positions.report',
  ],
  handler: ['regions.read', 'buildings.read', 'people.read', 'people.search', 'cases.read', 'cases.act'],
  admin: [
    'regions.read',
    'buildings.read',
    'people.read',
    'people.search',
    'audit.read',
    'users.manage',
    'displays.manage',
    'cases.read',
    'cases.configure',
    'layers.manage',
    'regions.manage',
    'evaluation.configure',
  ],
};
const ROLES = Object.keys(POLICY) as Role[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
type Answer = { status: number; body: any; headers: Headers };

describe.each(testEngines())('accounts and privacy on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let ids: Awaited<ReturnType<typeof loadSmallDistrict>>;
  let residentId: Record<keyof typeof PEOPLE, number>;
  const call = async (
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Answer> => {
    const res = await fetch(srv.url + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // a file (an export) stays text
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return {
      status: res.status,
      body: text ? (json ? JSON.parse(text) : text) : undefined,
      headers: res.headers,
    };
  };
  const auditCount = async (action: string) =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1`, [action]))
      .rows[0]!.n;

  beforeAll(async () => {
    t = await engine.open();
    ids = await loadSmallDistrict(t.db);
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      limits: { loginPerMinute: 10_000, searchPerMinute: 10_000 },
    });
    const { rows } = await t.db.query<{ id: number; id_number: string }>(
      `SELECT id, id_number FROM residents`,
    );
    residentId = Object.fromEntries(
      Object.entries(PEOPLE).map(([k, p]) => [k, rows.find((r) => r.id_number === p.id)!.id]),
    ) as typeof residentId;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  describe('access matrix: every route, every role, two sibling streets', () => {
    /**
     * Each route, the permission it needs (null: any login) and what a permitted caller of street A
     * (which holds building A and 张伟) and of street B gets.
     */
    let seq = 0;
    const routes: {
      name: string;
      need: Permission | null;
      run: (h: Record<string, string>, own: string) => Promise<Answer>;
      a: number;
      b: number;
      check?: (r: Answer, street: string) => void;
    }[] = [
      { name: 'GET /auth/me', need: null, a: 200, b: 200, run: (h) => call('GET', '/api/auth/me', h) },
      {
        name: 'GET /auth/tokens',
        need: null,
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/auth/tokens', h),
      },
      {
        name: 'GET /health',
        need: null,
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/health', h),
        check: (r, s) => expect(r.body.counts.residents).toBe(s === STREET_A ? 5 : 1),
      },
      {
        name: 'GET /regions',
        need: 'regions.read',
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/regions', h),
        check: (r, s) => expect(JSON.stringify(r.body).includes(STREET_A)).toBe(s === STREET_A),
      },
      {
        name: 'GET /basemap',
        need: 'regions.read',
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/basemap?bbox=117.1,39.1,117.2,39.2', h),
        check: (r, s) => expect(JSON.stringify(r.body).includes(GRID_A)).toBe(s === STREET_A),
      },
      {
        name: 'GET /regions/:code',
        need: 'regions.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/regions/${STREET_A}`, h),
      },
      {
        name: 'GET /buildings?bbox',
        need: 'buildings.read',
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/buildings?bbox=117.1,39.1,117.2,39.2', h),
        check: (r, s) =>
          expect(r.body.features.map((f: { id: number }) => f.id)).toEqual([
            s === STREET_A ? ids.buildingA : ids.buildingB,
          ]),
      },
      {
        name: 'GET /buildings/:id',
        need: 'buildings.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/buildings/${ids.buildingA}`, h),
      },
      {
        name: 'GET /buildings/:id/residents',
        need: 'people.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/buildings/${ids.buildingA}/residents`, h),
      },
      {
        name: 'GET /occupancy',
        need: 'buildings.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/occupancy?region=${STREET_A}&level=grid`, h),
        check: (r) => expect(r.body.total.residents).toBe(5),
      },
      {
        name: 'GET /occupancy/export',
        need: 'buildings.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/occupancy/export?region=${STREET_A}&level=grid`, h),
      },
      {
        name: 'GET /evaluation',
        need: 'cases.read',
        a: 200,
        b: 404,
        run: (h) => call('GET', `/api/evaluation?period=2026&region=${STREET_A}`, h),
      },
      {
        name: 'PUT /evaluation/indicators',
        need: 'evaluation.configure',
        a: 400,
        b: 400,
        run: (h) => call('PUT', '/api/evaluation/indicators', h, { indicators: [] }),
      },
      {
        name: 'GET /residents/search',
        need: 'people.search',
        a: 200,
        b: 200,
        run: (h) => call('GET', `/api/residents/search?q=${encodeURIComponent('张伟')}`, h),
        check: (r, s) => expect(r.body.hits).toHaveLength(s === STREET_A ? 1 : 0),
      },
      {
        name: 'POST /residents/:id/unmask',
        need: 'people.unmask',
        a: 200,
        b: 404,
        run: (h) => call('POST', `/api/residents/${residentId.zhangWei}/unmask`, h, { reason: '核实来电' }),
      },
      { name: 'GET /audit', need: 'audit.read', a: 200, b: 200, run: (h) => call('GET', '/api/audit', h) },
      { name: 'GET /users', need: 'users.manage', a: 200, b: 200, run: (h) => call('GET', '/api/users', h) },
      {
        name: 'POST /users (own street)',
        need: 'users.manage',
        a: 201,
        b: 201,
        run: (h, own) =>
          call('POST', '/api/users', h, {
            username: `new${++seq}`,
            role: 'operator',
            jurisdiction: own,
            password: TEST_PASSWORD,
          }),
      },
      {
        name: 'POST /users (street A)',
        need: 'users.manage',
        a: 201,
        b: 403,
        run: (h) =>
          call('POST', '/api/users', h, {
            username: `new${++seq}`,
            role: 'operator',
            jurisdiction: STREET_A,
            password: TEST_PASSWORD,
          }),
      },
      {
        name: 'GET /displays',
        need: 'displays.manage',
        a: 200,
        b: 200,
        run: (h) => call('GET', '/api/displays', h),
      },
      {
        name: 'POST /displays',
        need: 'displays.manage',
        a: 201,
        b: 201,
        run: (h, own) => call('POST', '/api/displays', h, { name: 'wall', jurisdiction: own }),
      },
      {
        name: 'DELETE /displays/:id (street A)',
        need: 'displays.manage',
        a: 204,
        b: 404,
        run: async (h) => {
          const { rows } = await t.db.query<{ id: number }>(
            `INSERT INTO displays (token_hash, name, jurisdiction) VALUES (md5(random()::text) || md5(random()::text), 'd', $1) RETURNING id`,
            [STREET_A],
          );
          return call('DELETE', `/api/displays/${rows[0]!.id}`, h);
        },
      },
    ];

    it('answers 401 to every route without a login, and to a forged cookie or token', async () => {
      for (const route of routes) {
        if (route.name === 'GET /health') continue; // open to monitoring, see below
        for (const h of [
          {} as Record<string, string>,
          { cookie: 'gc_session=gcs_' + 'A'.repeat(43) },
          { authorization: 'Bearer nope' },
        ]) {
          const r = await route.run(h, STREET_A);
          expect(r.status, `${route.name} ${JSON.stringify(h)}`).toBe(401);
        }
      }
      expect((await call('GET', '/api/nope')).status).toBe(401);
      // Health answers without a login, but without counts: they are for logged-in callers, scoped.
      const health = await call('GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', engine: engine.name });
      expect(health.body).not.toHaveProperty('counts');
    });

    it.each(ROLES)(
      '%s: allowed where the policy says, 403 elsewhere, 404 outside its street',
      async (role) => {
        for (const street of [STREET_A, STREET_B]) {
          const { headers } = await loginAs(t.db, srv.url, role, street);
          const me = meSchema.parse((await call('GET', '/api/auth/me', headers)).body);
          expect(me.permissions).toEqual([...POLICY[role]].sort());
          expect(me.jurisdiction).toBe(street);
          for (const route of routes) {
            const r = await route.run(headers, street);
            const allowed = route.need === null || POLICY[role].includes(route.need);
            const want = !allowed ? 403 : street === STREET_A ? route.a : route.b;
            expect(r.status, `${role} of ${street}: ${route.name}`).toBe(want);
            if (r.status >= 400) expect(r.body.error.code).toEqual(expect.any(String));
            if (allowed && r.status === 200) route.check?.(r, street);
          }
        }
      },
    );
  });

  describe('masking and unmask', () => {
    it('masks lists for everyone, unmask included; key-population tags only for grid workers', async () => {
      for (const role of ['operator', 'grid_worker', 'leader'] as const) {
        const { headers } = await loginAs(t.db, srv.url, role, STREET_A);
        const r = buildingResidentsSchema.parse(
          (await call('GET', `/api/buildings/${ids.buildingA}/residents`, headers)).body,
        );
        const text = JSON.stringify(r);
        for (const p of Object.values(PEOPLE)) expect(text).not.toContain(p.id);
        expect(text).not.toContain(PEOPLE.zhangWei.phone);
        expect(text).not.toMatch(/"room":"\d+"/);
        const liNa = r.entrances[0]!.floors[0]!.houses[0]!.residents[1]!;
        if (role === 'grid_worker') expect(liNa.keyTags).toEqual(['petitioner']);
        else expect(liNa).not.toHaveProperty('keyTags');
      }
    });

    it('unmasks one record with a reason, audited; without a reason it is 400 and writes nothing', async () => {
      const { headers, user } = await loginAs(t.db, srv.url, 'operator', STREET_A);
      const before = await auditCount('people.unmask');
      for (const body of [{}, { reason: '' }, { reason: 'abc' }, { reason: '    x   ' }, { reason: 12345 }]) {
        const r = await call('POST', `/api/residents/${residentId.zhangWei}/unmask`, headers, body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.body.error.field).toBe('reason');
      }
      expect(await auditCount('people.unmask')).toBe(before);
      const r = await call('POST', `/api/residents/${residentId.liNa}/unmask`, headers, {
        reason: '12345 hotline call-back',
      });
      expect(r.status).toBe(200);
      const p = unmaskedResidentSchema.parse(r.body);
      expect(p).toMatchObject({
        name: '李娜',
        idNumber: PEOPLE.liNa.id,
        phone: PEOPLE.liNa.phone,
        birthDate: '1982-07-02',
        house: { entrance: 1, floor: 1, room: '101' },
        gridCode: GRID_A,
      });
      expect(p).not.toHaveProperty('keyTags'); // operators have no people.key_population
      const { rows } = await t.db.query<{ username: string; target: string; params: { reason: string } }>(
        `SELECT username, target, params FROM audit_log WHERE action = 'people.unmask' ORDER BY id DESC LIMIT 1`,
      );
      expect(rows[0]).toEqual({
        username: user.username,
        target: `resident:${residentId.liNa}`,
        params: { reason: '12345 hotline call-back' },
      });
      const gw = await loginAs(t.db, srv.url, 'grid_worker', GRID_A);
      const byGw = await call('POST', `/api/residents/${residentId.liNa}/unmask`, gw.headers, {
        reason: '入户走访',
      });
      expect(byGw.body.keyTags).toEqual(['petitioner']);
      // A grid worker of cell A cannot unmask street B's resident: not found, nothing audited.
      const n = await auditCount('people.unmask');
      const other = await call('POST', `/api/residents/${residentId.liuYang}/unmask`, gw.headers, {
        reason: '入户走访',
      });
      expect(other.status).toBe(404);
      expect(await auditCount('people.unmask')).toBe(n);
    });
  });

  describe('audit log', () => {
    it('records every search with who, what and from where, and pages and filters it for an admin', async () => {
      const op = await loginAs(t.db, srv.url, 'operator', STREET_A);
      const ua = { ...op.headers, 'user-agent': 'gridcenter-test/1.0' };
      expect((await call('GET', `/api/residents/search?q=${encodeURIComponent('王芳')}`, ua)).status).toBe(
        200,
      );
      expect((await call('GET', '/api/residents/search?q=3333', ua)).status).toBe(200);
      const admin = await loginAs(t.db, srv.url, 'admin', '120106');
      const page = auditPageSchema.parse(
        (await call('GET', `/api/audit?action=people.search&user=${op.user.username}&limit=1`, admin.headers))
          .body,
      );
      expect(page.total).toBe(2);
      expect(page.entries).toHaveLength(1);
      expect(page.entries[0]).toMatchObject({
        username: op.user.username,
        role: 'operator',
        jurisdiction: STREET_A,
        action: 'people.search',
        params: { q: '3333', hits: 1 },
        outcome: 'ok',
        userAgent: 'gridcenter-test/1.0',
      });
      expect(page.entries[0]!.ip).toMatch(/127\.0\.0\.1/);
      const second = auditPageSchema.parse(
        (
          await call(
            'GET',
            `/api/audit?action=people.search&user=${op.user.username}&limit=1&offset=1`,
            admin.headers,
          )
        ).body,
      );
      // the audit keeps a searched name masked, like the lists show it
      expect(second.entries[0]!.params).toMatchObject({ q: '王*' });
      const future = auditPageSchema.parse(
        (await call('GET', `/api/audit?from=2999-01-01&user=${op.user.username}`, admin.headers)).body,
      );
      expect(future.total).toBe(0);
      // An admin of street B sees nothing of street A's operators.
      const adminB = await loginAs(t.db, srv.url, 'admin', STREET_B);
      const forB = auditPageSchema.parse(
        (await call('GET', `/api/audit?user=${op.user.username}`, adminB.headers)).body,
      );
      expect(forB.total).toBe(0);
      expect((await call('GET', '/api/audit?from=yesterday', admin.headers)).status).toBe(400);
    });

    it('keeps searched ID numbers and phones masked with a keyed hash an auditor matches exactly', async () => {
      const op = await loginAs(t.db, srv.url, 'operator', '120106');
      const id = PEOPLE.wangFang.id;
      for (const q of [id, PEOPLE.wangFang.phone!, PEOPLE.zhangWei.id])
        expect((await call('GET', `/api/residents/search?q=${q}`, op.headers)).status).toBe(200);
      // nothing in the table holds the numbers that were asked
      const stored = await t.db.query<{ params: string }>(
        `SELECT params::text AS params FROM audit_log WHERE action = 'people.search' AND username = $1`,
        [op.user.username],
      );
      expect(stored.rows).toHaveLength(3);
      for (const r of stored.rows) {
        const { qHash, ...rest } = JSON.parse(r.params) as Record<string, unknown>;
        expect(qHash).toMatch(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(rest)).not.toMatch(/[0-9]{7}/);
      }
      expect(stored.rows.map((r) => r.params).join()).not.toContain(id);
      const admin = await loginAs(t.db, srv.url, 'admin', '120106');
      const byQ = (q: string) =>
        call('GET', `/api/audit?action=people.search&q=${encodeURIComponent(q)}`, admin.headers).then((r) =>
          auditPageSchema.parse(r.body),
        );
      const hit = await byQ(id);
      expect(hit.total).toBe(1);
      expect(hit.entries[0]!.params).toEqual({
        q: `${id.slice(0, 6)}********${id.slice(14)}`,
        limit: 20,
        hits: 1,
      });
      expect((await byQ(id.toLowerCase())).total).toBe(1); // the check letter as typed
      expect((await byQ(PEOPLE.wangFang.phone!)).entries[0]!.params.q).toBe('137****3333');
      expect((await byQ(PEOPLE.liNa.id)).total).toBe(0);
      expect(JSON.stringify(await byQ(id))).not.toMatch(/qHash|[0-9a-f]{64}/);
    });

    it('records logins, successful and failed', async () => {
      const { user } = await loginAs(t.db, srv.url, 'analyst', STREET_A);
      expect((await login(srv.url, user.username, 'wrong password!')).status).toBe(401);
      const { rows } = await t.db.query<{ outcome: string; ip: string | null }>(
        `SELECT outcome, ip FROM audit_log WHERE action = 'auth.login' AND username = $1 ORDER BY id`,
        [user.username],
      );
      expect(rows.map((r) => r.outcome)).toEqual(['ok', 'failed']);
      expect(rows.every((r) => r.ip !== null)).toBe(true);
    });

    it('cannot be updated, deleted or truncated, even with direct SQL', async () => {
      const n = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;
      expect(n).toBeGreaterThan(0);
      await expect(t.db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n).toBe(
        n,
      );
    });
  });

  describe('login, sessions, tokens, lockout', () => {
    it('sets an HttpOnly SameSite=Strict cookie holding an opaque id stored only as its sha256', async () => {
      const { user } = await loginAs(t.db, srv.url, 'leader', STREET_A);
      const r = await login(srv.url, user.username);
      expect(r.setCookie).toMatch(
        /^gc_session=gcs_[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/,
      );
      const secret = r.cookie.split('=')[1]!;
      const { rows } = await t.db.query<{ id_hash: string }>(
        `SELECT s.id_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1`,
        [user.username],
      );
      expect(rows.length).toBe(2);
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(r.body).toMatchObject({ kind: 'user', role: 'leader', jurisdiction: STREET_A });
    });

    it('answers wrong passwords and unknown users alike, and ends sessions on logout, expiry and idle', async () => {
      const { user, headers } = await loginAs(t.db, srv.url, 'handler', STREET_A);
      const wrong = await login(srv.url, user.username, 'not the password');
      const unknown = await login(srv.url, 'nobody-here', 'not the password');
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body).toEqual(unknown.body);
      expect((await call('GET', '/api/auth/me', headers)).status).toBe(200);
      expect((await call('POST', '/api/auth/logout', headers)).status).toBe(204);
      expect((await call('GET', '/api/auth/me', headers)).status).toBe(401);

      const idle = await loginAs(t.db, srv.url, 'handler', STREET_A);
      await t.db.query(
        `UPDATE sessions SET last_seen_at = now() - interval '31 minutes'
         WHERE user_id = $1`,
        [idle.user.id],
      );
      expect((await call('GET', '/api/auth/me', idle.headers)).status).toBe(401);
      const old = await loginAs(t.db, srv.url, 'handler', STREET_A);
      await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
        old.user.id,
      ]);
      expect((await call('GET', '/api/regions', old.headers)).status).toBe(401);
    });

    it('locks a username after 5 failures in 15 minutes: 429 with Retry-After, even for the right password', async () => {
      const { user } = await loginAs(t.db, srv.url, 'operator', STREET_B);
      for (let i = 0; i < 5; i++)
        expect((await login(srv.url, user.username, `wrong-${i}-password`)).status).toBe(401);
      const locked = await login(srv.url, user.username);
      expect(locked.status).toBe(429);
      expect(Number(locked.retryAfter)).toBeGreaterThan(800);
      expect(Number(locked.retryAfter)).toBeLessThanOrEqual(900);
      expect(locked.setCookie).toBe('');
      // Other users from the same address still log in.
      const other = await loginAs(t.db, srv.url, 'operator', STREET_B);
      expect(other.cookie).toMatch(/^gc_session=/);
      // When the window has passed, the right password works again.
      await t.db.query(`UPDATE login_failures SET at = at - interval '16 minutes' WHERE username = $1`, [
        user.username,
      ]);
      expect((await login(srv.url, user.username)).status).toBe(200);
    });

    it('issues bearer API tokens with the owner role and jurisdiction, revocable', async () => {
      const { headers } = await loginAs(t.db, srv.url, 'analyst', STREET_B);
      const created = await call('POST', '/api/auth/tokens', headers, { name: 'phone', expiresInDays: 30 });
      expect(created.status).toBe(201);
      const bearer = { authorization: `Bearer ${created.body.token}` };
      expect(created.body.token).toMatch(/^gct_/);
      const me = await call('GET', '/api/auth/me', bearer);
      expect(me.body).toMatchObject({ role: 'analyst', jurisdiction: STREET_B });
      expect((await call('GET', `/api/buildings/${ids.buildingA}`, bearer)).status).toBe(404);
      expect((await call('GET', `/api/buildings/${ids.buildingB}`, bearer)).status).toBe(200);
      // The token is no cookie, and a cookie is no token.
      expect((await call('GET', '/api/auth/me', { cookie: `gc_session=${created.body.token}` })).status).toBe(
        401,
      );
      const list = await call('GET', '/api/auth/tokens', headers);
      expect(list.body.tokens).toEqual([expect.not.objectContaining({ token: expect.anything() })]);
      expect((await call('DELETE', `/api/auth/tokens/${created.body.id}`, headers)).status).toBe(204);
      expect((await call('GET', '/api/auth/me', bearer)).status).toBe(401);
    });

    it('hears of credentials changed outside the API at once (NOTIFY): a token revoked in SQL, a permission taken from a role', async () => {
      // The cache keeps a resolved token for a minute while this news is pushed.
      expect(srv.credentialNewsPushed()).toBe(true);
      const { headers } = await loginAs(t.db, srv.url, 'analyst', STREET_B);
      const created = await call('POST', '/api/auth/tokens', headers, {
        name: 'sql-revoked',
        expiresInDays: 30,
      });
      const bearer = { authorization: `Bearer ${created.body.token}` };
      expect((await call('GET', '/api/auth/me', bearer)).status).toBe(200); // now cached
      // As the users CLI or an administrator's SQL would: not through this server.
      await t.db.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [created.body.id]);
      const t0 = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - t0 < 4000) {
        status = (await call('GET', '/api/auth/me', bearer)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
      // Without the news the token would stay cached a minute (5 s even without LISTEN): 4 s tells.

      const leader = await loginAs(t.db, srv.url, 'leader', STREET_A);
      const token = await call('POST', '/api/auth/tokens', leader.headers, {
        name: 'wall',
        expiresInDays: 1,
      });
      const wall = { authorization: `Bearer ${token.body.token}` };
      expect((await call('GET', '/api/workers/duty', wall)).status).toBe(200);
      await t.db.query(`DELETE FROM role_permissions WHERE role = 'leader' AND permission = 'workers.read'`);
      try {
        let s = 200;
        const t1 = Date.now();
        while (s === 200 && Date.now() - t1 < 4000) {
          s = (await call('GET', '/api/workers/duty', wall)).status;
          if (s === 200) await new Promise((r) => setTimeout(r, 20));
        }
        expect(s).toBe(403);
      } finally {
        await t.db.query(`INSERT INTO role_permissions (role, permission) VALUES ('leader', 'workers.read')`);
      }
    });

    it('sends security headers with a CSP that lets Cesium workers run', async () => {
      const r = await call('GET', '/api/nope');
      const csp = r.headers.get('content-security-policy')!;
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("connect-src 'self' ws: wss:");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('wall displays', () => {
    it('a display token reads as a leader inside its jurisdiction; public-safe ones get no personal data', async () => {
      const admin = await loginAs(t.db, srv.url, 'admin', '120106');
      const mk = async (publicSafe: boolean) => {
        const r = await call('POST', '/api/displays', admin.headers, {
          name: '大屏',
          jurisdiction: STREET_A,
          publicSafe,
        });
        expect(r.status).toBe(201);
        expect(r.body.token).toMatch(/^gcd_/);
        return { id: r.body.id as number, h: { authorization: `Bearer ${r.body.token}` } };
      };
      const plain = await mk(false);
      const safe = await mk(true);
      expect((await call('GET', '/api/auth/me', plain.h)).body).toMatchObject({
        kind: 'display',
        role: 'leader',
        jurisdiction: STREET_A,
        publicSafe: false,
      });
      expect((await call('GET', `/api/buildings/${ids.buildingA}/residents`, plain.h)).status).toBe(200);
      expect((await call('GET', '/api/residents/search?q=张伟', plain.h)).status).toBe(403);
      expect((await call('GET', `/api/regions/${STREET_B}`, plain.h)).status).toBe(404);
      for (const path of [`/api/buildings/${ids.buildingA}/residents`, '/api/residents/search?q=张伟'])
        expect((await call('GET', path, safe.h)).status).toBe(403);
      expect((await call('GET', `/api/regions/${STREET_A}`, safe.h)).status).toBe(200);
      expect((await call('GET', `/api/buildings/${ids.buildingA}`, safe.h)).status).toBe(200);
      expect((await call('POST', '/api/auth/tokens', safe.h, { name: 'x' })).status).toBe(403);
      expect((await call('GET', '/api/displays', safe.h)).status).toBe(403);
      const list = await call('GET', '/api/displays', admin.headers);
      expect(JSON.stringify(list.body)).not.toContain('gcd_');
      expect((await call('DELETE', `/api/displays/${safe.id}`, admin.headers)).status).toBe(204);
      expect((await call('GET', `/api/regions/${STREET_A}`, safe.h)).status).toBe(401);
      expect((await call('GET', `/api/regions/${STREET_A}`, plain.h)).status).toBe(200);
      // Only a jurisdiction inside the admin's own.
      const admB = await loginAs(t.db, srv.url, 'admin', STREET_B);
      expect(
        (await call('POST', '/api/displays', admB.headers, { name: 'x', jurisdiction: STREET_A })).status,
      ).toBe(403);
    });
  });
});
