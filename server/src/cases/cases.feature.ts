import { join } from 'node:path';
import type { Router } from 'express';
import type { Deps } from '../app.ts';
import { casesRoutes } from './cases.routes.ts';
import type { CasesContext } from './cases.service.ts';
import { systemClock } from './clock.ts';
import { startTrickle } from './demoCases.ts';
import { startScheduler } from './scheduler.ts';
import { WorkflowStore } from './workflows.ts';

export interface CasesOptions {
  /** Where photos are stored by sha256 (default <DATA_DIR>/photos). */
  photosDir?: string | undefined;
  /** Overdue scheduler interval (default 5 s; an injected ManualClock also ticks it on every jump). */
  tickMs?: number | undefined;
  /** Demo mode: a new generated case every 20–60 s (off unless asked: tests never get it). */
  trickleSeed?: number | undefined;
  /** Demo mode: that many times as often (DEMO_RATE; the wall soak runs at 10). */
  trickleRate?: number | undefined;
}

/** Wires the cases feature: its context, routes, the overdue scheduler and the demo trickle. */
/** What the case service needs; other features that act on cases (evaluation's 督办) build the same. */
export function casesContext(deps: Deps): CasesContext {
  return {
    db: deps.db,
    hub: deps.hub,
    clock: deps.clock ?? systemClock,
    workflows: new WorkflowStore(deps.db),
    photosDir: deps.cases?.photosDir ?? join(process.env.DATA_DIR ?? './.data', 'photos'),
  };
}

export function casesFeature(deps: Deps): Router {
  const opts = deps.cases ?? {};
  const ctx = casesContext(deps);
  deps.onClose(startScheduler(ctx, opts.tickMs ?? 5000));
  if (opts.trickleSeed !== undefined)
    deps.onClose(startTrickle(ctx, opts.trickleSeed, opts.trickleRate ?? 1));
  return casesRoutes(deps, ctx);
}
