import { workflowSchema, type Workflow } from '../../../contracts/cases.ts';

const H = 60;

/**
 * The seven-step loop of DOMAIN.md as data: report → register → dispatch → handle → feedback →
 * verify → close → evaluate, with dismiss, escalate, return/transfer/extension requests and their
 * approval, and the supervision flag. A jurisdiction replaces it with PUT /api/cases/workflow.
 * Limits are typical of the platforms DOMAIN.md condenses (registration within the hour, handling
 * within two working days).
 */
export const DEFAULT_WORKFLOW: Workflow = workflowSchema.parse({
  initialState: 'reported',
  states: [
    { id: 'reported', limit: { minutes: 1 * H } },
    { id: 'registered', limit: { minutes: 1 * H } },
    { id: 'dispatched', limit: { minutes: 4 * H } },
    { id: 'handling', limit: { minutes: 16 * H, clock: 'working' } },
    { id: 'feedback', limit: { minutes: 24 * H } },
    { id: 'verified', limit: { minutes: 8 * H } },
    { id: 'closed', limit: { minutes: 72 * H } },
    { id: 'evaluated', terminal: true },
    { id: 'dismissed', terminal: true },
  ],
  transitions: [
    { action: 'register', from: ['reported'], to: 'registered', roles: ['operator'] },
    { action: 'dismiss', from: ['reported', 'registered'], to: 'dismissed', roles: ['operator'] },
    { action: 'dispatch', from: ['registered'], to: 'dispatched', roles: ['operator'] },
    { action: 'accept', from: ['dispatched'], to: 'handling', roles: ['handler'] },
    { action: 'feedback', from: ['handling'], to: 'feedback', roles: ['handler'] },
    { action: 'verify_pass', from: ['feedback'], to: 'verified', roles: ['grid_worker'] },
    { action: 'verify_reject', from: ['feedback'], to: 'handling', roles: ['grid_worker'] },
    { action: 'close', from: ['verified'], to: 'closed', roles: ['operator'] },
    { action: 'evaluate', from: ['closed'], to: 'evaluated', roles: ['operator'] },
    {
      action: 'escalate',
      from: ['registered', 'dispatched', 'handling'],
      to: 'registered',
      roles: ['operator'],
    },
    {
      action: 'supervise',
      from: ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verified'],
      to: null,
      roles: ['operator'],
    },
    {
      action: 'unsupervise',
      from: ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verified', 'closed'],
      to: null,
      roles: ['operator'],
    },
    {
      action: 'request_return',
      from: ['dispatched', 'handling', 'feedback', 'verified'],
      to: null,
      roles: ['operator', 'handler', 'grid_worker'],
    },
    {
      action: 'request_transfer',
      from: ['reported', 'registered', 'dispatched'],
      to: null,
      roles: ['operator', 'handler'],
    },
    { action: 'request_extension', from: ['dispatched', 'handling'], to: null, roles: ['handler'] },
    {
      action: 'approve_request',
      from: ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verified'],
      to: null,
      roles: ['operator'],
    },
    {
      action: 'deny_request',
      from: ['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verified'],
      to: null,
      roles: ['operator'],
    },
  ],
  maxRejections: 3,
  reregisterTo: 'dispatched',
  calendar: {},
});
