import type { CaseDetail, CaseEvent, CaseList, HistoryAction, Workflow } from '../../../contracts/cases.ts';
import type { z } from 'zod';
import type {
  actionBodySchema,
  caseListQuerySchema,
  intakeBodySchema,
  reportBodySchema,
} from '../../../contracts/cases.ts';
import type { Db, Queryable } from '../db/db.ts';
import { h3Resolution } from '../../../contracts/heat.ts';
import { h3Decimal } from '../heat/h3.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { Hub } from '../realtime/hub.ts';
import { roomsFor } from '../realtime/rooms.ts';
import type { Clock } from './clock.ts';
import {
  gridExists,
  lockCase,
  selectBuildingPlace,
  selectDuplicate,
  selectGridAt,
  type Actor,
  type CaseRow,
} from './cases.sql.ts';
import {
  selectCase,
  selectCaseIdByKey,
  selectCasePhotos,
  selectCases,
  selectHistory,
} from './casesRead.sql.ts';
import { toDetail, toListItem } from './casesView.ts';
import {
  allocateCaseNumber,
  insertReportedCase,
  updateActedCase,
  type NewCaseRow,
  type WrittenCase,
} from './casesWrite.sql.ts';
import { selectKnownPhotos } from './photos.sql.ts';
import { ActionRefused, allowedActions, applyAction, newCase } from './workflow.ts';
import type { WorkflowStore } from './workflows.ts';

export interface CasesContext {
  db: Db;
  hub: Hub;
  clock: Clock;
  workflows: WorkflowStore;
  photosDir: string;
}

/** An error answered with extra fields beside `error` (the duplicate's original, the current case). */
export class CaseError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly extra: Record<string, unknown>,
    field?: string,
  ) {
    super(status, code, message, field);
  }
}

/** Duplicates are looked for within this distance of the new report. */
const DUPLICATE_RADIUS_M = 200;

type ReportInput = z.infer<typeof reportBodySchema> | z.infer<typeof intakeBodySchema>;
type ActionInput = z.infer<typeof actionBodySchema>;

export const descriptionKey = (d: string) => d.trim().toLowerCase().replace(/\s+/g, ' ');
const actorOf = (c: Caller): Actor => ({
  kind: 'user',
  id: c.kind === 'user' ? c.id : null,
  name: c.name,
  role: c.role,
});

/** yyyymmdd in the workflow calendar's local time (case numbers follow the local day). */
function localDay(nowMs: number, utcOffsetMinutes: number): string {
  return new Date(nowMs + utcOffsetMinutes * 60_000).toISOString().slice(0, 10).replace(/-/g, '');
}

async function requireKnownPhotos(db: Queryable, photos: readonly string[], field: string) {
  const known = await selectKnownPhotos(db, photos);
  const missing = photos.findIndex((p) => !known.has(p));
  if (missing >= 0)
    throw new HttpError(400, 'invalid', `photo ${photos[missing]} was not uploaded`, `${field}.${missing}`);
}

/** Where a report happens: its point and grid cell, inside the caller's jurisdiction. */
async function placeOf(db: Queryable, body: ReportInput, caller: Caller) {
  let point = body.point;
  let address = body.address ?? null;
  let buildingId: number | null = null;
  if (!point && 'buildingId' in body && body.buildingId !== undefined) {
    const b = await selectBuildingPlace(db, body.buildingId, caller.jurisdiction);
    if (!b) throw notFound(`building ${body.buildingId}`, 'buildingId');
    point = [b.lon, b.lat];
    address ??= b.address;
    buildingId = body.buildingId;
  }
  const [lon, lat] = point!;
  const grid = await selectGridAt(db, lon, lat, caller.jurisdiction);
  if (!grid) throw new HttpError(400, 'outside_grid', 'the point is in no grid cell', 'point');
  if (!grid.inside)
    throw new HttpError(400, 'outside_jurisdiction', 'the point is outside your jurisdiction', 'point');
  return { lon, lat, gridCode: grid.code, gridName: grid.name, address, buildingId };
}

/**
 * A report, once: with an Idempotency-Key the reporter already used, the case made then (marked
 * `replayed`), so a phone that never got its answer can send the report again. Then registerReport.
 */
