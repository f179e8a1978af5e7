import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PATHS, type CaseDetail } from '../../contracts/cases.ts';
import { newSecret, sha256Hex } from '../../server/src/auth/secrets.ts';
import { insertDisplay } from '../../server/src/displays/displays.sql.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, loadSmallDistrict, PEOPLE, STREET_A } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

/**
 * Free text that reaches a screen is masked like fields: an ID number, a phone or a card number
 * typed into a description or a note never leaves the server in full — not in the report's
 * answer, the list, the detail, the flow history, nor in any live event (wall displays included).
 */
const ID = PEOPLE.zhangWei.id;
const PHONE = '13912345678';
const CARD = '6222021234567890123';
const FULL_WIDTH_PHONE = '１３７００００１１１１';

describe.each(testEngines())('case free text masked on every channel, on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  let photosDir: string;
  const h: Record<string, Record<string, string>> = {};
  const sockets: Socket[] = [];
  const received: string[] = [];

  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(srv.url + path, {
      method,
      headers: { ...h[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };
  const listen = (headers: Record<string, string>, auth?: { token: string }) =>
    new Promise<void>((resolve, reject) => {
      const s = connect(srv.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: headers,
        ...(auth ? { auth } : {}),
      });
      sockets.push(s);
      s.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    photosDir = mkdtempSync(join(tmpdir(), 'gc-privacy-'));
    srv = await startServer(t.db, { port: 0, clientDir: '/nonexistent', cases: { photosDir } });
    h.gw = (await loginAs(t.db, srv.url, 'grid_worker', GRID_A)).headers;
    h.op = (await loginAs(t.db, srv.url, 'operator', STREET_A)).headers;
    h.leader = (await loginAs(t.db, srv.url, 'leader', '120106')).headers;
    const wall = newSecret('display');
    await insertDisplay(t.db, {
      tokenHash: sha256Hex(wall),
      name: 'wall',
      jurisdiction: '120106',
      publicSafe: true,
      createdBy: null,
    });
    await listen(h.leader);
    await listen(h.op);
    await listen({}, { token: wall });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await srv?.close();
    await t?.cleanup();
    if (photosDir) rmSync(photosDir, { recursive: true, force: true });
  });

  it('masks what a reporter and a handler typed, in answers, lists, details and events', async () => {
    const r = await call('POST', CASE_PATHS.list, 'gw', {
      category: { major: 'dispute', minor: 'neighbour' },
      description: `邻居纠纷，当事人身份证${ID}，手机${PHONE}，另一方${FULL_WIDTH_PHONE}，赔偿卡号${CARD}`,
      point: [117.125, 39.17],
      address: `光荣道1号 联系${PHONE}`,
    });
    expect(r.status).toBe(201);
    const c = JSON.parse(r.text) as CaseDetail;
    expect(c.description).toContain(`${ID.slice(0, 6)}********${ID.slice(14)}`);
    expect(c.description).toContain('139****5678');
    const registered = await call('POST', CASE_PATHS.actions(c.id), 'op', {
      action: 'dismiss',
      version: c.version,
      note: `已电话联系 ${PHONE}，身份证 ${ID.toLowerCase()} 核实为误报`,
    });
    expect(registered.status).toBe(200);
    const answers = [
      r.text,
      registered.text,
      (await call('GET', CASE_PATHS.one(c.id), 'op')).text,
      (await call('GET', CASE_PATHS.one(c.id), 'leader')).text,
      (await call('GET', `${CASE_PATHS.list}?limit=50`, 'leader')).text,
      (await call('GET', `${CASE_PATHS.list}?limit=50&open=false`, 'op')).text,
    ];
    // the events reach every screen shortly after the commits
    for (let i = 0; i < 50 && received.filter((e) => e.startsWith('case:')).length < 6; i++)
      await new Promise((res) => setTimeout(res, 50));
    const events = received.filter((e) => e.startsWith('case:'));
    expect(events.length).toBeGreaterThanOrEqual(6); // created and updated, on 3 screens
    for (const text of [...answers, ...events]) {
      for (const secret of [ID, ID.toLowerCase(), PHONE, CARD, FULL_WIDTH_PHONE, '13700001111'])
        expect(text).not.toContain(secret);
      // the free-text fields hold no run of 7+ digits at all (codes and numbers elsewhere do)
      for (const m of text.matchAll(/"(title|description|address|note)":"([^"]*)"/g))
        expect(m[2], m[1]).not.toMatch(/[0-9]{7}/);
    }
  });
});
