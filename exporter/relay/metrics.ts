import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { EXPORTER_METRICS } from "../../core/exporter/contract";
import type { Verdict } from "./outcomes";
import type { ScrubCounts, ScrubRule } from "./scrub";

// The relay's metrics, registered on the exporter's one registry (exporter/metrics.ts owns it)
// when main builds the relay, which exists only when configured. The names are the contract in
// core/exporter/contract.ts that the sentry alerts and the Errors dashboard select on.

const SENTRY_LEVELS = new Set(["fatal", "error", "warning", "info", "debug", "log"]);
const OTHER = "other";

/**
 * Label values as they come, up to `cap` distinct ones, then "other".
 * SECURITY: environment and release come from the envelope, so a caller could otherwise mint
 * a new time series per event and exhaust Prometheus.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  value(raw: unknown): string {
    if (typeof raw !== "string" || raw === "") return "none";
    const value = raw.slice(0, 64);
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.cap) return OTHER;
    this.seen.add(value);
    return value;
  }
}

export interface EventLabels {
  project: string;
  level: unknown;
  environment: unknown;
  release: unknown;
}

export class RelayMetrics {
  private readonly envelopes: Counter<"outcome" | "reason">;
  private readonly events: Counter<"project" | "level" | "environment" | "release">;
  private readonly scrubbed: Counter<"rule">;
  private readonly upstreamRequests: Counter<"status_class">;
  private readonly upstreamDuration: Histogram;
  private readonly receivedBytes: Counter;
  private readonly forwardedBytes: Counter;
  readonly upstreamInFlight: Gauge;
  private readonly environments = new BoundedLabel(20);
  private readonly releases = new BoundedLabel(50);

  constructor(registry: Registry) {
    const registers = [registry];
    this.envelopes = new Counter({
      name: EXPORTER_METRICS.sentryEnvelopes,
      help: "Envelopes the Sentry relay received, by outcome (forwarded, rejected, rate_limited, upstream_error) and reason.",
      labelNames: ["outcome", "reason"] as const,
      registers,
    });
    this.events = new Counter({
      name: EXPORTER_METRICS.sentryEvents,
      help: "Events and transactions the Sentry relay forwarded, by project, level, environment and release (at most 20 environments and 50 releases, then \"other\").",
      labelNames: ["project", "level", "environment", "release"] as const,
      registers,
    });
    this.scrubbed = new Counter({
      name: EXPORTER_METRICS.sentryScrubbedFields,
      help: "Values the Sentry relay scrubbed or removed before forwarding, by rule.",
      labelNames: ["rule"] as const,
      registers,
    });
    this.upstreamRequests = new Counter({
      name: EXPORTER_METRICS.sentryUpstreamRequests,
      help: "Requests from the Sentry relay to Sentry, by status class (\"error\" when no answer came).",
      labelNames: ["status_class"] as const,
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: EXPORTER_METRICS.sentryUpstreamDuration,
      help: "Time Sentry took to answer the relay, failures included.",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.receivedBytes = new Counter({
      name: EXPORTER_METRICS.sentryReceivedBytes,
      help: "Envelope bytes the Sentry relay received, as sent (before decompression).",
      registers,
    });
    this.forwardedBytes = new Counter({
      name: EXPORTER_METRICS.sentryForwardedBytes,
      help: "Envelope bytes the Sentry relay sent to Sentry.",
      registers,
    });
    this.upstreamInFlight = new Gauge({
      name: EXPORTER_METRICS.sentryUpstreamInFlight,
      help: "Envelopes being sent to Sentry or waiting for a connection.",
      registers,
    });
    // Zero the outcomes the alerts and the dashboard read, so their rates exist before the first failure.
    this.envelopes.inc({ outcome: "forwarded", reason: "unchanged" }, 0);
    for (const statusClass of ["2xx", "5xx", "error"]) this.upstreamRequests.inc({ status_class: statusClass }, 0);
  }

  verdict(verdict: Verdict): void {
    this.envelopes.inc({ outcome: verdict.outcome, reason: verdict.reason });
  }

  event(labels: EventLabels): void {
    this.events.inc({
      project: labels.project,
      level: typeof labels.level === "string" && SENTRY_LEVELS.has(labels.level) ? labels.level : labels.level === undefined ? "error" : OTHER,
      environment: this.environments.value(labels.environment),
      release: this.releases.value(labels.release),
    });
  }

  scrubbedFields(counts: ScrubCounts): void {
    for (const [rule, count] of Object.entries(counts) as Array<[ScrubRule, number]>) this.scrubbed.inc({ rule }, count);
  }

  received(bytes: number): void {
    this.receivedBytes.inc(bytes);
  }

  upstream(statusClass: string, seconds: number, bytesSent: number): void {
    this.upstreamRequests.inc({ status_class: statusClass });
    this.upstreamDuration.observe(seconds);
    this.forwardedBytes.inc(bytesSent);
  }
}
