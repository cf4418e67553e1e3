import {
  alertsToAlertmanagerTimeseries,
  configReloadStat,
  headSeriesTimeseries,
  notificationsTimeseries,
  retentionStat,
  ruleEvaluationFailuresTimeseries,
  ruleGroupDurationTimeseries,
  scrapeDurationTimeseries,
  statusPublishAgeStat,
  statusPublishFailuresTimeseries,
  targetsUpBargauge,
  targetsUpStat,
  tsdbSizeTimeseries,
} from "./areas/monitoring";
import type { DashboardDefinition } from "./defaults";
import { row } from "./panels";

// The monitoring stack watching itself: the self alerts (TargetDown…) link here.

export const monitoringDashboard: DashboardDefinition = {
  file: "monitoring",
  title: "Monitoring health",
  layout(board, config) {
    return board
      .withRow(row("Now"))
      .withPanel(targetsUpStat())
      .withPanel(configReloadStat())
      .withPanel(retentionStat(config))
      .withPanel(statusPublishAgeStat())
      .withRow(row("Scrapes"))
      .withPanel(targetsUpBargauge())
      .withPanel(scrapeDurationTimeseries())
      .withRow(row("Rules and notifications"))
      .withPanel(ruleEvaluationFailuresTimeseries())
      .withPanel(ruleGroupDurationTimeseries())
      .withPanel(alertsToAlertmanagerTimeseries())
      .withPanel(notificationsTimeseries())
      .withRow(row("Storage"))
      .withPanel(tsdbSizeTimeseries())
      .withPanel(headSeriesTimeseries())
      .withRow(row("Status page"))
      .withPanel(statusPublishFailuresTimeseries().span(24));
  },
};
