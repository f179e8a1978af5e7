import { z } from 'zod';
import { roleSchema } from './auth.ts';
import { bboxParamSchema, pointSchema } from './geo.ts';
import { regionCodeSchema } from './regions.ts';

/**
 * Cases (事件 / 案卷) and their timed closed loop (闭环), shared by client and server.
 *
 * REST (all under /api, JSON unless said; errors are `{ error: { code, message, field } }`):
 *   GET  CASE_PATHS.workflow                 effective workflow of the caller's jurisdiction (cases.read)
 *   PUT  CASE_PATHS.workflow                 replace it for the caller's jurisdiction (cases.configure) → Workflow
 *   POST CASE_PATHS.photos                   raw image bytes, Content-Type image/jpeg|png|webp, ≤ 8 MiB
 *                                            (cases.report or cases.act) → PhotoRef; stored by sha256
 *   GET  CASE_PATHS.photo(sha256)            the image, to callers who may read a case it belongs to (or its uploader)
 *   POST CASE_PATHS.list                     phone report (ReportBody, cases.report) → 201 CaseDetail
 *   POST CASE_PATHS.intake                   hotline intake (IntakeBody, cases.report) → 201 CaseDetail
 *   GET  CASE_PATHS.list?CaseListQuery       cases of the jurisdiction → CaseList (cases.read)
 *   GET  CASE_PATHS.one(id)                  one case with history, photos, allowedActions → CaseDetail
 *   POST CASE_PATHS.actions(id)              ActionBody (cases.act) → CaseDetail
 *   GET  CASE_PATHS.places?q=                buildings by name/address for the intake form → PlaceHit[]
 *
 * Photos are uploaded first, one raw request each (no multipart, no base64: no 33 % overhead, no
 * parser, and an upload is idempotent by its hash so a phone can retry), then referenced by hash.
 *
 * Statuses: 201 created; 400 bad input (field named); 403 role may not take that action;
 * 404 unknown or outside the jurisdiction; 409 `duplicate` (DuplicateError, pointer to the original),
 * 409 `conflict` (stale `version`: ConflictError with the current case) or 409 `invalid_state`
 * (action not allowed in the current state, also with the current case); 413 photo too large;
 * 415 photo type not jpeg/png/webp (checked by magic bytes, not by the header alone).
 *
 * Time: every answer and event carries the server's `now`; the indicator light is `lightAt()`
 * below, computed from `yellowFrom`/`deadline` — clients compute it with the server's clock offset
 * so every screen agrees with the server (and with tests that drive an injected clock).
 */
export const CASE_PATHS = {
  list: '/api/cases',
  intake: '/api/cases/intake',
  workflow: '/api/cases/workflow',
  photos: '/api/cases/photos',
  places: '/api/cases/places',
  photo: (sha256: string) => `/api/cases/photos/${sha256}`,
  one: (id: number) => `/api/cases/${id}`,
  actions: (id: number) => `/api/cases/${id}/actions`,
} as const;

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS = 6;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

// ---------------------------------------------------------------- vocabulary

/** Where a case came from (事件来源). */
export const caseSourceSchema = z.enum(['grid_worker', 'hotline', 'public', 'video_patrol', 'platform']);
export type CaseSource = z.infer<typeof caseSourceSchema>;

/** Big class → small classes (大类/小类), from DOMAIN.md. Keys and values are stable ids; labels live in i18n. */
export const CASE_CATEGORIES = {
  dispute: ['neighbour', 'family', 'marriage', 'compensation', 'contract', 'labour', 'demolition'],
  security: ['fight', 'theft', 'traffic_accident', 'suspicious'],
  city: [
    'illegal_parking',
    'garbage',
    'broken_lamp',
    'road_damage',
    'manhole',
    'illegal_building',
    'street_vending',
  ],
  fire: ['blocked_exit', 'hazard', 'fire'],
  service: ['elderly_care', 'repair', 'errand', 'health'],
  emergency: ['flood', 'gas_leak', 'collapse', 'other'],
} as const;
export type CaseMajor = keyof typeof CASE_CATEGORIES;
export const caseMajorSchema = z.enum(Object.keys(CASE_CATEGORIES) as [CaseMajor, ...CaseMajor[]]);

