import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';
import type { AuditEntry, AuditQuery } from '../../../contracts/auth.ts';
import { ISO } from '../auth/auth.sql.ts';

export interface AuditInsert {
  userId: number | null;
  username: string | null;
  displayId: number | null;
  role: string | null;
  jurisdiction: string | null;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  outcome: 'ok' | 'failed' | 'denied';
  ip: string | null;
  userAgent: string | null;
}

export async function insertAudit(db: Queryable, e: AuditInsert) {
  await db.query(
    `INSERT INTO audit_log (user_id, username, display_id, role, jurisdiction, action, target, params, outcome, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
    [
      e.userId,
      e.username,
      e.displayId,
      e.role,
      e.jurisdiction,
      e.action,
      e.target,
      JSON.stringify(e.params),
      e.outcome,
      e.ip,
      e.userAgent,
    ],
  );
}

/**
 * Audit rows of actors inside the reader's jurisdiction (rows without one, such as failed logins of
 * unknown usernames, only for the whole-installation scope), newest first.
 */
export async function selectAudit(db: Queryable, q: AuditQuery, qHash: string | null, jurisdiction: string) {
  const where = `${inJurisdiction('jurisdiction', 1)}
     AND ($2::timestamptz IS NULL OR at >= $2::timestamptz)
     AND ($3::timestamptz IS NULL OR at < $3::timestamptz)
     AND ($4::text IS NULL OR username = $4::text)
     AND ($5::text IS NULL OR action = $5::text)
     AND ($6::text IS NULL OR (params ? 'qHash' AND params->>'qHash' = $6::text))`;
  const params = [jurisdiction, q.from ?? null, q.to ?? null, q.user ?? null, q.action ?? null, qHash];
  const [page, total] = await Promise.all([
    db.query<AuditEntry>(
      `SELECT id, ${ISO('at')} AS at, user_id AS "userId", username, display_id AS "displayId", role,
              jurisdiction, action, target, params, outcome, ip, user_agent AS "userAgent"
       FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8`,
      [...params, q.limit, q.offset],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`, params),
  ]);
  return { entries: page.rows, total: total.rows[0]!.n };
}
