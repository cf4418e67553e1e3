// The selectors and derived values that alert rules and dashboards both splice into PromQL,
// defined once beside the config they come from (kubernetes-mixin's `_config`): the
// application's HTTP metrics, the host's real filesystems, the availability SLO. A renamed
// metric or label, or a new SLO target, changes this file and every query follows. Each
// builder adds only its own windows: the rules a scaled range, the dashboards Grafana's
// $__rate_interval.
import { JOBS } from "../catalog";
import { parseDuration } from "../timing";
import type { VigilConfig } from "./schema";

/**
 * A double-quoted string literal for a value from config (a label value, a route), valid
 * in PromQL and in Go templates alike: both read JSON's escapes, so no value can end the
 * string early.
 */
export function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * A 5xx status, whether the label holds the code ("503") or the class ("5xx", how
 * prometheus-fastapi-instrumentator groups codes by default). PromQL regexes are anchored,
 * so "5([0-9][0-9]|xx)" matches whole values only: not "500x", not "15xx".
 */
const SERVER_ERROR_STATUS = "5([0-9][0-9]|xx)";

/** The application's HTTP metrics (config.app.httpMetrics), selected by its job. */
export interface AppHttp {
  /** The job (and status-page component) the application's targets are scraped as (config.app.name). */
  job: string;
  /** The label holding the route template. */
  routeLabel: string;
  methodLabel: string;
  statusLabel: string;
  /** Matcher for answers with a 5xx status (code or class), the SLO's "bad" events. */
  serverErrors: string;
  /** Matchers for one route, or for every route but one. */
  routeIs(route: string): string;
  routeIsNot(route: string): string;
  /** The request counter, selected by job plus `matchers`. */
  requests(matchers?: string[]): string;
  /** The duration histogram's buckets (seconds), selected by job plus `matchers`. */
  buckets(matchers?: string[]): string;
}

/**
 * node_exporter's real disks: pseudo and in-memory filesystems (tmpfs, overlay layers of
 * containers, squashfs snaps) fill and empty by design, and are excluded. Config does not
 * choose them, so they are a constant rather than part of selectors(config).
 */
export const HOST_FILESYSTEMS: readonly string[] = [
  `job=${quoted(JOBS.node)}`,
  'fstype!~"tmpfs|ramfs|devtmpfs|overlay|squashfs|iso9660|nsfs|autofs|fuse.lxcfs"',
  'mountpoint!~"/(run|var/lib/docker)/.*"',
];

/**
 * The windows the SLO group records the error ratio over: the burn-rate alerts' long and
 * short windows, and 1d/3d for dashboards. Names carry the production window; the `fast`
 * timing scales the range itself, so what dashboards and alerts select stays the same.
 */
export const SLO_WINDOWS = ["5m", "30m", "1h", "6h", "1d", "3d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/**
 * The recording rule of the error ratio over `window`, named after the SRE workbook
 * (`level:metric:operations`): the share of the application's requests answered 5xx.
 */
export function errorRatioRecord(window: SloWindow): string {
  return `job:slo_errors_per_request:ratio_rate${window}`;
}

/** A multiwindow burn rate: the budget burns this fast over both windows. */
export interface BurnRate {
  /** How many times faster than "exactly the budget over the SLO window". */
  burnRate: number;
  long: SloWindow;
  short: SloWindow;
}

/**
 * The workbook's page (2% of a 30-day budget in 1h) and ticket (5% in 6h), as in "Alerting
 * on SLOs", table 5-8: the alerts fire at them and the dashboards draw them.
 */
export const BURN_RATES: Record<"page" | "ticket", BurnRate> = {
  page: { burnRate: 14.4, long: "1h", short: "5m" },
  ticket: { burnRate: 6, long: "6h", short: "30m" },
};

/** The availability SLO (config.alerts.slo) with the values derived from it. */
export interface Slo {
  /** The share of requests that must not be answered 5xx. */
  target: number;
  /** 1 - target: the share of requests allowed to fail. */
  budget: number;
  /** The window the budget is counted over. */
  window: string;
  /** The application's recorded error ratio over `window` (errorRatioRecord). */
  errorRatio(window: SloWindow): string;
  /**
   * The droplet keeps less than `window` and a long-term store holds it: what shows the
   * whole window reads from the store (config validation refuses the short retention without one).
   */
  fromLongTermStore: boolean;
}

/** What both rules and dashboards take from config to build their queries. */
export interface Selectors {
  http: AppHttp;
  slo: Slo;
}

export function selectors(config: VigilConfig): Selectors {
  const metrics = config.app.httpMetrics;
  const job = `job=${quoted(config.app.name)}`;
  const select = (metric: string, matchers: string[]) => `${metric}{${[job, ...matchers].join(", ")}}`;
  const { availabilityTarget, window } = config.alerts.slo;
  return {
    http: {
      job: config.app.name,
      routeLabel: metrics.routeLabel,
      methodLabel: metrics.methodLabel,
      statusLabel: metrics.statusLabel,
      serverErrors: `${metrics.statusLabel}=~${quoted(SERVER_ERROR_STATUS)}`,
      routeIs: (route) => `${metrics.routeLabel}=${quoted(route)}`,
      routeIsNot: (route) => `${metrics.routeLabel}!=${quoted(route)}`,
      requests: (matchers = []) => select(metrics.requestsTotal, matchers),
      buckets: (matchers = []) => select(`${metrics.requestDuration}_bucket`, matchers),
    },
    slo: {
      target: availabilityTarget,
      // 1 - 0.999 is 0.0010000000000000009 in floating point; queries should read 0.001.
      budget: Number((1 - availabilityTarget).toPrecision(12)),
      window,
      errorRatio: (recorded) => select(errorRatioRecord(recorded), []),
      fromLongTermStore: config.prometheus.longTermStore !== undefined && parseDuration(config.prometheus.retention) < parseDuration(window),
    },
  };
}
