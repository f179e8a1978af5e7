import { create } from 'zustand';
import type { Track } from '../../../contracts/workers.ts';
import { fetchTracks } from './workersApi.ts';
import * as clock from './playbackClock.ts';
import type { PlaybackClock } from './playbackClock.ts';

/**
 * Track playback: the picked workers and time range, their loaded tracks and the one clock they
 * are replayed on. The map layers read `clock` each animation frame (no React in that loop).
 */
export interface PlaybackState {
  open: boolean;
  ids: number[];
  from: number;
  to: number;
  tracks: Track[];
  status: 'idle' | 'loading' | 'error';
  error: string | null;
  clock: PlaybackClock | null;
  follow: boolean;
  /** Opens the panel, optionally with workers and a range picked (a card's "replay today"). */
  openPanel(ids?: number[], range?: { from: number; to: number }): void;
  close(): void;
  toggleId(id: number): void;
  setRange(from: number, to: number): void;
  /** Loads the tracks of the picked workers and starts playing them from the range's start. */
  load(): Promise<void>;
  playPause(): void;
  seek(t: number): void;
  setSpeed(multiplier: number): void;
  setFollow(follow: boolean): void;
}

/** Local midnight today until now: what "replay today" shows. */
export function todayRange(now = Date.now()): { from: number; to: number } {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return { from: d.getTime(), to: now };
}

let request: AbortController | null = null;

export const usePlayback = create<PlaybackState>()((set, get) => ({
  open: false,
  ids: [],
  ...todayRange(),
  tracks: [],
  status: 'idle',
  error: null,
  clock: null,
  follow: false,
  openPanel: (ids, range) =>
    set((s) => ({ open: true, ids: ids ?? s.ids, ...(range ?? (s.tracks.length ? {} : todayRange())) })),
  close: () => {
    request?.abort();
    set({ open: false, tracks: [], clock: null, status: 'idle', error: null, follow: false });
  },
  toggleId: (id) =>
    set((s) => ({ ids: s.ids.includes(id) ? s.ids.filter((x) => x !== id) : [...s.ids, id] })),
  setRange: (from, to) => set({ from, to }),
  load: async () => {
    const { ids, from, to } = get();
    if (ids.length === 0 || !(to > from)) return;
    request?.abort();
    const ac = (request = new AbortController());
    set({ status: 'loading', error: null });
    try {
      const answer = await fetchTracks({ ids, from, to }, ac.signal);
      const now = performance.now();
      // The clock (and its slider) starts at the first fix, not at the range's start: "today"
      // often begins with hours without a fix.
      const first = Math.min(...answer.tracks.map((tr) => tr.path.t[0] ?? Infinity));
      const start = Number.isFinite(first) ? Math.min(Math.max(answer.from, first), answer.to) : answer.from;
      const c = clock.play(clock.newClock(start, answer.to, now), now);
      set({ tracks: answer.tracks, clock: c, status: 'idle' });
    } catch (e) {
      if (ac.signal.aborted) return;
      set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  },
  playPause: () =>
    set((s) => {
      if (!s.clock) return s;
      const now = performance.now();
      return {
        clock:
          s.clock.playing && !clock.ended(s.clock, now)
            ? clock.pause(s.clock, now)
            : clock.play(s.clock, now),
      };
    }),
  seek: (t) => set((s) => (s.clock ? { clock: clock.seek(s.clock, t, performance.now()) } : s)),
  setSpeed: (m) => set((s) => (s.clock ? { clock: clock.setSpeed(s.clock, m, performance.now()) } : s)),
  setFollow: (follow) => set({ follow }),
}));
