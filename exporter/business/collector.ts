import { Counter, Gauge, Registry, type RegistryContentType } from "prom-client";
import type { ExpositionFormat } from "../exposition";
import { renderRegistry } from "../exposition";
import type { ComponentLog } from "../log";
import type { ExporterMetrics } from "../metrics";
import type { BusinessMetricType } from "../../core/exporter/business-definitions";

// Runs every business metric's query on its own interval and keeps the rendered result, so
// a scrape only concatenates strings: it never waits on a database, and the database sees
// one query per interval however many Prometheus servers scrape how often.

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One business metric and how to read it. */
export interface MetricSource {
  name: string;
  help: string;
  type: BusinessMetricType;
  labelNames: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  /** The current samples; throws when the read fails or its result is unusable. */
  read(): Promise<Sample[]>;
}

export interface CollectorOptions {
  metrics: ExporterMetrics;
  /** What the collector reports about itself (main passes app.log). */
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

interface Rendered {
  /** Rendered once per success; OpenMetrics only when a scraper first asks for it. */
  text: Partial<Record<ExpositionFormat, Promise<string>>>;
  samples: Sample[];
  succeededAt: number;
}

interface SourceState {
  source: MetricSource;
  rendered?: Rendered;
  /** The message of the current failure; undefined while the source succeeds. */
  failing?: string;
  stale: boolean;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

/** Series rendered in one go; a few milliseconds of work on a small machine. */
const RENDER_SLICE = 250;

function nthIndexOf(text: string, search: string, n: number): number {
  let index = -1;
  for (let found = 0; found < n; found += 1) index = text.indexOf(search, index + 1);
  return index;
}

export class BusinessCollector {
  private readonly states: SourceState[];
  private readonly bodies = new Map<ExpositionFormat, { key: Promise<string>[]; body: Buffer }>();
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private stopped = false;
  private readonly now: () => number;

  constructor(
    sources: MetricSource[],
    private readonly options: CollectorOptions,
  ) {
    this.states = sources.map((source) => ({ source, stale: false }));
    this.now = options.now ?? Date.now;
  }

  /** Runs every source now, then each on its own interval. */
  start(): void {
    for (const state of this.states) this.schedule(state, 0);
  }

  /** Runs every source once and waits for all of them (tests, and the first scrape of a test). */
  async runAllOnce(): Promise<void> {
    await Promise.all(this.states.map((state) => this.run(state)));
  }

  /** The cached series of every source that has a result that is not stale, one block each. */
  async exposition(format: ExpositionFormat): Promise<string[]> {
    return settled(await Promise.allSettled(this.pendingBlocks(format)));
  }

  /**
   * The blocks joined, each preceded by the format's separator, as one Buffer that is kept
   * until a source's result changes: most scrapes then copy bytes and allocate nothing large.
   */
  async expositionBody(format: ExpositionFormat): Promise<Buffer> {
    const pending = this.pendingBlocks(format);
    const cached = this.bodies.get(format);
    if (cached && cached.key.length === pending.length && cached.key.every((block, index) => block === pending[index])) {
      return cached.body;
    }
    const separator = format === "prometheus" ? "\n" : "";
    const blocks = settled(await Promise.allSettled(pending));
    // renderSlice ends every block with a newline, and settled() drops empty ones.
    const body = Buffer.from(blocks.map((block) => `${separator}${block}`).join(""));
    this.bodies.set(format, { key: pending, body });
    return body;
  }

  private pendingBlocks(format: ExpositionFormat): Promise<string>[] {
    const now = this.now();
    const pending: Promise<string>[] = [];
    for (const state of this.states) {
      const rendered = state.rendered;
      if (!rendered || this.isStale(state, now)) continue;
      if (!rendered.text[format]) {
        const render = this.render(state.source, rendered.samples, format);
        rendered.text[format] = render;
        // A failed render is forgotten, so the next scrape tries again instead of failing forever.
        render.catch(() => (rendered.text[format] === render ? delete rendered.text[format] : undefined));
      }
      pending.push(rendered.text[format]);
    }
    return pending;
  }

