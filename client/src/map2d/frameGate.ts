/**
 * deck.gl's animation loop asks for an animation frame after every frame, forever: on an idle
 * wall that is 60 wake-ups a second for nothing. The gate is the loop's `animationFrameProvider`:
 * it keeps the loop's next-frame callback and only hands it to the browser while someone has
 * asked for frames (a view change, new layers, an animation). Idle, no frame is requested at all.
 */
export class FrameGate {
  private pending: FrameRequestCallback | null = null;
  private rafId = 0;
  /** Run frames until this time (performance.now() ms) even when nothing is animating. */
  private awakeUntil = 0;
  private continuous = false;

  /** What luma.gl's AnimationLoop calls instead of window.requestAnimationFrame. */
  readonly provider = {
    requestAnimationFrame: (cb: FrameRequestCallback): number => {
      this.pending = cb;
      if (this.isAwake()) this.schedule();
      return 1;
    },
    cancelAnimationFrame: (): void => {
      this.pending = null;
      this.unschedule();
    },
  };

  /** Frames for the next `ms` (a settled change needs one or two; async layer data a few more). */
  wake(ms = 250): void {
    this.awakeUntil = Math.max(this.awakeUntil, performance.now() + ms);
    this.schedule();
  }

  /** Frames every animation frame until set back to false. */
  setContinuous(on: boolean): void {
    this.continuous = on;
    if (on) this.schedule();
  }

  /** Runs the pending frame now, synchronously (to draw in the same task as Cesium's frame). */
  flush(): void {
    const cb = this.pending;
    if (!cb) return;
    this.pending = null;
    this.unschedule();
    cb(performance.now());
  }

  /** Whether a browser frame is requested: false on an idle wall. */
  get scheduled(): boolean {
    return this.rafId !== 0;
  }

  destroy(): void {
    this.pending = null;
    this.unschedule();
  }

  private isAwake(): boolean {
    return this.continuous || performance.now() < this.awakeUntil;
  }

  private schedule(): void {
    if (this.rafId || !this.pending) return;
    this.rafId = requestAnimationFrame(() => {
      this.rafId = 0;
      if (this.isAwake()) this.flush();
    });
  }

  private unschedule(): void {
    if (this.rafId) cancelAnimationFrame(this.rafId);
    this.rafId = 0;
  }
}
