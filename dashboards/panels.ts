import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { rate, selector, sumBy } from "./queries";

// Shared factories for every dashboard (grafana-foundation-sdk's common.ts): the data
// source variable, the query helper bound to it, and one factory per panel kind with the
// defaults every vigil panel shares. Area modules (areas/) name panels; dashboard files
// lay them out.

/** Every panel and query reads from the `datasource` variable, never a fixed uid. */
export const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: "${datasource}" };

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus");
}

/** A range query; `legend` is a Grafana legend template such as "{{handler}}". */
export function promQuery(expr: string, legend = ""): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).legendFormat(legend || "__auto");
}

/** A query evaluated once, at the end of the time range (stats, tables, gauges). */
export function instantQuery(expr: string, legend = ""): prometheus.DataqueryBuilder {
  return promQuery(expr, legend).instant();
}

/** What every panel must say: the lint checks that none is empty. */
export interface PanelText {
  title: string;
  /** One plain sentence or two: what the panel shows and what to look for. */
  description: string;
  /** A Grafana unit (use the constants of @grafana/grafana-foundation-sdk/units). */
  unit: string;
}

/** Value ranges that colour a panel: `[[null, "green"], [0.8, "orange"], [0.9, "red"]]`. */
export type Steps = Array<[number | null, string]>;

export function thresholds(steps: Steps): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

/** Green until `warning`, orange until `critical`, red above: the usual "fuller is worse". */
export function risingSteps(warning: number, critical: number): Steps {
  return [
    [null, "green"],
    [warning, "orange"],
    [critical, "red"],
  ];
}

/** Green below `threshold`, red from it: a single limit (an alert threshold). */
export function limitSteps(threshold: number): Steps {
  return [
    [null, "green"],
    [threshold, "red"],
  ];
}

/** Red until 1, green at 1: "up" (0 or 1) signals and shares that must be whole. */
export const UP_STEPS: Steps = [
  [null, "red"],
  [1, "green"],
];

/** Red below `critical`, orange below `warning`, green above: "emptier is worse". */
export function fallingSteps(critical: number, warning: number): Steps {
  return [
    [null, "red"],
    [critical, "orange"],
    [warning, "green"],
  ];
}

/** Value → text and colour, e.g. 0 → "operational" (green). */
export function valueMappings(entries: Array<[number, string, string]>): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: Object.fromEntries(
        entries.map(([value, text, color], index) => [String(value), { text, color, index }]),
      ),
    },
  ];
}

/** Series stacked on each other (parts of a whole: modes, status classes). */
export function stacked(): common.StackingConfigBuilder {
  return new common.StackingConfigBuilder().mode(common.StackingMode.Normal);
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

function withTargets<T extends { withTarget(target: cog.Builder<cog.Dataquery>): T }>(
  panel: T,
  queries: Array<cog.Builder<cog.Dataquery>>,
): T {
  queries.forEach((query) => panel.withTarget(query));
  return panel;
}

/** Lines over time; 12 columns by 8 rows unless the layout says otherwise (Prometheus's unless `datasource` says). */
export function timeseriesPanel(
  text: PanelText,
  queries: Array<cog.Builder<cog.Dataquery>>,
  datasource: common.DataSourceRef = DATASOURCE,
): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(datasource)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).showLegend(true))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
    .height(8)
    .span(12);
  return withTargets(panel, queries);
}

/**
 * Per-second rates of a few related counters on one panel (sent and failed, commits and
 * rollbacks), each with its legend: `sum by (by) (rate(metric{matchers}[…]))`.
 */
export function ratesTimeseriesPanel(
  text: PanelText,
  by: string[],
  matchers: string[],
  counters: Array<[metric: string, legend: string]>,
): timeseries.PanelBuilder {
  return timeseriesPanel(
    text,
    counters.map(([metric, legend]) => promQuery(sumBy(by, rate(selector(metric, matchers))), legend)),
  ).min(0);
}

/** Field overrides that draw a series as a dashed red line: a limit such as max_connections. */
export function limitLineOverride(): dashboard.DynamicConfigValue[] {
  return [
    { id: "custom.lineStyle", value: { fill: "dash", dash: [10, 10] } },
    { id: "color", value: { mode: "fixed", fixedColor: "red" } },
  ];
}

/** A timeseries that draws its thresholds as dashed lines (limits, alert thresholds). */
export function limitTimeseriesPanel(
  text: PanelText,
  queries: prometheus.DataqueryBuilder[],
  steps: Steps,
): timeseries.PanelBuilder {
  return timeseriesPanel(text, queries)
    .thresholds(thresholds(steps))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed));
}

/** One big number, the last value of an instant query; 6 columns by 4 rows. */
export function statPanel(text: PanelText, query: prometheus.DataqueryBuilder): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .withTarget(query.instant())
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .height(4)
    .span(6);
}

/** Whether a dependency is up: `expr` is 1 (up) or 0 (down), shown as "up"/"down". */
export function upStat(text: PanelText, expr: string): stat.PanelBuilder {
  return statPanel(text, instantQuery(expr))
    .mappings(valueMappings([
      [0, "down", "red"],
      [1, "up", "green"],
    ]))
    .thresholds(thresholds(UP_STEPS));
}

/** Horizontal bars, one per series (ranked lists, distributions); instant queries. */
export function bargaugePanel(text: PanelText, queries: prometheus.DataqueryBuilder[]): bargauge.PanelBuilder {
  const panel = new bargauge.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .height(8)
    .span(12);
  return withTargets(panel, queries.map((query) => query.instant()));
}

/** Shares of a whole (e.g. accounts per tier); instant queries. */
export function piechartPanel(text: PanelText, queries: prometheus.DataqueryBuilder[]): piechart.PanelBuilder {
  const panel = new piechart.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .pieType(piechart.PieChartType.Donut)
    .displayLabels([piechart.PieChartLabels.Name, piechart.PieChartLabels.Percent])
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]))
    .height(8)
    .span(12);
  return withTargets(panel, queries.map((query) => query.instant()));
}

/** A table of the series of instant queries, one row per series, labels as columns. */
export function tablePanel(text: PanelText, queries: prometheus.DataqueryBuilder[]): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .cellHeight(common.TableCellHeight.Sm)
    .height(8)
    .span(12);
  return withTargets(
    panel,
    queries.map((query) => query.instant().format(prometheus.PromQueryFormat.Table)),
  );
}

/** Histogram buckets over time: `expr` must be `sum by (le) (increase(…_bucket[…]))`. */
export function heatmapPanel(text: PanelText, query: prometheus.DataqueryBuilder): heatmap.PanelBuilder {
  return new heatmap.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .withTarget(query.format(prometheus.PromQueryFormat.Heatmap).legendFormat("{{le}}"))
    .calculate(false)
    .color(new heatmap.HeatmapColorOptionsBuilder().mode(heatmap.HeatmapColorMode.Scheme).scheme("Oranges").steps(64))
    .yAxis(new heatmap.YAxisConfigBuilder().unit(text.unit))
    .cellGap(1)
    .height(8)
    .span(12);
}
