import { create } from 'zustand';
import type { LiveFrame, WorkerListItem } from '../../../contracts/workers.ts';
import { glideMs, LiveMotion } from './liveMotion.ts';

/**
 * Live grid workers: the REST list (names, duty, latest fix) merged with the binary
 * `positions:frame` ticks, newest fix per worker. The icons' drawn positions live outside React in
 * `motion` (read imperatively by the map layers each animation frame); `revision` tells them that
 * something changed.
 */
export interface WorkersState {
  /** The layer toggle in the top bar. */
  shown: boolean;
  byId: ReadonlyMap<number, WorkerListItem>;
  /** Bumped on every list load or frame. */
  revision: number;
  /** The worker whose card is open. */
  selectedId: number | null;
  /** Frame tick time of the last frame (server epoch ms). */
  lastTickT: number | null;
  setShown(shown: boolean): void;
  select(id: number | null): void;
  setList(workers: WorkerListItem[]): void;
  /** Merges a frame; returns ids the list does not know (the caller refetches the list). */
  applyFrame(frame: LiveFrame): number[];
}

/** Drawn positions, shared by the 3D and 2D layers. */
export const motion = new LiveMotion();

export const useWorkers = create<WorkersState>()((set, get) => ({
  shown: true,
  byId: new Map(),
  revision: 0,
  selectedId: null,
  lastTickT: null,
  setShown: (shown) => set({ shown }),
  select: (selectedId) => set({ selectedId }),
  setList: (workers) => {
    const now = performance.now();
    const byId = new Map<number, WorkerListItem>();
    for (const w of workers) {
      byId.set(w.id, w);
      const drawn = motion.at(w.id, now);
      if (w.latest && (!drawn || drawn[0] !== w.latest.lon || drawn[1] !== w.latest.lat))
        motion.push(w.id, w.latest.lon, w.latest.lat, now, 0);
    }
    for (const id of [...motion.ids()]) if (!byId.has(id)) motion.forget(id);
    set((s) => ({ byId, revision: s.revision + 1 }));
  },
  applyFrame: (f) => {
    const s = get();
    const now = performance.now();
    const duration = glideMs(s.lastTickT, f.t);
    const byId = new Map(s.byId);
    const unknown: number[] = [];
    for (let i = 0; i < f.ids.length; i++) {
      const id = f.ids[i]!;
      const w = byId.get(id);
      if (!w) {
        unknown.push(id);
        continue;
      }
      const lon = f.lon[i]!;
      const lat = f.lat[i]!;
      motion.push(id, lon, lat, now, duration);
      byId.set(id, {
        ...w,
        onDuty: f.onDuty[i] === 1,
        latest: {
          t: f.pt[i]!,
          lon,
          lat,
          accuracyM: w.latest?.accuracyM ?? null,
          speedMps: nanToNull(f.speedMps[i]!),
          headingDeg: nanToNull(f.headingDeg[i]!),
          batteryPct: w.latest?.batteryPct ?? null,
        },
      });
    }
    set({ byId, revision: s.revision + 1, lastTickT: f.t });
    return unknown;
  },
}));

const nanToNull = (v: number) => (Number.isNaN(v) ? null : v);
