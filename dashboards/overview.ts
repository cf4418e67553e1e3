import { selectors } from "../core/config/selectors";
import { saturationTimeseries } from "./areas/host";
import { errorRatioTimeseries, latencyTimeseries, requestRateTimeseries } from "./areas/http";
import { errorBudgetRemainingStat } from "./areas/slo";
import {
  componentStatusStat,
  firingAlertsStat,
  firingAlertsTable,
  probeDurationTimeseries,
  publicEndpointStat,
  tlsCertificateExpiryStat,
} from "./areas/status";
import type { DashboardDefinition } from "./defaults";
import { dashboardLink } from "./defaults";
import { row } from "./panels";

// The first screen an operator opens at 3 a.m.: what users see, the four golden signals,
// what is firing, and a way into every other dashboard.

export const overviewDashboard: DashboardDefinition = {
  file: "overview",
  title: "Overview",
  layout(board, config, others) {
    const { http, slo: objective } = selectors(config);
    board
      .withRow(row("What users see"))
      .withPanel(componentStatusStat())
      .withPanel(publicEndpointStat())
      .withPanel(errorBudgetRemainingStat(http, objective))
      .withRow(row("Golden signals"))
      .withPanel(requestRateTimeseries(http))
      .withPanel(errorRatioTimeseries(http, config))
      .withPanel(latencyTimeseries(http, config))
      .withPanel(saturationTimeseries(config))
      .withRow(row("Alerts"))
      .withPanel(firingAlertsTable())
      .withPanel(firingAlertsStat("critical").height(8))
      .withPanel(firingAlertsStat("warning").height(8))
      .withRow(row("Public endpoint"))
      .withPanel(probeDurationTimeseries(config).span(18))
      .withPanel(tlsCertificateExpiryStat(config).height(8));
    for (const other of others) board.link(dashboardLink(config, other));
    return board;
  },
  lintExceptions: [
    {
      rule: "target-rate-interval",
      panel: "Error budget remaining",
      reason: "the error budget is counted over the SLO window (config alerts.slo.window), not over the time picker's range",
    },
  ],
};
