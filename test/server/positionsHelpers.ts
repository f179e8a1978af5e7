import { insertApiToken } from '../../server/src/auth/auth.sql.ts';
import { newSecret, sha256Hex } from '../../server/src/auth/secrets.ts';
import type { Db } from '../../server/src/db/db.ts';
import { createUser } from '../../server/src/users/users.service.ts';
import { linkWorkerUser } from '../../server/src/workers/workers.sql.ts';
import { TEST_PASSWORD } from '../support/auth.ts';

/** A grid worker in `grid` with a phone account (role grid_worker) and its API token. */
export async function phoneWorker(db: Db, grid: string, employeeNo: string, phone = '13812345678') {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO grid_workers (employee_no, name, phone, grid_code) VALUES ($1, '王网格', $2, $3) RETURNING id`,
    [employeeNo, phone, grid],
  );
  const workerId = rows[0]!.id;
  const user = await createUser(db, {
    username: `phone${employeeNo.toLowerCase()}`,
    displayName: employeeNo,
    role: 'grid_worker',
    jurisdiction: grid,
    password: TEST_PASSWORD,
  });
  await linkWorkerUser(db, workerId, user.id);
  const token = newSecret('token');
  await insertApiToken(db, { tokenHash: sha256Hex(token), name: 'phone', userId: user.id, expiresInDays: 1 });
  return { workerId, token, headers: { authorization: `Bearer ${token}` } };
}

export async function post(base: string, path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on arbitrary JSON
    body: (text ? JSON.parse(text) : undefined) as any,
    retryAfter: res.headers.get('retry-after'),
  };
}
