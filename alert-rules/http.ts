import type { AppHttp } from "../core/config/selectors";

// The rules' PromQL over the application's HTTP metrics. The selectors come from config
// (core/config/selectors.ts, shared with the dashboards); what is the rules' own is the
// window, scaled to the timing profile, and the offset that compares with the past.

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

function range({ window, offset }: RateOptions): string {
  return `[${window}]${offset ? ` offset ${offset}` : ""}`;
}

/** Requests per second, summed by `by`. */
export function requestRate(http: AppHttp, options: RateOptions): string {
  return `sum by (${options.by.join(", ")}) (rate(${http.requests(options.matchers)}${range(options)}))`;
}

/** A quantile of request durations in seconds (0.95 = p95), by `by`. */
export function durationQuantile(http: AppHttp, quantile: number, options: RateOptions): string {
  return `histogram_quantile(${quantile}, sum by (${[...options.by, "le"].join(", ")}) (rate(${http.buckets(options.matchers)}${range(options)})))`;
}
