import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import { EXPORTER_METRICS, SAAS_PRESET_METRICS } from "../../core/exporter/contract";
import {
  bargaugePanel,
  instantQuery,
  limitSteps,
  limitTimeseriesPanel,
  piechartPanel,
  promQuery,
  risingSteps,
  statPanel,
  thresholds,
  timeseriesPanel,
} from "../panels";
import { formatDuration, parseDuration } from "../../core/timing";
import { histogramQuantile, increase, jobIs, legend, rate, ratioOrZero, selector, sumBy } from "../queries";

// Business KPIs served by the vigil exporter: the standard SaaS preset's metrics (names
// from core/exporter/contract.ts), one panel per metric the config declares, and the health of
// the queries behind them.

const EXPORTER = [jobIs("vigilExporter")];
const preset = (key: keyof typeof SAAS_PRESET_METRICS) => selector(SAAS_PRESET_METRICS[key], EXPORTER);

/** Count over the previous 24 hours: the unit product people read, whatever the zoom. */
const lastDay = (series: string) => sumBy([], increase(series, "1d"));

export function registrationsTimeseries() {
  return timeseriesPanel(
    {
      title: "Registrations per day",
      description: "Accounts registered in the 24 hours before each point; compare with the same day last week for a drop.",
      unit: units.Short,
    },
    [promQuery(lastDay(preset("registrations")), "registrations, last 24 h")],
  ).min(0);
}

export function activeUsersTimeseries() {
  return timeseriesPanel(
    {
      title: "Active users",
      description: "Distinct users active in the last day (DAU) and the last 30 days (MAU).",
      unit: units.Short,
    },
    [
      promQuery(sumBy([], preset("dailyActiveUsers")), "daily active"),
      promQuery(sumBy([], preset("monthlyActiveUsers")), "monthly active"),
    ],
  ).min(0);
}

export function dailyActiveUsersStat() {
  return statPanel(
    {
      title: "Daily active users",
      description: "Distinct users active in the last 24 hours.",
      unit: units.Short,
    },
    instantQuery(sumBy([], preset("dailyActiveUsers"))),
  );
}

export function analysesTimeseries() {
  return timeseriesPanel(
    {
      title: "Analyses per day",
      description: "Analyses run (the product's unit of use) in the 24 hours before each point.",
      unit: units.Short,
    },
    [promQuery(lastDay(preset("analysesRun")), "analyses, last 24 h")],
  ).min(0);
}

export function tierDistributionPiechart() {
  return piechartPanel(
    {
      title: "Accounts by tier",
      description: "How the accounts are spread over the free, basic and premium tiers.",
      unit: units.Short,
    },
    [promQuery(sumBy(["tier"], preset("accountsByTier")), legend("tier"))],
  ).span(8);
}

export function conversionFunnelBargauge() {
  return bargaugePanel(
    {
      title: "Conversion funnel",
      description: "Upgrades in the last 30 days, step by step: free → basic, basic → premium (and free → premium directly).",
      unit: units.Short,
    },
    [promQuery(sumBy(["from", "to"], increase(preset("tierUpgrades"), "30d")), "{{from}} → {{to}}")],
  ).span(8);
}

export function paymentFailuresTimeseries(config: VigilConfig) {
  const threshold = config.alerts.business.paymentFailuresPerHour;
  return limitTimeseriesPanel(
    {
      title: "Payment failures per hour",
      description: `Payments that failed in the hour before each point; PaymentFailuresHigh fires above ${threshold} (dashed line).`,
      unit: units.Short,
    },
    [promQuery(sumBy([], increase(preset("paymentsFailed"), "1h")), "failed, last hour")],
    limitSteps(threshold),
  ).min(0);
}

export function paymentFailureShareTimeseries() {
  const failed = lastDay(preset("paymentsFailed"));
  const all = `(${failed} + ${lastDay(preset("paymentsSucceeded"))})`;
  return timeseriesPanel(
    {
      title: "Payment failure share",
      description: "Share of the payments of the 24 hours before each point that failed: a card-processor problem shows here before the revenue does.",
      unit: units.PercentUnit,
    },
    [promQuery(ratioOrZero(failed, all), "failed share, last 24 h")],
  ).min(0);
}

export function mrrStat() {
  return statPanel(
    {
      title: "MRR",
      description: "Monthly recurring revenue: the paying accounts' monthly prices summed, in the account currency.",
      unit: units.Short,
    },
    instantQuery(sumBy([], preset("monthlyRecurringRevenue"))),
  ).span(4);
}

export function mrrTimeseries() {
  return timeseriesPanel(
    {
      title: "Monthly recurring revenue",
      description: "MRR over time, in the account currency.",
      unit: units.Short,
    },
    [promQuery(sumBy([], preset("monthlyRecurringRevenue")), "MRR")],
  );
}

export function apiQuotaStat(config: VigilConfig) {
  const threshold = config.alerts.business.quotaRatio;
  return statPanel(
    {
      title: "API quota used",
      description: `Share of the API quota used this period; ApiQuotaNearlyExhausted fires above ${threshold * 100}%.`,
      unit: units.PercentUnit,
    },
    instantQuery(`max(${preset("apiQuotaUsedRatio")})`),
  )
    .thresholds(thresholds(risingSteps(threshold * 0.8, threshold)))
    .span(4);
}

