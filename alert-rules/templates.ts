import { quoted } from "../core/config/selectors";
import type { Timing } from "../core/timing";
import { formatDuration, parseDuration, scaled, scaledDuration } from "../core/timing";
import { type AlertingRule, type Severity, type VisitorLabels } from "./model";

// Shared shapes of alerts, so the same kind of problem is alerted on the same way in
// every area (kubernetes-mixin's lib/ templates).

/**
 * How long a "down" condition must hold before it pages. With production timings (scrapes
 * and evaluations every 15 s, the public URL probed every 10 s) a single failed scrape or
 * probe, or a 20-second restart, shows as at most two down samples, which never stay
 * pending for a full 30 s of evaluations. A real outage of the public URL is seen within
 * ~5 s (median) and by an evaluation ~7.5 s later, fires 30 s after that and, with the
 * critical route's 5 s group_wait, reaches the receiver in ~48 s (at most ~60 s).
 */
export const DOWN_FOR_SECONDS = 30;

export interface DownAlertOptions {
  alert: string;
  /** True while the thing is down, one series per down thing (e.g. `pg_up == 0`). */
  expr: string;
  /** The status-page component it concerns and what visitors experience (forVisitors), if any. */
  visitors?: VisitorLabels | undefined;
  summary: string;
  description: string;
  timing: Timing;
}

/** A critical "X is down" alert that pages fast and never for a blip. */
export function downAlert(options: DownAlertOptions): AlertingRule {
  return {
    alert: options.alert,
    expr: options.expr,
    for: scaled(options.timing, DOWN_FOR_SECONDS),
    labels: { severity: "critical", ...options.visitors },
    annotations: { summary: options.summary, description: options.description },
  };
}

export interface RatioAlertOptions {
  alert: string;
  /** PromQL for the part (e.g. errors), aggregated to the labels the alert keeps. */
  numerator: string;
  /** PromQL for the whole (e.g. all requests), aggregated the same way. */
  denominator: string;
  /** Fires above this share (0–1). */
  threshold: number;
  /** Production duration from config, e.g. "5m"; omitted fires on the first evaluation. */
  for?: string;
  severity: Exclude<Severity, "none">;
  visitors?: VisitorLabels | undefined;
  summary: string;
  description: string;
  timing: Timing;
}

/** "part / whole > threshold": the shape of every saturation and error-ratio alert. */
export function ratioAlert(options: RatioAlertOptions): AlertingRule {
  return {
    alert: options.alert,
    expr: `(${options.numerator})\n/\n(${options.denominator})\n> ${options.threshold}`,
    ...(options.for ? { for: scaledDuration(options.timing, options.for) } : {}),
    labels: { severity: options.severity, ...options.visitors },
    annotations: { summary: options.summary, description: options.description },
  };
}

/**
 * A range-vector window or an offset (`[5m]`, `offset 1d`) from a production duration,
 * scaled to the profile like every `for:`, but never shorter than four scrape intervals:
 * rate() needs two samples in its window, and four leave room for a missed scrape.
 */
export function scaledWindow(timing: Timing, productionDuration: string): string {
  const seconds = parseDuration(productionDuration) * timing.durationScale;
  return formatDuration(Math.max(Math.round(seconds), 4 * timing.scrapeIntervalSeconds));
}

/**
 * The expression of a "down" alert over an exporter: the exporter answers but cannot reach
 * what it watches (`<health> == 0`, e.g. pg_up, redis_up), or the exporter itself cannot
 * be scraped (`up == 0`; its health gauge is then stale and absent). Both sides carry the
 * same job/instance labels, so an outage that moves from one to the other stays one alert.
 */
export function exporterDownExpr(healthMetric: string, job: string): string {
  return `${healthMetric}{job=${quoted(job)}} == 0\nor\nup{job=${quoted(job)}} == 0`;
}

export interface FailingOrStaleOptions {
  /** Counter of failed attempts, e.g. `vigil_status_publish_failures_total{…}`. */
  errors: string;
  /** Gauge of the unix time of the last success, with the same labels as `errors`. */
  lastSuccess: string;
  /** Scaled window the failures are counted over. */
  window: string;
  /** Fires when the last success is older than this many seconds (scale it first). */
  staleAfterSeconds: number;
  /** A condition (non-empty while true) under which the failures are another alert's to report. */
  explainedBy?: string;
}

/**
 * "A periodic job is failing": it failed within the window, or it has not succeeded for
 * too long (which also catches a job that stopped running without counting an error).
 */
export function failingOrStaleExpr(options: FailingOrStaleOptions): string {
  const failing = `increase(${options.errors}[${options.window}]) > 0\nor\ntime() - ${options.lastSuccess} > ${options.staleAfterSeconds}`;
  if (!options.explainedBy) return failing;
  // Both ways of failing: a query the outage kept from succeeding is stale until its next run.
  return `(\n${failing}\n)\nunless on ()\n${options.explainedBy}`;
}

/** A share as people read it in a description: 0.8 → "80%", 0.001 → "0.1%". */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}
