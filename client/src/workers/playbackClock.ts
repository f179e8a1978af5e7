/**
 * The one clock of a playback: several workers replayed together, time proportional to real time.
 * Immutable values; every change re-anchors at the current real time, so a speed change or a
 * pause never makes the playback jump. Times: epoch ms (playback) and performance.now() ms (real).
 */
export interface PlaybackClock {
  from: number;
  to: number;
  /** Playback time at `anchorReal`. */
  anchorT: number;
  anchorReal: number;
  /** Playback ms per real ms (1×–120×). */
  multiplier: number;
  playing: boolean;
}

export const SPEEDS = [1, 2, 5, 10, 30, 60, 120] as const;

export function newClock(from: number, to: number, now: number): PlaybackClock {
  return { from, to, anchorT: from, anchorReal: now, multiplier: 60, playing: false };
}

/** Playback time at real time `now`, held at the range's end. */
export function timeAt(c: PlaybackClock, now: number): number {
  const t = c.playing ? c.anchorT + (now - c.anchorReal) * c.multiplier : c.anchorT;
  return Math.min(c.to, Math.max(c.from, t));
}

/** Whether the playback reached the end (a playing clock there has nothing left to animate). */
export function ended(c: PlaybackClock, now: number): boolean {
  return timeAt(c, now) >= c.to;
}

export function play(c: PlaybackClock, now: number): PlaybackClock {
  // Play at the end starts over.
  const t = ended(c, now) ? c.from : timeAt(c, now);
  return { ...c, anchorT: t, anchorReal: now, playing: true };
}

export function pause(c: PlaybackClock, now: number): PlaybackClock {
  return { ...c, anchorT: timeAt(c, now), anchorReal: now, playing: false };
}

export function seek(c: PlaybackClock, t: number, now: number): PlaybackClock {
  return { ...c, anchorT: Math.min(c.to, Math.max(c.from, t)), anchorReal: now };
}

export function setSpeed(c: PlaybackClock, multiplier: number, now: number): PlaybackClock {
  return { ...c, anchorT: timeAt(c, now), anchorReal: now, multiplier };
}