export const caseCategorySchema = z
  .object({ major: caseMajorSchema, minor: z.string() })
  .refine((c) => (CASE_CATEGORIES[c.major] as readonly string[]).includes(c.minor), {
    message: 'minor is not a small class of this big class',
    path: ['minor'],
  });
export type CaseCategory = z.infer<typeof caseCategorySchema>;

/**
 * Actions have fixed meanings (the server implements each); which states they leave from, where they
 * go and which roles may take them is workflow data. Non-moving actions (supervise, requests) keep
 * the state; approve_request applies the pending request.
 */
export const caseActionSchema = z.enum([
  'register', // 立案
  'dismiss', // 不予立案 / close a false report with a reason
  'dispatch', // 派遣 to a department
  'accept', // department accepts and starts handling
  'feedback', // 处理反馈: handling done, result + photos
  'verify_pass', // 核查通过 (grid worker on site)
  'verify_reject', // 核查驳回: back to handling, handling time restarts
  'close', // 结案
  'evaluate', // 跟踪评价 with reporter satisfaction
  'escalate', // 逐级上报: to the level above, back to be dispatched there
  'supervise', // 督办 flag on
  'unsupervise', // 督办 flag off
  'request_return', // 回退 to the previous step (needs approval)
  'request_transfer', // 转办 to another grid cell / district (needs approval)
  'request_extension', // 延期 (needs approval)
  'approve_request',
  'deny_request',
]);
export type CaseAction = z.infer<typeof caseActionSchema>;

/** History entries also record what the system did by itself. */
export const historyActionSchema = z.union([
  caseActionSchema,
  z.enum(['report', 'overdue', 'reregister', 'auto_escalate']),
]);
export type HistoryAction = z.infer<typeof historyActionSchema>;

export const stateIdSchema = z.string().regex(/^[a-z][a-z_]{1,31}$/, 'state id: 2–32 lowercase letters or _');

/** The level that owns a case; escalate moves it up one. */
export const caseLevelSchema = z.enum(['grid', 'community', 'street', 'district', 'city']);
export type CaseLevel = z.infer<typeof caseLevelSchema>;

export const lightSchema = z.enum(['green', 'yellow', 'red', 'none']);
export type Light = z.infer<typeof lightSchema>;

// ---------------------------------------------------------------- workflow (configuration per jurisdiction)

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time of day as HH:MM');
const isoDay = z.iso.date();

/** Working hours (工作时间) for limits counted in working time; days are ISO weekdays 1 = Monday. */
export const calendarSchema = z.object({
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  workDays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  start: hhmm.default('09:00'),
  end: hhmm.default('18:00'),
  /** Days off although a work day (法定节假日). */
  holidays: z.array(isoDay).default([]),
  /** Days worked although not a work day (调休上班). */
  extraWorkDays: z.array(isoDay).default([]),
});
export type Calendar = z.infer<typeof calendarSchema>;

export const stageLimitSchema = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 365),
  /** 'working': minutes count only inside the calendar's working hours. */
  clock: z.enum(['natural', 'working']).default('natural'),
  /** Fraction of the limit after which the light turns yellow. */
  yellowAt: z.number().gt(0).lt(1).default(0.75),
  /** What the scheduler does when the stage passes its limit (the light turns red either way). */
  onExpiry: z.enum(['mark_overdue', 'escalate']).default('mark_overdue'),
});
export type StageLimit = z.infer<typeof stageLimitSchema>;

