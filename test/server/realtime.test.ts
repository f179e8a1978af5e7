import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, RegionUpdated, ServerToClientEvents } from '../../contracts/events.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict, STREET_A, STREET_B } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe.each(testEngines())('Socket.IO rooms and authentication on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const open: Client[] = [];

  /** A real socket.io-client; resolves once connected, rejects with the server's connect error. */
  const client = (opts: { cookie?: string; token?: string; origin?: string }) =>
    new Promise<Client>((resolve, reject) => {
      const s: Client = connect(srv.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(opts.origin ? { origin: opts.origin } : {}),
        },
        auth: opts.token ? { token: opts.token } : {},
      });
      open.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', (err) => reject(err));
    });
  /** Collects region:updated events a socket receives. */
  const inbox = (s: Client) => {
    const got: RegionUpdated[] = [];
    s.on('region:updated', (p) => got.push(p));
    return got;
  };
  const ended = (s: Client) =>
    new Promise<string>((resolve) => {
      let reason = '';
      s.on('session:ended', (p) => (reason = p.reason));
      s.on('disconnect', () => resolve(reason));
    });
  const settle = () => new Promise((r) => setTimeout(r, 150));
  const update = (code: string): RegionUpdated => ({ code, what: 'people', at: new Date().toISOString() });

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent', recheckMs: 200 });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  it('refuses a handshake without a valid session or token, or a cookie from a foreign origin', async () => {
    await expect(client({})).rejects.toThrow('unauthenticated');
    await expect(client({ cookie: 'gc_session=gcs_' + 'x'.repeat(43) })).rejects.toThrow('unauthenticated');
    await expect(client({ token: 'gct_' + 'x'.repeat(43) })).rejects.toThrow('unauthenticated');
    const op = await loginAs(t.db, srv.url, 'operator', STREET_A);
    await expect(client({ cookie: op.cookie, origin: 'http://evil.example' })).rejects.toThrow('forbidden');
    await expect(client({ cookie: op.cookie, origin: srv.url })).resolves.toBeTruthy();
  });

  it('joins only the rooms of its jurisdiction: events of a sibling street never arrive', async () => {
    const a = inbox(await client({ cookie: (await loginAs(t.db, srv.url, 'operator', STREET_A)).cookie }));
    const b = inbox(await client({ cookie: (await loginAs(t.db, srv.url, 'operator', STREET_B)).cookie }));
    const district = inbox(
      await client({ cookie: (await loginAs(t.db, srv.url, 'leader', '120106')).cookie }),
    );
    srv.realtime.emitRegionUpdated(update(GRID_A));
    srv.realtime.emitRegionUpdated(update(GRID_B));
    // under load the events can take longer than a settle: wait for the last expected one
    await expect.poll(() => district.length, { timeout: 5_000 }).toBe(2);
    await settle();
    expect(a.map((e) => e.code)).toEqual([GRID_A]);
    expect(b.map((e) => e.code)).toEqual([GRID_B]);
    expect(district.map((e) => e.code)).toEqual([GRID_A, GRID_B]);
  });

  it('acks region:subscribe inside the jurisdiction with data, and outside it with an error', async () => {
    const gw = await loginAs(t.db, srv.url, 'grid_worker', STREET_A);
    const s = await client({ cookie: gw.cookie });
    expect(await s.emitWithAck('region:subscribe', { code: GRID_A })).toEqual({
      data: { room: `region:${GRID_A}` },
    });
    const outside = await s.emitWithAck('region:subscribe', { code: STREET_B });
    expect(outside).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const parent = await s.emitWithAck('region:subscribe', { code: '120106' });
    expect('error' in parent).toBe(true);
    const bad = await s.emitWithAck('region:subscribe', { code: "1'; DROP" } as never);
    expect(bad).toEqual({ error: { code: 'invalid', message: expect.any(String) } });
    const got = inbox(s);
    srv.realtime.emitRegionUpdated(update(GRID_B));
    await settle();
    expect(got).toEqual([]);
  });

  it('accepts display and API tokens over auth.token, within their jurisdiction', async () => {
    const admin = await loginAs(t.db, srv.url, 'admin', '120106');
    const res = await fetch(`${srv.url}/api/displays`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'wall', jurisdiction: STREET_B, publicSafe: true }),
    });
    const display = (await res.json()) as { id: number; token: string };
    const s = await client({ token: display.token });
    const got = inbox(s);
    srv.realtime.emitRegionUpdated(update(GRID_A));
    srv.realtime.emitRegionUpdated(update(GRID_B));
    await expect.poll(() => got.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await settle();
    expect(got.map((e) => e.code)).toEqual([GRID_B]);
    // Revoking the display closes its socket at once.
    const gone = ended(s);
    await fetch(`${srv.url}/api/displays/${display.id}`, { method: 'DELETE', headers: admin.headers });
    expect(await gone).toBe('revoked');
  });

  it('disconnects on logout, and within the re-check interval when a session expires', async () => {
    const op = await loginAs(t.db, srv.url, 'operator', STREET_A);
    const s = await client({ cookie: op.cookie });
    const gone = ended(s);
    await fetch(`${srv.url}/api/auth/logout`, { method: 'POST', headers: op.headers });
    expect(await gone).toBe('revoked');

    const idle = await loginAs(t.db, srv.url, 'operator', STREET_A);
    const s2 = await client({ cookie: idle.cookie });
    const gone2 = ended(s2);
    await t.db.query(`UPDATE sessions SET expires_at = now() WHERE user_id = $1`, [idle.user.id]);
    expect(await gone2).toBe('expired');
  });

  it('ends a socket at once when its user is moved to another jurisdiction outside the API (NOTIFY)', async () => {
    const op = await loginAs(t.db, srv.url, 'operator', STREET_A);
    const s = await client({ cookie: op.cookie });
    const gone = ended(s);
    const t0 = Date.now();
    await t.db.query(`UPDATE users SET jurisdiction = $2 WHERE id = $1`, [op.user.id, STREET_B]);
    expect(await gone).toBe('revoked');
    expect(Date.now() - t0).toBeLessThan(4000); // the periodic re-check alone would keep it open
  });
});
