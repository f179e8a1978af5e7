import type { Queryable } from '../db/db.ts';
import type { Caller, RequestInfo } from '../http/caller.ts';
import { insertAudit } from './audit.sql.ts';

export interface AuditEvent {
  action: string;
  target?: string | null;
  params?: Record<string, unknown>;
  outcome?: 'ok' | 'failed' | 'denied';
}

/**
 * Appends one audit row: who (the caller, or a claimed username for logins), when (the database's
 * clock), what, from where. Awaited before the answer is sent: a view that cannot be audited is not
 * served.
 */
export async function audit(
  db: Queryable,
  who: Caller | { username: string; userId?: number | null; role?: string; jurisdiction?: string },
  from: RequestInfo,
  e: AuditEvent,
): Promise<void> {
  const actor =
    'kind' in who
      ? {
          userId: who.kind === 'user' ? who.id : null,
          username: who.kind === 'user' ? who.name : null,
          displayId: who.kind === 'display' ? who.id : null,
          role: who.role,
          jurisdiction: who.jurisdiction,
        }
      : {
          userId: who.userId ?? null,
          username: who.username,
          displayId: null,
          role: who.role ?? null,
          jurisdiction: who.jurisdiction ?? null,
        };
  await insertAudit(db, {
    ...actor,
    action: e.action,
    target: e.target ?? null,
    params: e.params ?? {},
    outcome: e.outcome ?? 'ok',
    ip: from.ip,
    userAgent: from.userAgent,
  });
}
