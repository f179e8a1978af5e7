import { workflowSchema, type Workflow } from '../../../contracts/cases.ts';
import type { Queryable } from '../db/db.ts';
import { DEFAULT_WORKFLOW } from './defaultWorkflow.ts';
import { selectWorkflowRows, upsertWorkflow } from './workflows.sql.ts';

/**
 * The workflow of each jurisdiction, read once and kept in memory (a handful of rows, read on every
 * report and action). The longest jurisdiction prefix of a case's grid code wins; without any row
 * the default of DOMAIN.md applies. One server process owns the cache: PUT reloads it at once.
 *
 * The embedded engine has one connection: a read through the pool from inside a transaction waits
 * for that transaction to end. So the rows are read at construction, a change swaps in rows read
 * before anyone waits on them, and callers inside a transaction pass it (`via`) for the case where
 * a read failed. (Before, a change emptied the cache and the next overdue tick or workflow action,
 * each inside its transaction, waited on itself: the embedded server stopped answering.)
 */
export class WorkflowStore {
  private cache: Promise<Map<string, Workflow>> | undefined;

  constructor(private readonly db: Queryable) {
    // Read at once, ahead of any transaction in the embedded engine's one queue.
    this.cache = this.read(db);
    this.cache.catch(() => undefined);
  }

  private read(via: Queryable): Promise<Map<string, Workflow>> {
    const p = selectWorkflowRows(via).then(
      (rows) => new Map(rows.map((r) => [r.jurisdiction, workflowSchema.parse(r.config)])),
    );
    p.catch(() => {
      if (this.cache === p) this.cache = undefined; // the next call reads again
    });
    return p;
  }

  /** The workflow governing a region (a grid code or a jurisdiction). */
  async for(code: string, via: Queryable = this.db): Promise<Workflow> {
    const all = await (this.cache ??= this.read(via));
    for (let n = code.length; n >= 0; n -= n > 6 ? 3 : n) {
      const wf = all.get(code.slice(0, n));
      if (wf) return wf;
      if (n === 0) break;
    }
    return DEFAULT_WORKFLOW;
  }

  /** Stores a jurisdiction's workflow; the cache is swapped only once the new rows are read. */
  async put(jurisdiction: string, wf: Workflow, userId: number | null, nowMs: number): Promise<void> {
    await upsertWorkflow(this.db, jurisdiction, wf, userId, nowMs);
    const next = this.read(this.db);
    await next;
    this.cache = next;
  }
}
