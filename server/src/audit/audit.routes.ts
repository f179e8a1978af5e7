import { Router } from 'express';
import { auditQuerySchema, type AuditEntry } from '../../../contracts/auth.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { maskStrings, maskText } from '../residents/maskText.ts';
import { searchHash } from './auditKey.ts';
import { selectAudit } from './audit.sql.ts';

/**
 * An audit row as an auditor sees it: free text in its details masked (rows written before search
 * strings were stored masked hold them in full), the search hash left out (it is for matching only).
 */
function toEntry(e: AuditEntry): AuditEntry {
  const params = { ...e.params };
  delete params.qHash;
  return { ...e, id: Number(e.id), params: maskStrings(params), target: e.target && maskText(e.target) };
}

/** Read-only: no route edits or deletes audit rows (and the table's trigger refuses it anyway). */
export function auditRoutes({ db, auditKey }: Deps): Router {
  const r = Router();
  r.get('/audit', requirePermission('audit.read'), async (req, res) => {
    const q = parse(auditQuerySchema, req.query);
    const qHash = q.q === undefined ? null : searchHash(auditKey, q.q);
    const page = await selectAudit(db, q, qHash, callerOf(req).jurisdiction);
    const entries: AuditEntry[] = page.entries.map((e) => toEntry(e));
    res.json({ entries, total: page.total, limit: q.limit, offset: q.offset });
  });
  return r;
}
