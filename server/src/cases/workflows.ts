import { workflowSchema, type Workflow } from '../../../contracts/cases.ts';
import type { Queryable } from '../db/db.ts';
import { DEFAULT_WORKFLOW } from './defaultWorkflow.ts';
import { selectWorkflowRows, upsertWorkflow } from './workflows.sql.ts';

/**
 * The workflow of each jurisdiction, read once and kept in memory (a handful of rows, read on every
 * report and action). The longest jurisdiction prefix of a case's grid code wins; without any row
 * the default of DOMAIN.md applies. One server process owns the cache: PUT replaces it at once.
 */
export class WorkflowStore {
  private cache: Promise<Map<string, Workflow>> | undefined;
  constructor(private readonly db: Queryable) {}

  private load(): Promise<Map<string, Workflow>> {
    this.cache ??= selectWorkflowRows(this.db).then(
      (rows) => new Map(rows.map((r) => [r.jurisdiction, workflowSchema.parse(r.config)])),
    );
    return this.cache;
  }

  /** The workflow governing a region (a grid code or a jurisdiction). */
  async for(code: string): Promise<Workflow> {
    const all = await this.load();
    for (let n = code.length; n >= 0; n -= n > 6 ? 3 : n) {
      const wf = all.get(code.slice(0, n));
      if (wf) return wf;
      if (n === 0) break;
    }
    return DEFAULT_WORKFLOW;
  }

  async put(jurisdiction: string, wf: Workflow, userId: number | null, nowMs: number): Promise<void> {
    await upsertWorkflow(this.db, jurisdiction, wf, userId, nowMs);
    this.cache = undefined;
  }
}
