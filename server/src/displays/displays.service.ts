import type { Queryable } from '../db/db.ts';
import type { Display } from '../../../contracts/auth.ts';
import { audit } from '../audit/audit.service.ts';
import { newSecret, sha256Hex } from '../auth/secrets.ts';
import { isInside, type Caller, type RequestInfo } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { insertDisplay, revokeDisplay, selectDisplays } from './displays.sql.ts';

/**
 * A wall display: a bearer token bound to the leader role and a jurisdiction inside the creator's.
 * The token is answered once and stored as its sha256.
 */
export async function createDisplay(
  db: Queryable,
  caller: Caller,
  body: { name: string; jurisdiction: string; publicSafe: boolean },
  from: RequestInfo,
): Promise<Display> {
  if (!isInside(caller, body.jurisdiction))
    throw new HttpError(403, 'outside_jurisdiction', 'jurisdiction is outside yours', 'jurisdiction');
  const token = newSecret('display');
  const display = await insertDisplay(db, {
    tokenHash: sha256Hex(token),
    ...body,
    createdBy: caller.kind === 'user' ? caller.id : null,
  });
  await audit(db, caller, from, {
    action: 'displays.create',
    target: `display:${display.id}`,
    params: { name: body.name, jurisdiction: body.jurisdiction, publicSafe: body.publicSafe },
  });
  return { ...display, token };
}

export function listDisplays(db: Queryable, caller: Caller): Promise<Display[]> {
  return selectDisplays(db, caller.jurisdiction);
}

export async function removeDisplay(db: Queryable, caller: Caller, id: number, from: RequestInfo) {
  const display = await revokeDisplay(db, id, caller.jurisdiction);
  if (!display) throw notFound(`display ${id}`, 'id');
  await audit(db, caller, from, { action: 'displays.revoke', target: `display:${id}` });
  return display;
}
