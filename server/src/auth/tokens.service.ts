import type { Queryable } from '../db/db.ts';
import { audit } from '../audit/audit.service.ts';
import { HttpError } from '../http/errors.ts';
import type { Caller, RequestInfo } from '../http/caller.ts';
import { insertApiToken, revokeApiToken, selectApiTokens } from './auth.sql.ts';
import { newSecret, sha256Hex } from './secrets.ts';

/** Only users hold API tokens; the secret is returned once and stored as its sha256. */
function ownerOf(caller: Caller): number {
  if (caller.kind !== 'user') throw new HttpError(403, 'forbidden', 'displays cannot hold API tokens');
  return caller.id;
}

export async function createToken(
  db: Queryable,
  caller: Caller,
  body: { name: string; expiresInDays: number },
  from: RequestInfo,
) {
  const userId = ownerOf(caller);
  const token = newSecret('token');
  const row = await insertApiToken(db, { tokenHash: sha256Hex(token), userId, ...body });
  await audit(db, caller, from, {
    action: 'tokens.create',
    target: `token:${row.id}`,
    params: { name: body.name },
  });
  return { ...row, token };
}

export async function listTokens(db: Queryable, caller: Caller) {
  return selectApiTokens(db, ownerOf(caller));
}

/** Returns the revoked credential's key, or undefined when the caller has no such token. */
export async function revokeToken(db: Queryable, caller: Caller, id: number, from: RequestInfo) {
  const hash = await revokeApiToken(db, id, ownerOf(caller));
  if (!hash) return undefined;
  await audit(db, caller, from, { action: 'tokens.revoke', target: `token:${id}` });
  return `token:${hash}`;
}
