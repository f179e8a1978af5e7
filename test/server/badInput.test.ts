import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';
import { closeAgent, send, sendBytes } from '../support/fuzz/rawHttp.ts';

/**
 * The inputs of issue #14 that answered 500 or stopped the server, one by one, with the answer a
 * caller should get. The fuzz suite (fuzz.*.test.ts) covers the space around them.
 */
describe.each(testEngines())('bad input answered, never a 5xx or a crash, on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let admin: Record<string, string>;
  const ask = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const res = await send(
      srv.url,
      { method, path, headers, ...(body === undefined ? {} : { body: Buffer.from(body) }) },
      5000,
    );
    const text = res.body.toString();
    return {
      status: res.status,
      type: String(res.headers['content-type']),
      body: text ? JSON.parse(text) : {},
    };
  };

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent' });
    admin = (await loginAs(t.db, srv.url, 'admin', '')).headers;
  });
  afterAll(async () => {
    closeAgent();
    await srv?.close();
    await t?.cleanup();
  });

  it('survives a Socket.IO handshake whose session cookie is malformed percent-encoding', async () => {
    for (const cookie of ['gc_session=%E0%A4%A', 'gc_session=%', 'gc_session=%zz%']) {
      const err = await new Promise<Error>((resolve, reject) => {
        const s = connect(srv.url, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: { cookie },
        });
        s.once('connect', () => reject(new Error('connected without a credential')));
        s.once('connect_error', (e) => {
          s.disconnect();
          resolve(e);
        });
      });
      expect(err.message).toBe('unauthenticated');
    }
    // the process is alive and answers
    expect((await ask('GET', '/api/health')).status).toBe(200);
  });

  it('answers a malformed cookie on any route as no login (401), not 500', async () => {
    const r = await ask('GET', '/api/buildings/1', { cookie: 'gc_session=%E0%A4%A' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('answers malformed percent-encoding in a path parameter with 400 bad_encoding', async () => {
    for (const path of [
      '/api/buildings/%E0%A4%A',
      '/api/regions/%E0%A4%A',
      '/api/cases/%E0%A4%A',
      '/api/workers/%',
    ]) {
      const r = await ask('GET', path, admin);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code, path).toBe('bad_encoding');
    }
  });

  it('refuses a NUL character in a query or a body with 400 naming the field', async () => {
    const places = await ask('GET', '/api/cases/places?q=%00', admin);
    expect(places.status).toBe(400);
    expect(places.body.error.field).toBe('q');
    const audit = await ask('GET', '/api/audit?user=a%00b', admin);
    expect(audit).toMatchObject({ status: 400, body: { error: { field: 'user' } } });
    const body = await ask(
      'POST',
      '/api/users',
      { ...admin, 'content-type': 'application/json' },
      JSON.stringify({
        username: 'ab\u0000c',
        role: 'analyst',
        jurisdiction: '',
        password: 'long enough pass',
      }),
    );
    expect(body).toMatchObject({ status: 400, body: { error: { code: 'invalid', field: 'username' } } });
  });

  it('answers a body of another content type (or none) with 415 naming content-type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const r = await ask(
        'POST',
        '/api/users',
        { ...admin, ...(type ? { 'content-type': type } : {}) },
        '{"a":1}',
      );
      expect(r.status, String(type)).toBe(415);
      expect(r.body.error).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
    }
    const broken = await ask('POST', '/api/users', { ...admin, 'content-type': 'application/json' }, '{"a":');
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'bad_body' } } });
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const nested = await ask('POST', '/api/users', { ...admin, 'content-type': 'application/json' }, deep);
    expect(nested.status).toBe(400);
  });

  it('answers the static folders in the error shape: traversal, NUL, a folder, a long name, a wrong method', async () => {
    for (const path of [
      '/cesium/%00',
      '/cesium/%2e%2e/%2e%2e/package.json',
      '/cesium/..%5c..%5cpackage.json',
      '/cesium/Assets/',
      '/cesium/Assets',
      `/cesium/${'x'.repeat(300)}`,
    ]) {
      const r = await ask('GET', path, admin);
      expect([400, 404], path).toContain(r.status);
      expect(r.type, path).toMatch(/^application\/json/);
      expect(JSON.stringify(r.body), path).not.toMatch(/node_modules|ENOENT|\/work\//);
    }
    const put = await ask('PUT', '/cesium/Cesium.js', admin, 'x');
    expect(put).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } });
  });

  it('answers what Node’s HTTP parser refuses in the error shape too', async () => {
    const r = await sendBytes(
      srv.url,
      Buffer.from(
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{"a":1}',
      ),
      5000,
    );
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text.slice(r.text.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: { code: 'bad_request' },
    });
  });
});
