/**
 * The one clock all case time logic reads (stage limits, lights, the overdue scheduler, case
 * numbers). Production uses the system clock; tests inject a ManualClock and move it.
 */
export interface Clock {
  now(): number;
  /** Called after the clock jumps (ManualClock): the scheduler ticks at once instead of waiting. */
  onAdvance?(listener: () => Promise<unknown>): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told; `advance` resolves once every listener (the scheduler) has run. */
export class ManualClock implements Clock {
  private listeners = new Set<() => Promise<unknown>>();
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  onAdvance(listener: () => Promise<unknown>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async advance(ms: number): Promise<void> {
    this.ms += ms;
    await Promise.all([...this.listeners].map((l) => l()));
  }

  async set(ms: number): Promise<void> {
    await this.advance(ms - this.ms);
  }
}
