import type {
  CaseAction,
  CaseLevel,
  HistoryAction,
  PendingRequest,
  Workflow,
  WorkflowState,
} from '../../../contracts/cases.ts';
import type { Role } from '../../../contracts/auth.ts';
import { stageTimes, addMinutes } from './calendar.ts';

/**
 * The closed loop as a pure state machine over workflow data: which actions a role may take on a
 * case now, and what taking one does (the steps written to history and the case's new fields).
 * The service wraps it in a transaction; property tests drive it directly and through the API.
 */
export interface CaseCore {
  state: string;
  prevState: string | null;
  terminal: boolean;
  level: CaseLevel;
  supervised: boolean;
  rejections: number;
  overdueCount: number;
  department: string | null;
  gridCode: string;
  pendingRequest: PendingRequest | null;
  satisfaction: number | null;
  stageStartedAt: number;
  yellowFrom: number | null;
  deadline: number | null;
  overdueAt: number | null;
}

export interface Step {
  action: HistoryAction;
  from: string;
  to: string;
  system: boolean;
  data: Record<string, unknown>;
}

/** What the action needs, already validated by actionBodySchema. */
export interface ActionInput {
  action: CaseAction;
  note?: string | undefined;
  department?: string | undefined;
  toGridCode?: string | undefined;
  extraMinutes?: number | undefined;
  satisfaction?: number | undefined;
}

export class ActionRefused extends Error {
  constructor(
    readonly reason: 'forbidden' | 'invalid_state',
    message: string,
  ) {
    super(message);
  }
}

const LEVELS: readonly CaseLevel[] = ['grid', 'community', 'street', 'district', 'city'];

export const stateOf = (wf: Workflow, id: string): WorkflowState | undefined =>
  wf.states.find((s) => s.id === id);

/** A case entering `state` at `nowMs`: its stage clock starts. */
export function enterState(wf: Workflow, c: CaseCore, state: string, nowMs: number): CaseCore {
  const s = stateOf(wf, state);
  const times = s?.limit ? stageTimes(nowMs, s.limit, wf.calendar) : null;
  return {
    ...c,
    prevState: state === c.state ? c.prevState : c.state,
    state,
    terminal: s?.terminal ?? false,
    stageStartedAt: nowMs,
    yellowFrom: times?.yellowFrom ?? null,
    deadline: times?.deadline ?? null,
    overdueAt: null,
  };
}

export function newCase(wf: Workflow, gridCode: string, nowMs: number): CaseCore {
  const blank: CaseCore = {
    state: wf.initialState,
    prevState: null,
    terminal: false,
    level: 'grid',
    supervised: false,
    rejections: 0,
    overdueCount: 0,
    department: null,
    gridCode,
    pendingRequest: null,
    satisfaction: null,
    stageStartedAt: nowMs,
    yellowFrom: null,
    deadline: null,
    overdueAt: null,
  };
  return { ...enterState(wf, blank, wf.initialState, nowMs), prevState: null };
}

/** Guards that hold for every workflow: they follow from what the action means. */
function meaningful(action: CaseAction, c: CaseCore): boolean {
  switch (action) {
    case 'supervise':
      return !c.supervised;
    case 'unsupervise':
      return c.supervised;
    case 'request_return':
      return c.pendingRequest === null && c.prevState !== null;
    case 'request_transfer':
    case 'request_extension':
      return c.pendingRequest === null && (action !== 'request_extension' || c.deadline !== null);
    case 'approve_request':
    case 'deny_request':
      return c.pendingRequest !== null;
    case 'escalate':
      return c.level !== 'city';
    default:
      return true;
  }
}

/** Actions `role` may take on the case now; the UI offers exactly these. */
export function allowedActions(wf: Workflow, c: CaseCore, role: Role): CaseAction[] {
  const out = new Set<CaseAction>();
  for (const t of wf.transitions)
    if (t.from.includes(c.state) && t.roles.includes(role) && meaningful(t.action, c)) out.add(t.action);
  return [...out];
}

