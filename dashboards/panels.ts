import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

// Shared factories for every dashboard: the data source variable, the query helper bound
// to it, and panel defaults. Dashboard files hold layout only.

/** Every panel and query reads from the `datasource` variable, never a fixed uid. */
export const DATASOURCE: common.DataSourceRef = { type: "prometheus", uid: "${datasource}" };

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder("datasource").label("Data source").type("prometheus");
}

export function promQuery(expr: string, legend = ""): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCE).expr(expr).legendFormat(legend || "__auto");
}

interface PanelText {
  title: string;
  /** One plain sentence on what the panel shows and what to look for. */
  description: string;
  unit: string;
}

export function timeseriesPanel(text: PanelText, queries: prometheus.DataqueryBuilder[]): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .height(8)
    .span(12);
  queries.forEach((query) => panel.withTarget(query));
  return panel;
}

export function statPanel(text: PanelText, query: prometheus.DataqueryBuilder): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCE)
    .withTarget(query.instant())
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .height(4)
    .span(6);
}
