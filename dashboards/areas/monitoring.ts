import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import { EXPORTER_METRICS } from "../../core/exporter/contract";
import { parseDuration } from "../../core/timing";
import {
  bargaugePanel,
  instantQuery,
  promQuery,
  ratesTimeseriesPanel,
  risingSteps,
  statPanel,
  thresholds,
  timeseriesPanel,
  UP_STEPS,
  valueMappings,
} from "../panels";
import { increase, jobIs, legend, rate, selector, sumBy } from "../queries";

// The monitoring stack watching itself: are the targets scraped, are rules evaluated,
// do notifications get out, how big is the TSDB, is the status page published.

const PROMETHEUS = [jobIs("prometheus")];
const ALERTMANAGER = [jobIs("alertmanager")];

export function targetsUpBargauge() {
  return bargaugePanel(
    {
      title: "Targets up by job",
      description: "Share of each job's targets that answered their last scrape; below 100% that job's panels and alerts are blind.",
      unit: units.PercentUnit,
    },
    [promQuery("avg by (job) (up)", legend("job"))],
  )
    .min(0)
    .max(1)
    .thresholds(thresholds(UP_STEPS));
}

export function targetsUpStat() {
  return statPanel(
    {
      title: "Targets up",
      description: "Share of all scrape targets that answered their last scrape; below 100% something is not watched.",
      unit: units.PercentUnit,
    },
    instantQuery("avg(up)"),
  ).thresholds(thresholds(UP_STEPS));
}

export function scrapeDurationTimeseries() {
  return timeseriesPanel(
    {
      title: "Scrape duration",
      description: "How long each job's slowest target took to answer a scrape; a scrape that nears its timeout gets dropped.",
      unit: units.Seconds,
    },
    [promQuery("max by (job) (scrape_duration_seconds)", legend("job"))],
  ).min(0);
}

export function ruleEvaluationFailuresTimeseries() {
  return timeseriesPanel(
    {
      title: "Rule evaluation failures",
      description: "Rule evaluations that failed per second, by group; a failing alert rule cannot fire.",
      unit: units.OpsPerSecond,
    },
    [
      promQuery(
        sumBy(["rule_group"], rate(selector("prometheus_rule_evaluation_failures_total", PROMETHEUS))),
        legend("rule_group"),
      ),
    ],
  ).min(0);
}

export function ruleGroupDurationTimeseries() {
  return timeseriesPanel(
    {
      title: "Rule group evaluation time",
      description: "How long each rule group's last evaluation took; it must stay well under the evaluation interval.",
      unit: units.Seconds,
    },
    [promQuery(`max by (rule_group) (${selector("prometheus_rule_group_last_duration_seconds", PROMETHEUS)})`, legend("rule_group"))],
  ).min(0);
}

export function alertsToAlertmanagerTimeseries() {
  return ratesTimeseriesPanel(
    {
      title: "Alerts sent to Alertmanager",
      description: "Alerts Prometheus sent to Alertmanager per second, and those that failed or were dropped on the way.",
      unit: units.OpsPerSecond,
    },
    [],
    PROMETHEUS,
    [
      ["prometheus_notifications_sent_total", "sent"],
      ["prometheus_notifications_errors_total", "errors"],
      ["prometheus_notifications_dropped_total", "dropped"],
    ],
  );
}

export function notificationsTimeseries() {
  return ratesTimeseriesPanel(
    {
      title: "Notifications",
      description: "Notifications Alertmanager sent per second by integration (PagerDuty, Slack, email, webhook), and those that failed.",
      unit: units.OpsPerSecond,
    },
    ["integration"],
    ALERTMANAGER,
    [
      ["alertmanager_notifications_total", "sent {{integration}}"],
      ["alertmanager_notifications_failed_total", "failed {{integration}}"],
    ],
  );
}

export function configReloadStat() {
  return statPanel(
    {
      title: "Configs loaded",
      description: "Whether Prometheus and Alertmanager loaded their last configuration; a failed reload keeps the old one running.",
      unit: units.NoUnit,
    },
    instantQuery(
      `min(${selector("prometheus_config_last_reload_successful", PROMETHEUS)}) * min(${selector("alertmanager_config_last_reload_successful", ALERTMANAGER)})`,
    ),
  )
    .mappings(valueMappings([
      [0, "failed", "red"],
      [1, "loaded", "green"],
    ]))
    .thresholds(thresholds(UP_STEPS));
}

export function tsdbSizeTimeseries() {
  return timeseriesPanel(
    {
      title: "TSDB size",
      description: "Bytes of persisted blocks on the data volume; the head (the last hours, in memory and WAL) comes on top.",
      unit: units.BytesIEC,
    },
    [promQuery(sumBy([], selector("prometheus_tsdb_storage_blocks_bytes", PROMETHEUS)), "blocks")],
  ).min(0);
}

export function headSeriesTimeseries() {
  return timeseriesPanel(
    {
      title: "Series in memory",
      description: "Active series in the TSDB head; a jump means a new label value per request somewhere (cardinality).",
      unit: units.Short,
    },
    [promQuery(sumBy([], selector("prometheus_tsdb_head_series", PROMETHEUS)), "series")],
  ).min(0);
}

export function retentionStat(config: VigilConfig) {
  const retention = parseDuration(config.prometheus.retention);
  return statPanel(
    {
      title: "Oldest sample",
      description: `Age of the oldest sample Prometheus still holds; retention is ${config.prometheus.retention}, so it should level off there.`,
      unit: units.DurationSeconds,
    },
    instantQuery(`time() - min(${selector("prometheus_tsdb_lowest_timestamp_seconds", PROMETHEUS)})`),
  ).thresholds(thresholds(risingSteps(retention * 1.1, retention * 1.5)));
}

export function statusPublishAgeStat() {
  return statPanel(
    {
      title: "Status page published",
      description: "Time since the status page was last published to Spaces; the page goes stale for visitors if this keeps growing.",
      unit: units.Seconds,
    },
    instantQuery(`time() - max(${selector(EXPORTER_METRICS.statusPublishLastSuccess, [jobIs("vigilExporter")])})`),
  ).thresholds(thresholds(risingSteps(300, 900)));
}

export function statusPublishFailuresTimeseries() {
  return timeseriesPanel(
    {
      title: "Status page publish failures",
      description: "Publishes of the status page that failed after their retries; StatusPagePublishFailing fires on these.",
      unit: units.Short,
    },
    [
      promQuery(
        sumBy([], increase(selector(EXPORTER_METRICS.statusPublishFailures, [jobIs("vigilExporter")]))),
        "failures",
      ),
    ],
  ).min(0);
}
