/**
 * At most `limit` tasks at once; the others wait in the order they came. The business collector
 * runs each read through one, so the databases see at most maxConcurrentQueries reads however
 * many sources fall due together (the postgres pool holds that many, and one for readiness).
 */
export class ConcurrencyLimit {
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;

  constructor(private readonly limit: number) {}

  /** Runs `task` once a slot is free and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.limit) {
      this.inFlight += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so inFlight never exceeds the bound.
    if (next) next();
    else this.inFlight -= 1;
  }
}
