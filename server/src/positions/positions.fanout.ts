import { emptyFrame, encodeFrame, workersRoom, type LiveFrame } from '../../../contracts/workers.ts';
import type { LatestRow, WorkerIdentity } from './positions.sql.ts';

/** Where frames go: the live rooms that currently have listeners, and a way to send to one. */
export interface FrameSink {
  /** Whether anyone listens in this room (skip building frames nobody receives). */
  has(room: string): boolean;
  send(room: string, frame: Uint8Array): void;
}

/** Prefixes of a grid code that have rooms: installation, district, street, community, cell. */
const PREFIX_LENGTHS = [0, 6, 9, 12, 15];

/**
 * Live fan-out: keeps the newest committed fix per worker since the last tick; each tick groups
 * them by the `workers:<region>` rooms that contain the worker's cell and sends one binary frame
 * per room. A screen therefore gets at most one update per worker per tick, only of its jurisdiction.
 */
export class Fanout {
  private changed = new Map<number, LatestRow>();
  readonly stats = { ticks: 0, frames: 0, bytes: 0, workersSent: 0, lastTickMs: 0 };

  constructor(
    private readonly directory: ReadonlyMap<number, WorkerIdentity>,
    private readonly sink: FrameSink,
  ) {}

  /** Called after each commit with the newest fix per worker of that batch. */
  push(latest: readonly LatestRow[]): void {
    for (const r of latest) {
      const cur = this.changed.get(r.workerId);
      if (!cur || cur.t < r.t) this.changed.set(r.workerId, r);
    }
  }

  /** Sends this tick's frames; returns the rooms that got one. */
  tick(now = Date.now()): string[] {
    const started = performance.now();
    const rows = [...this.changed.values()];
    this.changed.clear();
    const byRoom = new Map<string, LatestRow[]>();
    for (const r of rows) {
      const gridCode = this.directory.get(r.workerId)?.gridCode;
      if (gridCode === undefined) continue;
      for (const n of PREFIX_LENGTHS) {
        if (n > gridCode.length) break;
        const room = workersRoom(gridCode.slice(0, n));
        let list = byRoom.get(room);
        if (!list) {
          if (!this.sink.has(room)) continue;
          byRoom.set(room, (list = []));
        }
        list.push(r);
      }
    }
    for (const [room, list] of byRoom) {
      const frame = encodeFrame(this.frameOf(list, now));
      this.sink.send(room, frame);
      this.stats.frames++;
      this.stats.bytes += frame.byteLength;
      this.stats.workersSent += list.length;
    }
    this.stats.ticks++;
    this.stats.lastTickMs = performance.now() - started;
    return [...byRoom.keys()];
  }

  private frameOf(rows: readonly LatestRow[], t: number): LiveFrame {
    const n = rows.length;
    const f = emptyFrame(t, n);
    rows.forEach((r, i) => {
      f.ids[i] = r.workerId;
      f.lon[i] = r.lon;
      f.lat[i] = r.lat;
      f.pt[i] = r.t;
      f.headingDeg[i] = r.headingDeg ?? NaN;
      f.speedMps[i] = r.speedMps ?? NaN;
      f.onDuty[i] = this.directory.get(r.workerId)?.onDuty ? 1 : 0;
    });
    return f;
  }
}
