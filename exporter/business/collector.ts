import type { ExpositionFormat } from "../exposition";
import type { ComponentLog } from "../log";
import { ConcurrencyLimit } from "./concurrency-limit";
import type { BusinessQueryMetrics } from "./metrics";
import { renderSamples } from "./render";
import { JoinedBodies, RenderedResult, settled } from "./render-cache";
import { FixedRateSchedule } from "./schedule";
import type { MetricSource, Sample } from "./source";

// Runs every business metric's query on its own interval and keeps the rendered result, so
// a scrape only concatenates strings: it never waits on a database, and the database sees
// one query per interval however many Prometheus servers scrape how often. The timers, the
// bound on reads in flight and the rendered text are modules of their own beside this one;
// what stays here is each source's state: its last result, whether it fails, whether it is stale.

export interface CollectorOptions {
  metrics: BusinessQueryMetrics;
  /** What the collector reports about itself (main passes the exporter's logger). */
  log: ComponentLog;
  /** Reads in flight at once across all sources; the others wait for a slot. */
  maxConcurrent: number;
  /** Intervals a failing source keeps its last result before its series disappear. */
  staleIntervals: number;
  /** Default labels of every series (the `service` label). */
  defaultLabels: Record<string, string>;
  /** Told once each time a source starts failing (Sentry). */
  onFailure?: (error: unknown, source: string) => void;
  now?: () => number;
}

interface SourceState {
  source: MetricSource;
  result?: RenderedResult;
  /** The message of the current failure; undefined while the source succeeds. */
  failing?: string;
  stale: boolean;
  running?: Promise<void>;
}

export class BusinessCollector {
  private readonly states: SourceState[];
  private readonly bodies = new JoinedBodies();
  private readonly limit: ConcurrencyLimit;
  private readonly schedule: FixedRateSchedule;
  private readonly now: () => number;

  constructor(
    sources: MetricSource[],
    private readonly options: CollectorOptions,
  ) {
    this.states = sources.map((source) => ({ source, stale: false }));
    this.now = options.now ?? Date.now;
    this.limit = new ConcurrencyLimit(options.maxConcurrent);
    this.schedule = new FixedRateSchedule(this.now);
  }

  /** Runs every source now, then each on its own interval. */
  start(): void {
    for (const state of this.states) this.schedule.every(state.source.intervalSeconds * 1_000, () => this.run(state));
  }

  /** Runs every source once and waits for all of them (tests, and the first scrape of a test). */
  async runAllOnce(): Promise<void> {
    await Promise.all(this.states.map((state) => this.run(state)));
  }

  /** The cached series of every source that has a result that is not stale, one block each. */
  async exposition(format: ExpositionFormat): Promise<string[]> {
    return settled(await Promise.allSettled(this.pendingBlocks(format)));
  }

  /** The blocks as one Buffer, each preceded by the format's separator (see JoinedBodies). */
  async expositionBody(format: ExpositionFormat): Promise<Buffer> {
    return this.bodies.join(format, this.pendingBlocks(format));
  }

  private pendingBlocks(format: ExpositionFormat): Promise<string>[] {
    const now = this.now();
    return this.states.flatMap((state) => (state.result && !this.isStale(state, now) ? [state.result.text(format)] : []));
  }

  /** Stops scheduling and waits for the reads in flight (SIGTERM drains them). */
  async stop(): Promise<void> {
    this.schedule.stop();
    await Promise.all(this.states.map((state) => state.running));
  }

  private run(state: SourceState): Promise<void> {
    // One read per source at a time: a slow source skips a beat rather than piling up.
    if (state.running) return state.running;
    state.running = this.limit.run(() => this.readAndRender(state)).finally(() => (state.running = undefined));
    return state.running;
  }

  private async readAndRender(state: SourceState): Promise<void> {
    const { source } = state;
    const { metrics, defaultLabels } = this.options;
    const endTimer = metrics.businessQueryDuration.startTimer({ metric: source.name });
    let timed = false;
    const stopTimer = () => {
      if (!timed) endTimer();
      timed = true;
    };
    try {
      const samples = await source.read();
      stopTimer();
      checkUniqueLabelSets(samples);
      // Rendered here, once per interval, so scrapes only concatenate; a render error (a
      // negative counter) fails the run like a query error.
      const prometheus = await renderSamples(source, samples, "prometheus", defaultLabels);
      state.result = new RenderedResult({ metric: source, samples, defaultLabels, prometheus, succeededAt: this.now() });
      metrics.businessQueryLastSuccess.set({ metric: source.name }, state.result.succeededAt / 1_000);
      if (state.failing !== undefined) {
        this.options.log.info({ metric: source.name }, "business metric recovered");
      }
      state.failing = undefined;
      state.stale = false;
    } catch (error) {
      stopTimer();
      metrics.businessQueryErrors.inc({ metric: source.name });
      const message = error instanceof Error ? error.message : String(error);
      // Logged once per change of state: a database that is down for an hour writes one line, not 60.
      if (state.failing !== message) {
        this.options.log.error({ metric: source.name, err: message }, "business metric failed");
        if (state.failing === undefined) this.options.onFailure?.(error, source.name);
      }
      state.failing = message;
      if (!state.stale && this.isStale(state, this.now())) {
        state.stale = true;
        this.options.log.warn(
          { metric: source.name, staleIntervals: this.options.staleIntervals },
          "business metric's last value is too old; its series are dropped until it succeeds",
        );
      }
    }
  }

  private isStale(state: SourceState, now: number): boolean {
    if (!state.result) return true;
    const limitMs = state.source.intervalSeconds * 1_000 * this.options.staleIntervals;
    return now - state.result.succeededAt > limitMs;
  }
}

/** Two rows with the same labels would be two samples of one series: the query is wrong. */
export function checkUniqueLabelSets(samples: Sample[]): void {
  const seen = new Set<string>();
  for (const sample of samples) {
    const key = JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (seen.has(key)) throw new Error(`two rows have the same labels ${key}: group by every label column`);
    seen.add(key);
  }
}
