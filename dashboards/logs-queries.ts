import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { VICTORIA_LOGS_DATASOURCE_TYPE } from "../core/catalog";

// LogsQL queries for VictoriaLogs' Grafana plugin. The foundation SDK has no builder for this
// plugin, so this one writes the query the plugin reads (its src/types.ts, Query): `expr` in
// LogsQL, `queryType` for the API it calls, `maxLines` for log lines, `legendFormat` for
// series. Panels with these queries read from the `logs` variable, as Prometheus's read from
// `datasource`.

/** The Logs data source variable, as every logs panel and query names it. */
export const LOGS_DATASOURCE: common.DataSourceRef = { type: VICTORIA_LOGS_DATASOURCE_TYPE, uid: "${logs}" };

/** The lines a logs query returns: enough to read a request through, few enough for a browser. */
export const LOGS_MAX_LINES = 1000;

/** The plugin's query types (src/types.ts, QueryType), by the VictoriaLogs API each calls. */
export type LogsQueryType =
  /** /select/logsql/query: log lines. */
  | "instant"
  /** /select/logsql/stats_query_range: a `stats` pipe's result over time. */
  | "statsRange";

/** A LogsQL query as the plugin stores it. */
export interface LogsQuery {
  refId?: string;
  datasource: common.DataSourceRef;
  expr: string;
  queryType: LogsQueryType;
  legendFormat?: string;
  maxLines?: number;
}

class LogsQueryBuilder implements cog.Builder<cog.Dataquery> {
  constructor(private readonly query: LogsQuery) {}

  build(): cog.Dataquery {
    // cog.Dataquery is a marker type: a panel's targets are plain objects in the JSON.
    return { ...this.query } as unknown as cog.Dataquery;
  }
}

/** Log lines matching `expr`, newest first as the logs panel sorts them. */
export function logLinesQuery(expr: string): cog.Builder<cog.Dataquery> {
  return new LogsQueryBuilder({ datasource: LOGS_DATASOURCE, expr, queryType: "instant", maxLines: LOGS_MAX_LINES });
}

/** A `stats` pipe's result over time, one series per group; `legend` such as "{{level}}". */
export function logStatsQuery(expr: string, legend: string): cog.Builder<cog.Dataquery> {
  return new LogsQueryBuilder({ datasource: LOGS_DATASOURCE, expr, queryType: "statsRange", legendFormat: legend });
}

/** The variable that picks the VictoriaLogs data source (one is provisioned: vigil-logs). */
export function logsDatasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder("logs").label("Logs data source").type(VICTORIA_LOGS_DATASOURCE_TYPE);
}

/**
 * A drop-down of the values one field takes in VictoriaLogs (the plugin's variable query,
 * src/types.ts VariableQuery: type fieldValue), several at once or All; queries read it in
 * Grafana's regex format (dashboards/logs.ts, LOGS_FILTER).
 */
export function fieldValuesVariable(name: string, label: string, field: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(LOGS_DATASOURCE)
    .query({ type: "fieldValue", field, query: "*", limit: 200 })
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true);
}

/** A free-text variable, empty unless the operator (or a link) fills it in. */
export function textVariable(name: string, label: string, description: string): dashboard.TextBoxVariableBuilder {
  return new dashboard.TextBoxVariableBuilder(name).label(label).description(description).defaultValue("");
}
