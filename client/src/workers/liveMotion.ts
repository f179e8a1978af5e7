/** Where a worker's icon glides from and to between two live ticks (lon/lat °, times performance.now() ms). */
interface Glide {
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  start: number;
  end: number;
}

/**
 * Smooth live movement: positions arrive once a tick (1–2 Hz); each new fix starts a glide from
 * where the icon is drawn now to the fix, lasting about one tick, so the icon is always moving
 * toward the newest position and never jumps. Pure: the caller passes the clock.
 */
export class LiveMotion {
  private readonly glides = new Map<number, Glide>();
  private lastEnd = 0;

  /** A new fix for `id` at `now`; the glide lasts `durationMs` (≈ the tick interval). */
  push(id: number, lon: number, lat: number, now: number, durationMs: number): void {
    const here = this.at(id, now);
    this.glides.set(id, {
      fromLon: here?.[0] ?? lon,
      fromLat: here?.[1] ?? lat,
      toLon: lon,
      toLat: lat,
      start: now,
      end: here ? now + durationMs : now,
    });
    this.lastEnd = Math.max(this.lastEnd, here ? now + durationMs : now);
  }

  /** Drawn position at `now`, or null for a worker without a fix. */
  at(id: number, now: number): [lon: number, lat: number] | null {
    const g = this.glides.get(id);
    if (!g) return null;
    if (now >= g.end) return [g.toLon, g.toLat];
    const k = Math.max(0, (now - g.start) / (g.end - g.start));
    // Ease-out: fast start, gentle arrival, so a late next tick does not show as a stop-and-go.
    const e = 1 - (1 - k) * (1 - k);
    return [g.fromLon + (g.toLon - g.fromLon) * e, g.fromLat + (g.toLat - g.fromLat) * e];
  }

  /** Whether any icon is still gliding (the animation loop runs only while this is true). */
  moving(now: number): boolean {
    return now < this.lastEnd;
  }

  forget(id: number): void {
    this.glides.delete(id);
  }

  ids(): IterableIterator<number> {
    return this.glides.keys();
  }
}

/** Glide length from the spacing of ticks: one interval, kept between 0.3 s and 2 s. */
export function glideMs(previousTickT: number | null, tickT: number): number {
  if (previousTickT === null) return 1000;
  return Math.min(2000, Math.max(300, tickT - previousTickT));
}