/** Takes one action; throws ActionRefused when the workflow does not allow it. */
export function applyAction(
  wf: Workflow,
  c: CaseCore,
  input: ActionInput,
  role: Role,
  nowMs: number,
): { next: CaseCore; steps: Step[] } {
  const candidates = wf.transitions.filter((t) => t.action === input.action && t.from.includes(c.state));
  if (candidates.length === 0 || !meaningful(input.action, c))
    throw new ActionRefused('invalid_state', `${input.action} is not possible in state ${c.state}`);
  const t = candidates.find((x) => x.roles.includes(role));
  if (!t) throw new ActionRefused('forbidden', `role ${role} may not ${input.action} in state ${c.state}`);

  const step = (
    action: HistoryAction,
    from: string,
    to: string,
    data: Record<string, unknown> = {},
    system = false,
  ): Step => ({
    action,
    from,
    to,
    system,
    data,
  });
  const move = (cc: CaseCore, to: string) => enterState(wf, cc, to, nowMs);
  const from = c.state;
  switch (input.action) {
    case 'supervise':
    case 'unsupervise':
      return {
        next: { ...c, supervised: input.action === 'supervise' },
        steps: [step(input.action, from, from)],
      };
    case 'request_return':
    case 'request_transfer':
    case 'request_extension': {
      const kind = input.action.slice('request_'.length) as PendingRequest['kind'];
      const req: PendingRequest = {
        kind,
        by: role,
        at: new Date(nowMs).toISOString(),
        note: input.note ?? '',
        ...(input.toGridCode ? { toGridCode: input.toGridCode } : {}),
        ...(input.extraMinutes ? { extraMinutes: input.extraMinutes } : {}),
      };
      const data = {
        ...(req.toGridCode ? { toGridCode: req.toGridCode } : {}),
        ...(req.extraMinutes ? { extraMinutes: req.extraMinutes } : {}),
      };
      return { next: { ...c, pendingRequest: req }, steps: [step(input.action, from, from, data)] };
    }
    case 'deny_request':
      return {
        next: { ...c, pendingRequest: null },
        steps: [step('deny_request', from, from, { kind: c.pendingRequest!.kind })],
      };
    case 'approve_request':
      return approve(wf, c, nowMs, step, move);
    case 'escalate': {
      const level = LEVELS[LEVELS.indexOf(c.level) + 1]!;
      const to = t.to ?? from;
      return { next: { ...move(c, to), level }, steps: [step('escalate', from, to, { level })] };
    }
    case 'dispatch': {
      const to = t.to ?? from;
      return {
        next: { ...move(c, to), department: input.department! },
        steps: [step('dispatch', from, to, { department: input.department })],
      };
    }
    case 'evaluate': {
      const to = t.to ?? from;
      return {
        next: { ...move(c, to), satisfaction: input.satisfaction! },
        steps: [step('evaluate', from, to, { satisfaction: input.satisfaction })],
      };
    }
    case 'verify_reject':
      return reject(wf, c, t.to ?? from, step, move);
    default: {
      const to = t.to ?? from;
      return { next: to === from ? c : move(c, to), steps: [step(input.action, from, to)] };
    }
  }
}

type StepFn = (
  action: HistoryAction,
  from: string,
  to: string,
  data?: Record<string, unknown>,
  system?: boolean,
) => Step;
type MoveFn = (c: CaseCore, to: string) => CaseCore;

/**
 * 核查驳回: back to handling with the handling time restarted. Past maxRejections the rejection
 * counts as overdue-not-handled and the case is re-registered and re-dispatched to its department.
 */
function reject(wf: Workflow, c: CaseCore, to: string, step: StepFn, move: MoveFn) {
  const rejections = c.rejections + 1;
  const first = step('verify_reject', c.state, to, { rejection: rejections });
  if (rejections <= wf.maxRejections) return { next: { ...move(c, to), rejections }, steps: [first] };
  const again = move({ ...move(c, to), rejections: 0, overdueCount: c.overdueCount + 1 }, wf.reregisterTo);
  return {
    next: { ...again, prevState: c.state },
    steps: [
      first,
      step('reregister', to, wf.reregisterTo, { department: c.department, overdueNotHandled: true }, true),
    ],
  };
}

function approve(wf: Workflow, c: CaseCore, nowMs: number, step: StepFn, move: MoveFn) {
  const req = c.pendingRequest!;
  const cleared = { ...c, pendingRequest: null };
  const from = c.state;
  if (req.kind === 'return') {
    const to = c.prevState ?? from;
    return { next: move(cleared, to), steps: [step('approve_request', from, to, { kind: 'return' })] };
  }
  if (req.kind === 'transfer') {
    // the receiving center dispatches it again: back to where dispatch starts, owned by the new grid
    const to = wf.transitions.find((t) => t.action === 'dispatch')?.from[0] ?? from;
    const moved = move({ ...cleared, gridCode: req.toGridCode!, level: 'grid', department: null }, to);
    return {
      next: moved,
      steps: [step('approve_request', from, to, { kind: 'transfer', toGridCode: req.toGridCode })],
    };
  }
  const s = stateOf(wf, from);
  const clock = s?.limit?.clock ?? 'natural';
  const extra = req.extraMinutes ?? 0;
  const deadline = c.deadline === null ? null : addMinutes(c.deadline, extra, clock, wf.calendar);
  const yellowFrom = c.yellowFrom === null ? null : addMinutes(c.yellowFrom, extra, clock, wf.calendar);
  const overdueAt = deadline !== null && deadline > nowMs ? null : c.overdueAt;
  return {
    next: { ...cleared, deadline, yellowFrom, overdueAt },
    steps: [step('approve_request', from, from, { kind: 'extension', extraMinutes: extra })],
  };
}