export const workflowStateSchema = z.object({
  id: stateIdSchema,
  /** Finished states: no light, not "open" (duplicates are checked against open cases only). */
  terminal: z.boolean().default(false),
  limit: stageLimitSchema.nullable().default(null),
});
export type WorkflowState = z.infer<typeof workflowStateSchema>;

export const workflowTransitionSchema = z.object({
  action: caseActionSchema,
  from: z.array(stateIdSchema).min(1),
  /** Target state; null = the state stays (supervise, requests) or is decided by the rule (approve_request). */
  to: stateIdSchema.nullable(),
  roles: z.array(roleSchema).min(1),
});
export type WorkflowTransition = z.infer<typeof workflowTransitionSchema>;

export const workflowSchema = z
  .object({
    initialState: stateIdSchema,
    states: z.array(workflowStateSchema).min(2).max(40),
    transitions: z.array(workflowTransitionSchema).min(1).max(200),
    /** Verification rejections allowed; the next one counts as overdue-not-handled and re-registers. */
    maxRejections: z.number().int().min(0).max(20).default(3),
    /** Where the case goes after too many rejections (re-dispatched to the same department). */
    reregisterTo: stateIdSchema.default('dispatched'),
    calendar: calendarSchema.default(calendarSchema.parse({})),
  })
  .superRefine((w, ctx) => {
    const ids = new Set(w.states.map((s) => s.id));
    if (ids.size !== w.states.length)
      ctx.addIssue({ code: 'custom', message: 'duplicate state id', path: ['states'] });
    const known = (id: string | null, path: (string | number)[]) => {
      if (id !== null && !ids.has(id)) ctx.addIssue({ code: 'custom', message: `unknown state ${id}`, path });
    };
    known(w.initialState, ['initialState']);
    known(w.reregisterTo, ['reregisterTo']);
    w.transitions.forEach((t, i) => {
      t.from.forEach((f, j) => known(f, ['transitions', i, 'from', j]));
      known(t.to, ['transitions', i, 'to']);
    });
  });
export type Workflow = z.infer<typeof workflowSchema>;
/** What a PUT body may omit (defaults filled in). */
export type WorkflowInput = z.input<typeof workflowSchema>;

// ---------------------------------------------------------------- photos, places

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 as 64 lowercase hex digits');
export const photoRefSchema = z.object({
  sha256: sha256Schema,
  type: z.enum(PHOTO_TYPES),
  bytes: z.number().int(),
});
export type PhotoRef = z.infer<typeof photoRefSchema>;