/** A metric the config declares (business.sql, business.redis, business.events, alerts.business). */
export interface DeclaredMetric {
  name: string;
  help: string;
  type: "gauge" | "counter";
  labels: string[];
}

export function declaredMetrics(config: VigilConfig): DeclaredMetric[] {
  const business = config.business;
  const declared: DeclaredMetric[] = [
    ...(business?.sql ?? []).map(({ name, help, type, labels }) => ({ name, help, type, labels })),
    ...(business?.redis ?? []).map(({ name, help }) => ({ name, help, type: "gauge" as const, labels: [] })),
    ...(business?.events ?? []).map(({ name, help, labels }) => ({ name, help, type: "counter" as const, labels })),
  ];
  // Metrics the business alerts watch (served by the application, or preset names while
  // the preset is off), unless a panel already shows them.
  const alerted = config.alerts.business;
  const presetNames = new Set<string>(Object.values(SAAS_PRESET_METRICS));
  const shown = new Set([...declared.map((metric) => metric.name), ...(business?.saasPreset ? presetNames : [])]);
  const extra: Array<[string | undefined, DeclaredMetric["type"], string]> = [
    [alerted.paymentFailuresMetric, "counter", "Failed payments (watched by PaymentFailuresHigh)."],
    [alerted.signupsMetric, "counter", "Registrations (watched by SignupsDropped)."],
    [alerted.quotaUsedRatioMetric, "gauge", "Share of the API quota used (watched by ApiQuotaNearlyExhausted)."],
  ];
  for (const [name, type, help] of extra) {
    if (name && !shown.has(name)) {
      declared.push({ name, help, type, labels: [] });
    }
  }
  return declared;
}

/** One panel per declared metric: counters as a rate, gauges as they are. */
export function declaredMetricTimeseries(metric: DeclaredMetric) {
  const expr = metric.type === "counter" ? sumBy(metric.labels, rate(metric.name)) : sumBy(metric.labels, metric.name);
  return timeseriesPanel(
    {
      title: metric.name,
      description: metric.type === "counter" ? `${metric.help} Per second.` : metric.help,
      unit: metric.type === "counter" ? units.OpsPerSecond : units.Short,
    },
    [promQuery(expr, metric.labels.length > 0 ? legend(...metric.labels) : metric.name)],
  ).span(8);
}

/**
 * The longest interval of the business queries: their panels' minimum interval, so that
 * $__rate_interval always spans at least one run (a query runs once a minute, not once a
 * scrape, and a shorter rate window would mostly see none).
 */
export function businessQueryInterval(config: VigilConfig): string | undefined {
  const business = config.business;
  if (!business) return undefined;
  const intervals = [
    ...(business.saasPreset ? [business.presetInterval] : []),
    ...business.sql.map((metric) => metric.interval),
    ...business.redis.map((metric) => metric.interval),
  ].map(parseDuration);
  return intervals.length > 0 ? formatDuration(Math.max(...intervals)) : undefined;
}

function everyQueryInterval<T extends { interval(interval: string): T }>(panel: T, config: VigilConfig): T {
  const interval = businessQueryInterval(config);
  return interval ? panel.interval(interval) : panel;
}

const QUERY_LAST_SUCCESS = selector(EXPORTER_METRICS.businessQueryLastSuccess, EXPORTER);

export function queryDurationTimeseries(config: VigilConfig) {
  const buckets = selector(`${EXPORTER_METRICS.businessQueryDuration}_bucket`, EXPORTER);
  return everyQueryInterval(
    timeseriesPanel(
      {
        title: "Business query duration",
        description: "p95 time each business metric's query took; one nearing its timeout will soon fail.",
        unit: units.Seconds,
      },
      [promQuery(histogramQuantile(0.95, buckets, ["metric"]), legend("metric"))],
    ).span(8),
    config,
  );
}

export function queryErrorsTimeseries(config: VigilConfig) {
  const errors = sumBy(["metric"], increase(selector(EXPORTER_METRICS.businessQueryErrors, EXPORTER)));
  return everyQueryInterval(
    timeseriesPanel(
      {
        title: "Business query errors",
        description: "Business queries that failed or timed out, by metric; a metric whose query keeps failing goes stale, then disappears.",
        unit: units.Short,
      },
      // A query that never failed has no error series: show it at 0 rather than not at all.
      [promQuery(`${errors} or 0 * group by (metric) (${QUERY_LAST_SUCCESS})`, legend("metric"))],
    ).span(8),
    config,
  );
}

export function queryStalenessTimeseries() {
  return timeseriesPanel(
    {
      title: "Business data age",
      description: "Time since each business metric's query last succeeded: how old the numbers on this dashboard are.",
      unit: units.Seconds,
    },
    [promQuery(`time() - max by (metric) (${QUERY_LAST_SUCCESS})`, legend("metric"))],
  ).span(8);
}
