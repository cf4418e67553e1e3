/**
 * Runs tasks on fixed-rate timers: each task now, then one interval after its last run started
 * (not after it ended), so a source is read on its interval whatever its query takes, and a run
 * that outlasts the interval is followed by the next at once.
 */
export class FixedRateSchedule {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly now: () => number = Date.now) {}

  every(intervalMs: number, task: () => Promise<void>): void {
    this.after(0, intervalMs, task);
  }

  /** Runs nothing more; a run in progress finishes (its caller waits for it). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(delayMs: number, intervalMs: number, task: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const startedAt = this.now();
      void task().finally(() => this.after(Math.max(0, intervalMs - (this.now() - startedAt)), intervalMs, task));
    }, delayMs);
    // A pending poll must not keep the process alive on its own.
    timer.unref();
    this.timers.add(timer);
  }
}
