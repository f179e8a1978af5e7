import type { Role } from '../../contracts/auth.ts';
import type { Db } from '../../server/src/db/db.ts';
import { createUser } from '../../server/src/users/users.service.ts';

export const TEST_PASSWORD = 'correct horse battery';

let seq = 0;

/** POST /api/auth/login; returns the status, body and the session cookie ('gc_session=…') if set. */
export async function login(base: string, username: string, password = TEST_PASSWORD) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const text = await res.text();
  return {
    status: res.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
    body: (text ? JSON.parse(text) : undefined) as any,
    setCookie,
    cookie: setCookie.split(';')[0] ?? '',
    retryAfter: res.headers.get('retry-after'),
  };
}

/** Creates a user with the role and jurisdiction and logs in; returns the headers that carry the session. */
export async function loginAs(
  db: Db,
  base: string,
  role: Role,
  jurisdiction: string,
  username = `${role.replace('_', '')}${++seq}x${jurisdiction || 'all'}`,
) {
  const user = await createUser(db, {
    username,
    displayName: username,
    role,
    jurisdiction,
    password: TEST_PASSWORD,
  });
  const r = await login(base, username);
  if (r.status !== 200) throw new Error(`login of ${username} answered ${r.status}`);
  return { user, cookie: r.cookie, headers: { cookie: r.cookie } };
}
