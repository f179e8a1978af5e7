import type { Queryable } from '../db/db.ts';
import type { CreateUserBody, User } from '../../../contracts/auth.ts';
import { audit } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/passwords.ts';
import { isInside, type Caller, type RequestInfo } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { insertUser, selectUsers, updatePassword } from './users.sql.ts';

/** Library function behind the CLI, the demo accounts and POST /api/users. */
export async function createUser(db: Queryable, u: CreateUserBody): Promise<User> {
  const user = await insertUser(db, {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    jurisdiction: u.jurisdiction,
    passwordHash: await hashPassword(u.password),
  });
  if (!user) throw new HttpError(409, 'conflict', `username ${u.username} is taken`, 'username');
  return user;
}

/** Sets a new password and ends every session and API token of the user; returns the user id. */
export async function resetPassword(db: Queryable, username: string, password: string): Promise<number> {
  const id = await updatePassword(db, username, await hashPassword(password));
  if (id === undefined) throw new HttpError(404, 'not_found', `user ${username} not found`, 'username');
  return id;
}

/** An administrator creates users only inside its own jurisdiction. */
export async function createUserAs(db: Queryable, caller: Caller, body: CreateUserBody, from: RequestInfo) {
  if (!isInside(caller, body.jurisdiction))
    throw new HttpError(403, 'outside_jurisdiction', 'jurisdiction is outside yours', 'jurisdiction');
  const user = await createUser(db, body);
  await audit(db, caller, from, {
    action: 'users.create',
    target: `user:${user.id}`,
    params: { username: user.username, role: user.role, jurisdiction: user.jurisdiction },
  });
  return user;
}

export function listUsers(db: Queryable, caller: Caller): Promise<User[]> {
  return selectUsers(db, caller.jurisdiction);
}