export const placesQuerySchema = z.object({
  q: z.string().trim().min(1).max(64),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const placeHitSchema = z.object({
  buildingId: z.number().int(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  gridCode: z.string(),
  point: pointSchema,
});
export type PlaceHit = z.infer<typeof placeHitSchema>;

// ---------------------------------------------------------------- intake

const description = z.string().trim().min(4, 'describe the problem in at least 4 characters').max(2000);
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const reporterSchema = z.object({
  name: z.string().trim().max(32).optional(),
  phone: z
    .string()
    .regex(/^[0-9]{6,15}$/, 'phone: 6–15 digits')
    .optional(),
});

/** Phone report (网格员上报): GPS point required; photos uploaded first, referenced by sha256. */
export const reportBodySchema = z.object({
  category: caseCategorySchema,
  description,
  /** [lon, lat] WGS84; must fall in a grid cell of the caller's jurisdiction. */
  point: lonLat,
  address: z.string().trim().max(200).optional(),
  source: caseSourceSchema.default('grid_worker'),
  photos: z.array(sha256Schema).max(MAX_PHOTOS).default([]),
  reporter: reporterSchema.optional(),
});
export type ReportBody = z.input<typeof reportBodySchema>;

/**
 * `Idempotency-Key` header of a report (IETF draft of the same name): the client's own id for it,
 * so a report sent again (its answer lost, an offline queue) answers the case it already made
 * (200) instead of a second one (201).
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'Idempotency-Key: 8–128 letters, digits or . _ : -');

/** Hotline intake (社情民意登记) by an operator: the place is a map point or a building (from `places`). */
export const intakeBodySchema = z
  .object({
    category: caseCategorySchema,
    description,
    point: lonLat.optional(),
    buildingId: z.number().int().positive().optional(),
    address: z.string().trim().max(200).optional(),
    source: caseSourceSchema.default('hotline'),
    photos: z.array(sha256Schema).max(MAX_PHOTOS).default([]),
    reporter: reporterSchema.optional(),
  })
  .refine((b) => b.point !== undefined || b.buildingId !== undefined, {
    message: 'give a point or a buildingId',
    path: ['point'],
  });
export type IntakeBody = z.input<typeof intakeBodySchema>;

// ---------------------------------------------------------------- actions

/** Fields each action needs besides `version` (checked here so the client can validate the same way). */
export const ACTION_NEEDS: Partial<
  Record<CaseAction, readonly ('note' | 'department' | 'toGridCode' | 'extraMinutes' | 'satisfaction')[]>
> = {
  dismiss: ['note'],
  dispatch: ['department'],
  verify_reject: ['note'],
  evaluate: ['satisfaction'],
  request_return: ['note'],
  request_transfer: ['note', 'toGridCode'],
  request_extension: ['note', 'extraMinutes'],
  deny_request: ['note'],
};

export const actionBodySchema = z
  .object({
    action: caseActionSchema,
    /** The case's `version` the caller saw; a stale one answers 409 conflict with the current case. */
    version: z.number().int().min(1),
    note: z.string().trim().min(1).max(1000).optional(),
    photos: z.array(sha256Schema).max(MAX_PHOTOS).default([]),
    department: z.string().trim().min(1).max(64).optional(),
    toGridCode: regionCodeSchema.optional(),
    extraMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90)
      .optional(),
    satisfaction: z.number().int().min(1).max(5).optional(),
  })
  .superRefine((b, ctx) => {
    for (const f of ACTION_NEEDS[b.action] ?? [])
      if (b[f] === undefined) ctx.addIssue({ code: 'custom', message: `${b.action} needs ${f}`, path: [f] });
  });
export type ActionBody = z.input<typeof actionBodySchema>;

// ---------------------------------------------------------------- cases as sent

export const pendingRequestSchema = z.object({
  kind: z.enum(['return', 'transfer', 'extension']),
  by: z.string(),
  at: z.string(),
  note: z.string(),
  toGridCode: z.string().optional(),
  extraMinutes: z.number().int().optional(),
});
export type PendingRequest = z.infer<typeof pendingRequestSchema>;

/** A case on the map and in the ticker: no personal data (events carry exactly this). */
export const caseListItemSchema = z.object({
  id: z.number().int(),
  /** region code (district, 6 digits) + yyyymmdd + 5-digit sequence, e.g. 1201062026112300042 */
  number: z.string(),
  category: z.object({ major: caseMajorSchema, minor: z.string() }),
  source: caseSourceSchema,
  state: stateIdSchema,
  level: caseLevelSchema,
  point: pointSchema,
  gridCode: z.string(),
  /** First 80 characters of the description. */
  title: z.string(),
  supervised: z.boolean(),
  rejections: z.number().int(),
  department: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  stageStartedAt: z.string(),
  /** When the light turns yellow / red; null in states without a limit. */
  yellowFrom: z.string().nullable(),
  deadline: z.string().nullable(),
  /** lightAt(this, server now) at the time of the answer. */
  light: lightSchema,
  /** Optimistic concurrency: send it back with an action. */
  version: z.number().int(),
});
export type CaseListItem = z.infer<typeof caseListItemSchema>;

export const historyEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: historyActionSchema,
  fromState: z.string().nullable(),
  toState: z.string(),
  /** Staff member who acted (display name and role), or the system (scheduler). */
  actor: z.object({ kind: z.enum(['user', 'system']), name: z.string(), role: z.string().nullable() }),
  note: z.string().nullable(),
  photos: z.array(sha256Schema),
  /** Action details: department, toGridCode, extraMinutes, satisfaction, approved request kind. */
  data: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const caseDetailSchema = caseListItemSchema.extend({
  description: z.string(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
  buildingId: z.number().int().nullable(),
  photos: z.array(photoRefSchema),
  /** Masked always (name 张*, phone 138****1234); absent for public-safe displays. */
  reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  overdueCount: z.number().int(),
  pendingRequest: pendingRequestSchema.nullable(),
  satisfaction: z.number().int().nullable(),
  history: z.array(historyEntrySchema),
  /** Actions this caller may take now (role, state, jurisdiction); the UI offers only these. */
  allowedActions: z.array(caseActionSchema),
  now: z.string(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).min(1));

/** GET /api/cases: every filter optional and combined with AND; lists are comma separated. */
export const caseListQuerySchema = z.object({
  bbox: bboxParamSchema.optional(),
  /** A region code prefix inside the caller's jurisdiction (street, community, grid). */
  region: regionCodeSchema.optional(),
  major: csv(caseMajorSchema).optional(),
  light: csv(lightSchema).optional(),
  source: csv(caseSourceSchema).optional(),
  state: csv(stateIdSchema).optional(),
  /** open: not in a terminal state. */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  supervised: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** createdAt range, ISO date-time with offset. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Inside one heat-zone hexagon (an H3 cell of resolution 7–10, contracts/heat.ts). */
  h3: z
    .string()
    .regex(/^8[7-9a][0-9a-f]{13}$/, 'an H3 cell index of resolution 7–10 (15 hex digits)')
    .optional(),
  /** Went overdue (red) at least once, in any stage. */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** Newest first; the ticker asks for limit=20. */
  limit: z.coerce.number().int().min(1).max(10_000).default(2000),
});
export type CaseListQuery = z.input<typeof caseListQuerySchema>;

/** Markers are few enough (≤ limit) for the client to cluster them itself. */
export const caseListSchema = z.object({
  cases: z.array(caseListItemSchema),
  truncated: z.boolean(),
  now: z.string(),
});
export type CaseList = z.infer<typeof caseListSchema>;

export const duplicateErrorSchema = z.object({
  error: z.object({ code: z.literal('duplicate'), message: z.string(), field: z.string().optional() }),
  original: z.object({ id: z.number().int(), number: z.string() }),
});
export const conflictErrorSchema = z.object({
  error: z.object({
    code: z.enum(['conflict', 'invalid_state']),
    message: z.string(),
    field: z.string().optional(),
  }),
  current: caseDetailSchema,
});

// ---------------------------------------------------------------- live events

/** `case:created` / `case:updated` to the rooms of the case's grid cell and its ancestors. */
export const caseEventSchema = z.object({
  case: caseListItemSchema,
  /** What happened: the history action ('report' for created, 'overdue' from the scheduler, …). */
  change: historyActionSchema,
  now: z.string(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export interface CasesServerToClientEvents {
  'case:created': (payload: CaseEvent) => void;
  'case:updated': (payload: CaseEvent) => void;
}

// ---------------------------------------------------------------- the light (one function everywhere)

/**
 * The indicator light (指示灯) at `nowMs`: red from the deadline on, yellow from yellowFrom, green
 * before, none without a limit (terminal states). Clients pass Date.now() + (server now − their now).
 */
export function lightAt(c: { yellowFrom: string | null; deadline: string | null }, nowMs: number): Light {
  if (c.deadline === null) return 'none';
  if (nowMs >= Date.parse(c.deadline)) return 'red';
  if (c.yellowFrom !== null && nowMs >= Date.parse(c.yellowFrom)) return 'yellow';
  return 'green';
}
