import type { PositionPoint, PositionReportResult } from '../../../contracts/workers.ts';
import type { Db } from '../db/db.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { cleanBatch, nextStillness, type Fix, type Stillness } from './positions.clean.ts';
import {
  ensurePartitions,
  selectLatest,
  selectStoredTimes,
  selectWorkerDirectory,
  selectWorkerOfUser,
  type WorkerIdentity,
} from './positions.sql.ts';
import type { PositionWriter } from './positions.writer.ts';

interface DeviceState {
  trail: Fix[];
  still: Stillness | undefined;
}

/** How long the account → worker link is reused before it is looked up again. */
const LINK_TTL_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Ingest: resolves which worker a device reports for, cleans its points against the device's recent
 * trail (kept in memory, seeded from latest_positions after a restart) and hands accepted points to
 * the writer; answers once they are committed.
 */
export class PositionsService {
  private devices = new Map<number, Promise<DeviceState>>();
  private links = new Map<number, { worker: WorkerIdentity | undefined; at: number }>();
  constructor(
    private readonly db: Db,
    private readonly writer: PositionWriter,
    /** workerId → cell and duty, for the fan-out (refreshed on clock in/out and every minute). */
    readonly directory = new Map<number, WorkerIdentity>(),
  ) {}

  /** The worker the caller's account reports for; 403 for accounts linked to none. */
  async workerOf(caller: Caller): Promise<WorkerIdentity> {
    if (!caller.permissions.has('positions.report') || caller.kind !== 'user')
      throw new HttpError(403, 'forbidden', 'not permitted: positions.report');
    const cached = this.links.get(caller.id);
    let worker = cached && Date.now() - cached.at < LINK_TTL_MS ? cached.worker : undefined;
    if (!worker) {
      worker = await selectWorkerOfUser(this.db, caller.id);
      this.links.set(caller.id, { worker, at: Date.now() });
    }
    if (!worker) throw new HttpError(403, 'not_a_worker', 'this account is not linked to a grid worker');
    // A worker added since the last directory refresh must not wait a minute to show on the screens.
    if (!this.directory.has(worker.id)) this.directory.set(worker.id, worker);
    return worker;
  }

  /**
   * Cleans and stores one batch of a worker's points; resolves after the commit. A batch reaching
   * back before everything remembered of the device (the trail: its last 64 fixes, only the newest
   * one after a restart) may be one sent again whose answer was lost: once the worker's earlier
   * batches are committed, the times it reaches are looked up in the history, so no fix is stored
   * twice. Phones send in time order, so this path is for resends and offline queues.
   */
  async report(
    workerId: number,
    points: readonly PositionPoint[],
    now = Date.now(),
  ): Promise<PositionReportResult> {
    const state = await this.stateOf(workerId);
    const oldest = state.trail[0]?.t;
    const late = oldest === undefined ? [] : points.filter((p) => p.t < oldest).map((p) => p.t);
    const run =
      late.length === 0
        ? this.store(workerId, state, points, now)
        : this.afterCommits(workerId).then(async () => {
            const stored = await selectStoredTimes(this.db, workerId, Math.min(...late), Math.max(...late));
            return this.store(workerId, state, points, now, stored);
          });
    this.track(workerId, run);
    return run;
  }

  /** Each worker's submissions not yet settled (committed or failed), chained. */
  private pending = new Map<number, Promise<unknown>>();

  private track(workerId: number, run: Promise<unknown>) {
    const all = Promise.allSettled([this.pending.get(workerId), run]);
    this.pending.set(workerId, all);
    void all.then(() => {
      if (this.pending.get(workerId) === all) this.pending.delete(workerId);
    });
  }

  private afterCommits(workerId: number): Promise<unknown> {
    return this.pending.get(workerId) ?? Promise.resolve();
  }

  private async store(
    workerId: number,
    state: DeviceState,
    points: readonly PositionPoint[],
    now: number,
    stored?: ReadonlySet<number>,
  ): Promise<PositionReportResult> {
    const { accepted, dropped, trail } = cleanBatch(points, state.trail, now, stored);
    if (accepted.length === 0) return { accepted: 0, dropped };
    const before = { trail: state.trail, still: state.still };
    const newestBefore = state.trail.at(-1)?.t ?? -Infinity;
    state.trail = trail;
    const newest = accepted.at(-1)!;
    // Only a fix newer than everything seen moves the still period (late points are history).
    const latest = [];
    if (newest.t > newestBefore) {
      for (const f of accepted) if (f.t > newestBefore) state.still = nextStillness(state.still, f);
      latest.push({ workerId, ...newest, ...state.still! });
    }
    try {
      await this.writer.submit([{ workerId, fixes: accepted }], latest);
    } catch (err) {
      // Not stored: forget them, so a resend is not taken for duplicates.
      state.trail = before.trail;
      state.still = before.still;
      throw err;
    }
    return { accepted: accepted.length, dropped };
  }

  private stateOf(workerId: number): Promise<DeviceState> {
    let p = this.devices.get(workerId);
    if (!p) {
      p = selectLatest(this.db, workerId).then((row) => ({
        trail: row ? [row] : [],
        still: row
          ? { stillSince: row.stillSince, anchorLon: row.anchorLon, anchorLat: row.anchorLat }
          : undefined,
      }));
      p.catch(() => this.devices.delete(workerId));
      this.devices.set(workerId, p);
    }
    return p;
  }

  /** Reloads every worker's cell and duty state (new workers, clock in/out). */
  async refreshDirectory(): Promise<void> {
    const rows = await selectWorkerDirectory(this.db);
    this.directory.clear();
    for (const w of rows) this.directory.set(w.id, w);
  }

  /** Forgets cached links (after an account is linked to another worker). */
  forgetLinks(): void {
    this.links.clear();
  }

  /** Creates the day partitions from a week back (late uploads) to two days ahead (UTC). */
  async ensurePartitions(now = Date.now()): Promise<number> {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return ensurePartitions(this.db, day(now - 7 * DAY_MS), day(now + 2 * DAY_MS));
  }
}
