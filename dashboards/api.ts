import { selectors } from "../core/config/selectors";
import {
  errorRatioByRouteTimeseries,
  errorRatioStat,
  errorRatioTimeseries,
  LATENCY_PERCENTILES,
  latencyByRouteTimeseries,
  latencyHeatmap,
  latencyP95Stat,
  latencyPercentilesTable,
  requestRateByRouteTimeseries,
  requestRateStat,
  slowestRoutesBargauge,
  statusCodesTimeseries,
} from "./areas/http";
import type { DashboardDefinition } from "./defaults";
import { applicationLogsDataLink, applicationLogsLink } from "./defaults";
import { row } from "./panels";

// The application's API, route by route: where the traffic goes, which route fails, which
// is slow. The application alerts (HighErrorRate, HighLatencyP95…) link here; it links to the
// application's logs over its time range, and from the error panels around a moment clicked.

export const apiDashboard: DashboardDefinition = {
  file: "api",
  title: "API performance",
  layout(board, config) {
    const { http } = selectors(config);
    board
      .link(applicationLogsLink(config))
      .withRow(row("Now"))
      .withPanel(requestRateStat(http).span(8))
      .withPanel(errorRatioStat(http, config).span(8))
      .withPanel(latencyP95Stat(http, config).span(8))
      .withRow(row("Traffic"))
      .withPanel(requestRateByRouteTimeseries(http))
      .withPanel(statusCodesTimeseries(http))
      .withRow(row("Errors"))
      .withPanel(errorRatioTimeseries(http, config).dataLinks([applicationLogsDataLink(config)]))
      .withPanel(errorRatioByRouteTimeseries(http).dataLinks([applicationLogsDataLink(config)]))
      .withRow(row("Latency"));
    for (const quantile of LATENCY_PERCENTILES) board.withPanel(latencyByRouteTimeseries(http, quantile));
    return board
      .withPanel(slowestRoutesBargauge(http, config))
      .withPanel(latencyHeatmap(http))
      .withPanel(latencyPercentilesTable(http).span(24));
  },
};
