import type { VigilConfig } from "../core/config";
import { quoted } from "./templates";

// The application's own HTTP metrics, selected by config (metric and label names), the way
// a monitoring mixin splices selectors from its _config: every rule over them (application,
// slo) builds its PromQL here, so a renamed metric or label changes one place.

/**
 * A 5xx status, whether the label holds the code ("503") or the class ("5xx", how
 * prometheus-fastapi-instrumentator groups codes by default). PromQL regexes are anchored,
 * so "5([0-9][0-9]|xx)" matches whole values only: not "500x", not "15xx".
 */
export const SERVER_ERROR_STATUS = "5([0-9][0-9]|xx)";

export interface RateOptions {
  /** Range window, already scaled (scaledWindow). */
  window: string;
  /** Labels kept by the sum, e.g. ["job"] or ["job", "handler"]. */
  by: string[];
  /** Extra label matchers, e.g. a route or the 5xx status. */
  matchers?: string[];
  /** `offset`, already scaled, to compare with the past. */
  offset?: string;
}

export interface AppHttp {
  /** The job (and status-page component) the application's targets are scraped as. */
  job: string;
  /** The label holding the route template (config: app.httpMetrics.routeLabel). */
  routeLabel: string;
  /** Matcher for 5xx answers. */
  serverErrors: string;
  /** Matchers for one route, or for every route but some. */
  routeIs(route: string): string;
  routeIsNot(route: string): string;
  /** Requests per second, summed by `by`. */
  requestRate(options: RateOptions): string;
  /** A quantile of request durations in seconds (0.95 = p95), by `by`. */
  durationQuantile(quantile: number, options: RateOptions): string;
}

export function appHttp(config: VigilConfig): AppHttp {
  const metrics = config.app.httpMetrics;
  const job = config.app.name;
  const selector = (matchers: string[] = []) => `{${[`job=${quoted(job)}`, ...matchers].join(", ")}}`;
  const range = ({ window, offset }: RateOptions) => `[${window}]${offset ? ` offset ${offset}` : ""}`;
  return {
    job,
    routeLabel: metrics.routeLabel,
    serverErrors: `${metrics.statusLabel}=~${quoted(SERVER_ERROR_STATUS)}`,
    routeIs: (route) => `${metrics.routeLabel}=${quoted(route)}`,
    routeIsNot: (route) => `${metrics.routeLabel}!=${quoted(route)}`,
    requestRate: (options) =>
      `sum by (${options.by.join(", ")}) (rate(${metrics.requestsTotal}${selector(options.matchers)}${range(options)}))`,
    durationQuantile: (quantile, options) =>
      `histogram_quantile(${quantile}, sum by (${[...options.by, "le"].join(", ")}) (rate(${metrics.requestDuration}_bucket${selector(options.matchers)}${range(options)})))`,
  };
}
