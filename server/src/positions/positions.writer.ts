import type { Db } from '../db/db.ts';
import { upsertPresence } from '../heat/heat.sql.ts';
import { presenceRows, type PresenceFix } from '../heat/presence.ts';
import { insertHistory, upsertLatest, type LatestRow, type WorkerFixes } from './positions.sql.ts';

export interface WriterOptions {
  /** How long the first queued point waits for company before a flush (ms). */
  flushMs: number;
  /** A flush takes whole submissions up to about this many points. */
  maxBatch: number;
  /** Points queued or being written beyond which submissions are refused (overload → 503). */
  maxQueued: number;
  /** Flushes in flight at once (PostgreSQL overlaps the next batch's preparation with a commit). */
  concurrency: number;
  /** Counts each batch into the heat-zone presence rollups in the same transaction (default on; the bench turns it off for its baseline). */
  presence?: boolean;
}

export const DEFAULT_WRITER: WriterOptions = {
  flushMs: 25,
  maxBatch: 10_000,
  maxQueued: 200_000,
  concurrency: 2,
};

/** The queue is full: the caller answers 503 with Retry-After and stores nothing. */
export class Overloaded extends Error {
  constructor() {
    super('position queue full');
  }
}

interface Submission {
  items: WorkerFixes[];
  latest: LatestRow[];
  points: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Micro-batching writer: submissions queue in memory; a flush writes many of them in one
 * transaction (history rows in one multi-row statement, newest fix per worker upserted), and only
 * after COMMIT resolves their promises, so an acknowledged point is durable. The queue is bounded.
 */
export class PositionWriter {
  private queue: Submission[] = [];
  private queuedPoints = 0;
  private inFlight = 0;
  private inFlightPoints = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly stats = { flushes: 0, points: 0, refused: 0, failed: 0 };

  constructor(
    private readonly db: Db,
    private readonly opts: WriterOptions,
    /** Called after each commit with the newest fix per worker (for the live fan-out). */
    private readonly onCommitted: (latest: readonly LatestRow[]) => void = () => undefined,
    /**
     * Flushes wait for this (the start-up's day partitions): a COPY routing rows to the default
     * partition while ATTACH PARTITION moves that day out of it fails with a partition constraint error.
     */
    private readonly ready: Promise<unknown> = Promise.resolve(),
  ) {}

  /** Points waiting or being written. */
  get backlog(): number {
    return this.queuedPoints + this.inFlightPoints;
  }

  /** Resolves once the points are committed; throws Overloaded at once when the queue is full. */
  submit(items: WorkerFixes[], latest: LatestRow[]): Promise<void> {
    const points = items.reduce((s, i) => s + i.fixes.length, 0);
    if (this.closed || this.backlog + points > this.opts.maxQueued) {
      this.stats.refused += points;
      return Promise.reject(new Overloaded());
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, latest, points, resolve, reject });
      this.queuedPoints += points;
      this.schedule();
    });
  }

  private schedule() {
    if (this.inFlight >= this.opts.concurrency || this.queue.length === 0) return;
    if (this.queuedPoints >= this.opts.maxBatch) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.opts.flushMs);
  }

  private async flush() {
    const batch: Submission[] = [];
    let points = 0;
    while (
      this.queue.length > 0 &&
      (batch.length === 0 || points + this.queue[0]!.points <= this.opts.maxBatch)
    ) {
      const s = this.queue.shift()!;
      batch.push(s);
      points += s.points;
    }
    if (batch.length === 0) return;
    this.queuedPoints -= points;
    this.inFlightPoints += points;
    this.inFlight++;
    this.schedule(); // a second flush may start while this one commits
    const latest = newestPerWorker(batch.flatMap((s) => s.latest));
    try {
      await this.ready;
      await this.db.transaction(async (tx) => {
        await insertHistory(
          tx,
          batch.flatMap((s) => s.items),
        );
        await upsertLatest(tx, latest);
        if (this.opts.presence !== false) await upsertPresence(tx, presenceRows(fixesOf(batch)));
      });
      this.stats.flushes++;
      this.stats.points += points;
      for (const s of batch) s.resolve();
      this.onCommitted(latest);
    } catch (err) {
      this.stats.failed += points;
      for (const s of batch) s.reject(err);
    } finally {
      this.inFlight--;
      this.inFlightPoints -= points;
      this.schedule();
    }
  }

  /** Refuses new points and waits until everything queued is written. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    while (this.queue.length > 0 || this.inFlight > 0) {
      if (this.inFlight < this.opts.concurrency && this.queue.length > 0) void this.flush();
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function* fixesOf(batch: readonly Submission[]): Generator<PresenceFix> {
  for (const s of batch)
    for (const { workerId, fixes } of s.items)
      for (const f of fixes) yield { w: workerId, t: f.t, lon: f.lon, lat: f.lat };
}

function newestPerWorker(rows: readonly LatestRow[]): LatestRow[] {
  const m = new Map<number, LatestRow>();
  for (const r of rows) {
    const cur = m.get(r.workerId);
    if (!cur || cur.t < r.t) m.set(r.workerId, r);
  }
  return [...m.values()];
}