export async function reportCase(
  ctx: CasesContext,
  caller: Caller,
  body: ReportInput,
  idempotencyKey?: string,
): Promise<CaseDetail & { replayed?: true }> {
  const reportedBy = caller.kind === 'user' ? caller.id : null;
  const key = reportedBy === null ? null : (idempotencyKey ?? null);
  if (key !== null) {
    const prior = await selectCaseIdByKey(ctx.db, reportedBy!, key);
    if (prior !== undefined) return { ...(await caseDetail(ctx, prior, caller)), replayed: true };
  }
  try {
    return await registerReport(ctx, caller, body, key);
  } catch (err) {
    // the same key sent twice at once: the second insert meets the first one's row
    if (key === null || (err as { code?: string }).code !== '23505') throw err;
    const prior = await selectCaseIdByKey(ctx.db, reportedBy!, key);
    if (prior === undefined) throw err;
    return { ...(await caseDetail(ctx, prior, caller)), replayed: true };
  }
}

/**
 * Registers a report: number, duplicate check, first history entry, photos; then `case:created`.
 * Round trips: the grid cell, the number, then one statement that inserts and links the case and
 * answers with it (plus the photo check and duplicate check only when there are photos). The answer
 * and the event are built from that statement's row: nothing is read back after COMMIT.
 */
async function registerReport(
  ctx: CasesContext,
  caller: Caller,
  body: ReportInput,
  idempotencyKey: string | null,
): Promise<CaseDetail> {
  const place = await placeOf(ctx.db, body, caller);
  await requireKnownPhotos(ctx.db, body.photos, 'photos');
  const wf = await ctx.workflows.for(place.gridCode);
  const key = descriptionKey(body.description);
  const nowMs = ctx.clock.now();
  const number = await allocateCaseNumber(
    ctx.db,
    place.gridCode.slice(0, 6),
    localDay(nowMs, wf.calendar.utcOffsetMinutes),
  );
  const row: NewCaseRow = {
    number,
    major: body.category.major,
    minor: body.category.minor,
    source: body.source,
    core: newCase(wf, place.gridCode, nowMs),
    lon: place.lon,
    lat: place.lat,
    address: place.address,
    buildingId: place.buildingId,
    description: body.description,
    descriptionKey: key,
    reporterName: body.reporter?.name || null,
    reporterPhone: body.reporter?.phone ?? null,
    reportedBy: caller.kind === 'user' ? caller.id : null,
    idempotencyKey,
    nowMs,
  };
  const write = (q: Queryable) =>
    insertReportedCase(q, row, actorOf(caller), body.photos, { source: body.source });
  // A duplicate needs a shared photo, so only reports with photos need the check (and the lock
  // that makes check + insert one step); without, the single statement is its own transaction.
  const written =
    body.photos.length === 0
      ? await write(ctx.db)
      : await ctx.db.transaction(async (tx) => {
          const dup = await selectDuplicate(tx, key, place.lon, place.lat, DUPLICATE_RADIUS_M, body.photos);
          if (dup)
            throw new CaseError(
              409,
              'duplicate',
              `the same report is already open as case ${dup.number}`,
              { original: dup },
              'description',
            );
          return write(tx);
        });
  const detail = detailOf(wf, { ...written, gridName: place.gridName }, caller, nowMs);
  emit(ctx, 'case:created', written, 'report', [written.gridCode], nowMs);
  return detail;
}

/**
 * One workflow action as one transaction: lock the case, compare versions (optimistic concurrency:
 * the loser of two dispatchers gets 409 with the current case), let the engine decide, write the
 * case and its history in one statement that answers with the whole case; after COMMIT,
 * `case:updated` to the rooms of its grid (both grids on transfer), built from that answer.
 */