  /** Stops scheduling and waits for the reads in flight (SIGTERM drains them). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.states) clearTimeout(state.timer);
    await Promise.all(this.states.map((state) => state.running));
  }

  private schedule(state: SourceState, delayMs: number): void {
    if (this.stopped) return;
    state.timer = setTimeout(() => {
      const startedAt = this.now();
      void this.run(state).finally(() => {
        // Fixed rate: the next run is one interval after this one started, not after it ended.
        const elapsed = this.now() - startedAt;
        this.schedule(state, Math.max(0, state.source.intervalSeconds * 1_000 - elapsed));
      });
    }, delayMs);
    // A pending poll must not keep the process alive on its own.
    state.timer.unref();
  }

  private run(state: SourceState): Promise<void> {
    // One read per source at a time: a slow source skips a beat rather than piling up.
    if (state.running) return state.running;
    state.running = this.readAndRender(state).finally(() => (state.running = undefined));
    return state.running;
  }

  private async readAndRender(state: SourceState): Promise<void> {
    const { source } = state;
    const { metrics } = this.options;
    await this.acquire();
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
      const prometheus = await this.render(source, samples, "prometheus");
      state.rendered = { text: { prometheus: Promise.resolve(prometheus) }, samples, succeededAt: this.now() };
      metrics.businessQueryLastSuccess.set({ metric: source.name }, state.rendered.succeededAt / 1_000);
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
    } finally {
      this.release();
    }
  }

  private isStale(state: SourceState, now: number): boolean {
    if (!state.rendered) return true;
    const limitMs = state.source.intervalSeconds * 1_000 * this.options.staleIntervals;
    return now - state.rendered.succeededAt > limitMs;
  }

  // prom-client renders; doing it once per interval (not per scrape) is what makes scrapes cheap.
  // A result is rendered in slices with a turn of the event loop between them, so a metric of
  // thousands of series never holds up a scrape for the whole render.
  private async render(source: MetricSource, samples: Sample[], format: ExpositionFormat): Promise<string> {
    // prom-client would write 0 for a label-less metric with no sample; no result means no series.
    if (samples.length === 0) return "";
    const parts: string[] = [];
    for (let start = 0; start < samples.length; start += RENDER_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const text = await this.renderSlice(source, samples.slice(start, start + RENDER_SLICE), format);
      // Every slice after the first drops its # HELP and # TYPE lines: one metric, one header.
      parts.push(start === 0 ? text : text.slice(nthIndexOf(text, "\n", 2) + 1));
    }
    return parts.join("");
  }

  private async renderSlice(source: MetricSource, samples: Sample[], format: ExpositionFormat): Promise<string> {
    const registry = new Registry() as Registry<RegistryContentType>;
    registry.setDefaultLabels(this.options.defaultLabels);
    const common = { name: source.name, help: source.help, labelNames: source.labelNames, registers: [registry] };
    if (source.type === "counter") {
      const counter = new Counter(common);
      for (const sample of samples) {
        if (sample.value < 0) throw new Error(`counter value ${sample.value} is negative`);
        counter.inc(sample.labels, sample.value);
      }
    } else {
      const gauge = new Gauge(common);
      for (const sample of samples) gauge.set(sample.labels, sample.value);
    }
    const text = await renderRegistry(registry, format);
    return text.endsWith("\n") ? text : `${text}\n`;
  }

  private async acquire(): Promise<void> {
    if (this.inFlight < this.options.maxConcurrent) {
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

/** The rendered blocks, without empty ones (no series) and failed ones (retried next scrape). */
function settled(blocks: PromiseSettledResult<string>[]): string[] {
  return blocks.flatMap((block) => (block.status === "fulfilled" && block.value !== "" ? [block.value] : []));
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
