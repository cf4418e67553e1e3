import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import type { AppHttp } from "../../core/config/selectors";
import {
  bargaugePanel,
  heatmapPanel,
  instantQuery,
  limitSteps,
  limitTimeseriesPanel,
  promQuery,
  risingSteps,
  stacked,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
} from "../panels";
import { histogramQuantile, increase, legend, requestRate, serverErrorRatio, sumBy } from "../queries";

// The application's HTTP traffic: the golden signals of the overview and the API
// performance dashboard, from config.app.httpMetrics.

const PERCENTILES = [0.5, 0.95, 0.99] as const;

const percentile = (quantile: number) => `p${Math.round(quantile * 100)}`;

export function requestRateTimeseries(http: AppHttp) {
  return timeseriesPanel(
    {
      title: "Traffic",
      description: "Requests per second served by the application, by HTTP method.",
      unit: units.RequestsPerSecond,
    },
    [promQuery(requestRate(http, [http.methodLabel]), legend(http.methodLabel))],
  );
}

export function requestRateStat(http: AppHttp) {
  return statPanel(
    {
      title: "Requests per second",
      description: "Requests per second served by the application right now, all routes together.",
      unit: units.RequestsPerSecond,
    },
    instantQuery(requestRate(http)),
  );
}

export function requestRateByRouteTimeseries(http: AppHttp) {
  return timeseriesPanel(
    {
      title: "Request rate by route",
      description: "Requests per second per route template; a route that suddenly dominates explains load elsewhere.",
      unit: units.RequestsPerSecond,
    },
    [promQuery(requestRate(http, [http.routeLabel]), legend(http.routeLabel))],
  );
}

export function errorRatioTimeseries(http: AppHttp, config: VigilConfig) {
  const threshold = config.alerts.application.errorRatio;
  return limitTimeseriesPanel(
    {
      title: "Errors",
      description: `Share of requests answered with a 5xx status; HighErrorRate fires above ${threshold * 100}% (dashed line).`,
      unit: units.PercentUnit,
    },
    [promQuery(serverErrorRatio(http), "5xx ratio")],
    limitSteps(threshold),
  ).min(0);
}

export function errorRatioStat(http: AppHttp, config: VigilConfig) {
  const threshold = config.alerts.application.errorRatio;
  return statPanel(
    {
      title: "Error ratio",
      description: "Share of requests answered with a 5xx status right now; red at the HighErrorRate threshold.",
      unit: units.PercentUnit,
    },
    instantQuery(serverErrorRatio(http)),
  ).thresholds(thresholds(limitSteps(threshold)));
}

export function errorRatioByRouteTimeseries(http: AppHttp) {
  return timeseriesPanel(
    {
      title: "Error ratio by route",
      description: "Share of each route's requests answered with a 5xx status: which route is failing.",
      unit: units.PercentUnit,
    },
    [promQuery(serverErrorRatio(http, [http.routeLabel]), legend(http.routeLabel))],
  ).min(0);
}

export function statusCodesTimeseries(http: AppHttp) {
  return timeseriesPanel(
    {
      title: "Responses by status",
      description: "Responses per second by status (code or class, as the application labels it), stacked.",
      unit: units.RequestsPerSecond,
    },
    [promQuery(requestRate(http, [http.statusLabel]), legend(http.statusLabel))],
  ).stacking(stacked());
}

export function latencyTimeseries(http: AppHttp, config: VigilConfig) {
  const threshold = config.alerts.application.latencyP95Seconds;
  return limitTimeseriesPanel(
    {
      title: "Latency",
      description: `Request duration percentiles across all routes; HighLatencyP95 fires when p95 stays above ${threshold} s (dashed line).`,
      unit: units.Seconds,
    },
    PERCENTILES.map((quantile) => promQuery(histogramQuantile(quantile, http.buckets()), percentile(quantile))),
    limitSteps(threshold),
  );
}

export function latencyP95Stat(http: AppHttp, config: VigilConfig) {
  const threshold = config.alerts.application.latencyP95Seconds;
  return statPanel(
    {
      title: "p95 latency",
      description: "95th percentile of request duration across all routes right now; red at the HighLatencyP95 threshold.",
      unit: units.Seconds,
    },
    instantQuery(histogramQuantile(0.95, http.buckets())),
  ).thresholds(thresholds(risingSteps(threshold * 0.8, threshold)));
}

export function latencyByRouteTimeseries(http: AppHttp, quantile: (typeof PERCENTILES)[number]) {
  return timeseriesPanel(
    {
      title: `${percentile(quantile)} latency by route`,
      description: `The ${percentile(quantile)} request duration of each route template.`,
      unit: units.Seconds,
    },
    [promQuery(histogramQuantile(quantile, http.buckets(), [http.routeLabel]), legend(http.routeLabel))],
  ).span(8);
}

export const LATENCY_PERCENTILES = PERCENTILES;

export function slowestRoutesBargauge(http: AppHttp, config: VigilConfig) {
  const threshold = config.alerts.application.latencyP95Seconds;
  return bargaugePanel(
    {
      title: "Ten slowest routes",
      description: "The ten routes with the highest p95 request duration right now, slowest first.",
      unit: units.Seconds,
    },
    [
      promQuery(
        `topk(10, ${histogramQuantile(0.95, http.buckets(), [http.routeLabel])})`,
        legend(http.routeLabel),
      ),
    ],
  ).thresholds(thresholds(risingSteps(threshold * 0.8, threshold)));
}

export function latencyPercentilesTable(http: AppHttp) {
  return tablePanel(
    {
      title: "Latency percentiles by route",
      description: "p50, p95 and p99 request duration of every route right now, one row per route.",
      unit: units.Seconds,
    },
    PERCENTILES.map((quantile) => instantQuery(histogramQuantile(quantile, http.buckets(), [http.routeLabel]))),
  )
    .withTransformation({ id: "merge", options: {} })
    .withTransformation({
      id: "organize",
      options: {
        excludeByName: { Time: true },
        renameByName: Object.fromEntries(
          PERCENTILES.map((quantile, index) => [`Value #${"ABC"[index]}`, percentile(quantile)]),
        ),
      },
    });
}

export function latencyHeatmap(http: AppHttp) {
  return heatmapPanel(
    {
      title: "Latency distribution",
      description: "How many requests fell in each duration bucket over time; a second band appearing is a new slow path.",
      unit: units.Seconds,
    },
    promQuery(sumBy(["le"], increase(http.buckets()))),
  );
}