export async function actOnCase(
  ctx: CasesContext,
  caller: Caller,
  id: number,
  body: ActionInput,
): Promise<CaseDetail> {
  await requireKnownPhotos(ctx.db, body.photos, 'photos');
  if (body.action === 'request_transfer' && !(await gridExists(ctx.db, body.toGridCode!)))
    throw new HttpError(400, 'invalid', `no grid cell ${body.toGridCode}`, 'toGridCode');
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await lockCase(tx, id, caller.jurisdiction);
    if (!row) return { kind: 'missing' as const };
    if (row.version !== body.version)
      return {
        kind: 'conflict' as const,
        message: `the case changed (version ${row.version}, you sent ${body.version})`,
      };
    const wf = await ctx.workflows.for(row.gridCode, tx);
    const nowMs = ctx.clock.now();
    if (body.action === 'request_transfer' && body.toGridCode === row.gridCode)
      throw new HttpError(400, 'invalid', 'the case is already in that grid cell', 'toGridCode');
    let result;
    try {
      result = applyAction(wf, row, body, caller.role, nowMs);
    } catch (e) {
      if (!(e instanceof ActionRefused)) throw e;
      if (e.reason === 'forbidden') throw new HttpError(403, 'action_not_allowed', e.message, 'action');
      return { kind: 'invalid_state' as const, message: e.message };
    }
    const { steps } = result;
    const written = await updateActedCase(
      tx,
      id,
      result.next,
      steps,
      actorOf(caller),
      body.note ?? null,
      body.photos,
      nowMs,
    );
    return { kind: 'ok' as const, oldGrid: row.gridCode, change: steps.at(-1)!.action, written, nowMs };
  });
  if (outcome.kind === 'missing') throw notFound(`case ${id}`, 'id');
  if (outcome.kind !== 'ok') {
    const current = await caseDetail(ctx, id, caller);
    throw new CaseError(409, outcome.kind, outcome.message, { current }, 'version');
  }
  const { written, nowMs } = outcome;
  // after a transfer the case may be outside the caller's jurisdiction: answered all the same
  const detail = detailOf(await ctx.workflows.for(written.gridCode), written, caller, nowMs);
  emit(ctx, 'case:updated', written, outcome.change, [outcome.oldGrid, written.gridCode], nowMs);
  return detail;
}

/** The detail of a case just written, from the write statement's own answer. */
function detailOf(
  wf: Workflow,
  w: WrittenCase & { gridName: string | null },
  caller: Caller,
  nowMs: number,
): CaseDetail {
  const actions = caller.permissions.has('cases.act') ? allowedActions(wf, w, caller.role) : [];
  return toDetail(w, w.history, w.photos, caller, actions, nowMs);
}

/** Events carry the list item only: no personal data, no history. */
function emit(
  ctx: CasesContext,
  event: 'case:created' | 'case:updated',
  row: CaseRow,
  change: HistoryAction,
  grids: string[],
  nowMs: number,
) {
  const payload: CaseEvent = { case: toListItem(row, nowMs), change, now: new Date(nowMs).toISOString() };
  ctx.hub.toRooms([...new Set(grids.flatMap(roomsFor))], event, payload);
}

export async function caseDetail(ctx: CasesContext, id: number, caller: Caller): Promise<CaseDetail> {
  const row = await selectCase(ctx.db, id, caller.jurisdiction);
  if (!row) throw notFound(`case ${id}`, 'id');
  const [history, photos, wf] = await Promise.all([
    selectHistory(ctx.db, id),
    selectCasePhotos(ctx.db, id),
    ctx.workflows.for(row.gridCode),
  ]);
  const actions = caller.permissions.has('cases.act') ? allowedActions(wf, row, caller.role) : [];
  return toDetail(row, history, photos, caller, actions, ctx.clock.now());
}

export async function listCases(
  ctx: CasesContext,
  caller: Caller,
  q: z.infer<typeof caseListQuerySchema>,
): Promise<CaseList> {
  if (q.region && !q.region.startsWith(caller.jurisdiction) && !caller.jurisdiction.startsWith(q.region))
    throw notFound(`region ${q.region}`, 'region');
  const nowMs = ctx.clock.now();
  const rows: CaseRow[] = await selectCases(ctx.db, {
    jurisdiction: caller.jurisdiction,
    nowMs,
    bbox: q.bbox,
    region: q.region,
    major: q.major,
    light: q.light,
    source: q.source,
    state: q.state,
    open: q.open,
    supervised: q.supervised,
    fromMs: q.from ? Date.parse(q.from) : undefined,
    toMs: q.to ? Date.parse(q.to) : undefined,
    h3: q.h3 ? { res: h3Resolution(q.h3), cell: h3Decimal(q.h3) } : undefined,
    overdue: q.overdue,
    limit: q.limit,
  });
  return {
    cases: rows.slice(0, q.limit).map((r) => toListItem(r, nowMs)),
    truncated: rows.length > q.limit,
    now: new Date(nowMs).toISOString(),
  };
}
