export interface CheckResult {
  ok: boolean;
  reason?: string;
}

export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface ReadinessOptions {
  /** A check still pending after this long counts as not ok, so one hung dependency cannot hang /ready. */
  checkTimeoutMs?: number;
}

/** Name under which draining is reported; reserved so no check can mask it. */
export const SHUTDOWN_CHECK = "shutdown";

/** Named readiness checks plus the draining flag that SIGTERM sets. */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly checkTimeoutMs: number;
  private draining = false;

  constructor(options: ReadinessOptions = {}) {
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  }

  register(name: string, check: ReadinessCheck): void {
    if (name === SHUTDOWN_CHECK) throw new Error(`readiness check name "${SHUTDOWN_CHECK}" is reserved`);
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  /** After this, the exporter reports not ready so traffic moves away while requests drain. */
  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async evaluate(): Promise<ReadinessReport> {
    // While draining the answer is already known; probing dependencies would only slow shutdown.
    if (this.draining) {
      return { ready: false, checks: { [SHUTDOWN_CHECK]: { ok: false, reason: "shutting down" } } };
    }
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(check)] as const),
    );
    return {
      ready: entries.every(([, result]) => result.ok),
      checks: Object.fromEntries(entries),
    };
  }

  private async run(check: ReadinessCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, reason: `timed out after ${this.checkTimeoutMs} ms` }),
        this.checkTimeoutMs,
      );
    });
    try {
      return await Promise.race([check(), timeout]);
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
