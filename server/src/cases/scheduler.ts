import type { CaseEvent, CaseLevel } from '../../../contracts/cases.ts';
import { roomsFor } from '../realtime/rooms.ts';
import { insertHistory, lockDue, updateCase } from './cases.sql.ts';
import { toListItem } from './casesView.ts';
import type { CasesContext } from './cases.service.ts';
import { stateOf, type Step } from './workflow.ts';
import { logDbError } from '../db/errors.ts';

const LEVELS: readonly CaseLevel[] = ['grid', 'community', 'street', 'district', 'city'];
const BATCH = 500;

/**
 * Marks cases whose stage passed its limit as overdue (the light is red by the deadline alone; the
 * mark makes it a fact in history, once) and applies the stage's onExpiry; then pushes
 * `case:updated` for each. Returns how many turned overdue. Reads time only from the context's clock.
 */
export async function overdueTick(ctx: CasesContext): Promise<number> {
  let total = 0;
  for (;;) {
    const nowMs = ctx.clock.now();
    const changed = await ctx.db.transaction(async (tx) => {
      const due = await lockDue(tx, nowMs, BATCH);
      for (const row of due) {
        const wf = await ctx.workflows.for(row.gridCode, tx);
        const steps: Step[] = [{ action: 'overdue', from: row.state, to: row.state, system: true, data: {} }];
        let level = row.level;
        if (stateOf(wf, row.state)?.limit?.onExpiry === 'escalate' && level !== 'city') {
          level = LEVELS[LEVELS.indexOf(level) + 1]!;
          steps.push({
            action: 'auto_escalate',
            from: row.state,
            to: row.state,
            system: true,
            data: { level },
          });
        }
        await updateCase(tx, row.id, { ...row, level, overdueAt: nowMs }, nowMs);
        await insertHistory(
          tx,
          row.id,
          steps,
          { kind: 'system', id: null, name: 'system', role: null },
          null,
          [],
          nowMs,
        );
        row.level = level;
        row.overdueAt = nowMs;
        row.updatedAt = nowMs;
        row.version += 1;
      }
      return due;
    });
    for (const row of changed) {
      const payload: CaseEvent = {
        case: toListItem(row, nowMs),
        change: 'overdue',
        now: new Date(nowMs).toISOString(),
      };
      ctx.hub.toRooms(roomsFor(row.gridCode), 'case:updated', payload);
    }
    total += changed.length;
    if (changed.length < BATCH) return total;
  }
}

/**
 * Runs overdueTick every `intervalMs` and at once whenever an injected clock jumps; ticks never
 * overlap. Returns the stop function for deps.onClose.
 */
export function startScheduler(ctx: CasesContext, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return running;
    running = running
      .then(() => overdueTick(ctx))
      .catch((e: unknown) => logDbError('[cases] scheduler tick failed', e));
    return running;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  const unsubscribe = ctx.clock.onAdvance?.(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe?.();
    await running;
  };
}
