import { JOBS } from "../core/catalog";
import type { AppHttp } from "../core/config/selectors";

// PromQL building blocks shared by the area modules. Selectors come from config
// (core/config/selectors.ts, shared with the alert rules) and from JOBS (the scrape jobs
// synth writes), the way kubernetes-mixin splices `_config` selectors: no query repeats a
// selector string. What is the dashboards' own is the window, Grafana's $__rate_interval.

/** Grafana's rate window: at least four scrapes, whatever the zoom (the lint requires it). */
export const RATE_INTERVAL = "$__rate_interval";

export type Job = keyof typeof JOBS;

/** `job="node"`: the matcher for one of synth's scrape jobs. */
export function jobIs(job: Job): string {
  return `job="${JOBS[job]}"`;
}

/** `metric{a, b}`, or the bare metric without matchers. */
export function selector(metric: string, matchers: readonly string[] = []): string {
  return matchers.length > 0 ? `${metric}{${matchers.join(", ")}}` : metric;
}

/** Per-second rate of a counter over the dashboard's rate interval. */
export function rate(series: string, window = RATE_INTERVAL): string {
  return `rate(${series}[${window}])`;
}

/** Increase of a counter over `window` (the dashboard's rate interval unless told). */
export function increase(series: string, window = RATE_INTERVAL): string {
  return `increase(${series}[${window}])`;
}

/** `sum by (a, b) (expr)`, or `sum(expr)` when nothing is kept. */
export function sumBy(labels: string[], expr: string): string {
  return labels.length > 0 ? `sum by (${labels.join(", ")}) (${expr})` : `sum(${expr})`;
}

/** A quantile (0.95 = p95) of a histogram, kept per `by`. */
export function histogramQuantile(quantile: number, buckets: string, by: string[] = []): string {
  return `histogram_quantile(${quantile}, ${sumBy([...by, "le"], rate(buckets))})`;
}

/**
 * part / whole, where a part with no series (no errors yet) counts as 0 rather than as
 * "no data": `or 0 * whole` supplies a zero for every series of the whole.
 */
export function ratioOrZero(part: string, whole: string): string {
  return `(${part} or 0 * ${whole}) / ${whole}`;
}

/** Legend template for a label: `{{handler}}`. */
export function legend(...labels: string[]): string {
  return labels.map((label) => `{{${label}}}`).join(" ");
}

/** Requests per second, kept per `by`. */
export function requestRate(http: AppHttp, by: string[] = [], matchers: string[] = []): string {
  return sumBy(by, rate(http.requests(matchers)));
}

/** Share of requests answered 5xx, kept per `by`; 0 (not "no data") before the first error. */
export function serverErrorRatio(http: AppHttp, by: string[] = []): string {
  return ratioOrZero(requestRate(http, by, [http.serverErrors]), requestRate(http, by));
}
