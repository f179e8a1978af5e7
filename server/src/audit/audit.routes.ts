import { Router } from 'express';
import { auditQuerySchema, type AuditEntry } from '../../../contracts/auth.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { selectAudit } from './audit.sql.ts';

/** Read-only: no route edits or deletes audit rows (and the table's trigger refuses it anyway). */
export function auditRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/audit', requirePermission('audit.read'), async (req, res) => {
    const q = parse(auditQuerySchema, req.query);
    const page = await selectAudit(db, q, callerOf(req).jurisdiction);
    const entries: AuditEntry[] = page.entries.map((e) => ({ ...e, id: Number(e.id) }));
    res.json({ entries, total: page.total, limit: q.limit, offset: q.offset });
  });
  return r;
}
