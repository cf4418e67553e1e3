import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as logs from "@grafana/grafana-foundation-sdk/logs";
import * as units from "@grafana/grafana-foundation-sdk/units";
import { DATASOURCE_UIDS, LOGS_VARIABLES } from "../core/dashboard-uids";
import { ERROR_LEVEL_FILTER, LOG_FIELDS } from "../core/log-fields";
import type { DashboardDefinition } from "./defaults";
import { inTopBar } from "./defaults";
import {
  fieldValuesVariable,
  LOGS_DATASOURCE,
  logLinesQuery,
  logsDatasourceVariable,
  logStatsQuery,
  textVariable,
} from "./logs-queries";
import { row, stacked, timeseriesPanel } from "./panels";

// Every log line of the application and the stack (VictoriaLogs, through its Grafana plugin):
// by service and level, one request by its request_id, one user by user_id. The Errors and
// API dashboards and the alerts' "Logs" links open it at a service and a moment; LogErrorsHigh
// links here. No VictoriaLogs runs on a test machine (Debian does not package it), so the e2e
// suite's live run leaves these panels out; test/logs-dashboard.test.ts parses every query
// with VictoriaLogs' own LogsQL parser, the one Debian's vmalert links.

/** The "search" variable: words anywhere in the line's message. */
const SEARCH_VARIABLE = "search";

/**
 * The filter every panel shares, in LogsQL. Drop-downs use Grafana's regex format, so All
 * (allValue `.*`) also keeps lines without the field (a line that is not JSON has no level);
 * the patterns sit in backquotes, LogsQL's raw strings, so the format's backslashes stay as
 * written (in double quotes `\.` is no escape LogsQL knows), and drop-downs are anchored so
 * "shop" is not also "shop-worker". The text boxes match anywhere; an empty one, every line.
 */
export const LOGS_FILTER = [
  `_stream:{${LOG_FIELDS.service}=~\`^(\${${LOGS_VARIABLES.service}:regex})$\`}`,
  `${LOG_FIELDS.level}:~\`^(\${level:regex})$\``,
  `${LOG_FIELDS.requestId}:~\`\${${LOGS_VARIABLES.requestId}:regex}\``,
  `${LOG_FIELDS.userId}:~\`\${${LOGS_VARIABLES.userId}:regex}\``,
  `_msg:~\`(?i)\${${SEARCH_VARIABLE}:regex}\``,
].join(" ");

/**
 * Explore on the logs data source: its Live button tails new lines as they arrive, which a
 * dashboard panel cannot (it refreshes every 10 s here).
 */
function liveTailUrl(): string {
  const panes = {
    logs: {
      datasource: DATASOURCE_UIDS.victoriaLogs,
      queries: [{ refId: "A", datasource: { type: LOGS_DATASOURCE.type, uid: DATASOURCE_UIDS.victoriaLogs }, expr: "*", queryType: "instant" }],
      range: { from: "now-15m", to: "now" },
    },
  };
  return `/explore?schemaVersion=1&orgId=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

export const logsDashboard: DashboardDefinition = {
  file: "logs",
  title: "Logs",
  layout(board) {
    return board
      .time({ from: "now-1h", to: "now" })
      .refresh("10s")
      .withVariable(logsDatasourceVariable())
      .withVariable(fieldValuesVariable(LOGS_VARIABLES.service, "Service", LOG_FIELDS.service).allValue(".*"))
      .withVariable(fieldValuesVariable("level", "Level", LOG_FIELDS.level).allValue(".*"))
      .withVariable(textVariable(LOGS_VARIABLES.requestId, "request_id", "One request's lines: the request_id from a response header, a Sentry event's tags or another line."))
      .withVariable(textVariable(LOGS_VARIABLES.userId, "user_id", "One user's lines."))
      .withVariable(textVariable(SEARCH_VARIABLE, "Contains", "Text anywhere in the message, any case."))
      .link(
        inTopBar(
          new dashboard.DashboardLinkBuilder("Live tail")
            .type(dashboard.DashboardLinkType.Link)
            .tooltip("Explore on VictoriaLogs: press Live to follow new lines as they arrive")
            .url(liveTailUrl())
            .targetBlank(true),
        ),
      )
      .withRow(row("Volume"))
      .withPanel(
        timeseriesPanel(
            {
              title: "Log lines by level",
              description: "Lines per interval that match the filters above, by level. A jump in error or warn shows when a problem started.",
              unit: units.Short,
            },
            [logStatsQuery(`${LOGS_FILTER} | stats by (${LOG_FIELDS.level}) count() as lines`, `{{${LOG_FIELDS.level}}}`)],
            LOGS_DATASOURCE,
          )
            .stacking(stacked())
            .drawStyle(common.GraphDrawStyle.Bars)
            .min(0),
      )
      .withPanel(
        timeseriesPanel(
            {
              title: "Error lines by service",
              description: "Error-level lines (error, fatal, critical; pino's 50 and 60) per interval, by service: what LogErrorsHigh counts.",
              unit: units.Short,
            },
            [logStatsQuery(`${LOGS_FILTER} ${ERROR_LEVEL_FILTER} | stats by (${LOG_FIELDS.service}) count() as errors`, `{{${LOG_FIELDS.service}}}`)],
            LOGS_DATASOURCE,
          ).min(0),
      )
      .withRow(row("Lines"))
      .withPanel(
          new logs.PanelBuilder()
            .title("Log lines")
            .description("The newest lines that match the filters above. Open a line for its fields; a request_id there, put in the request_id box, shows that whole request.")
            .unit(units.Short)
            .datasource(LOGS_DATASOURCE)
            .withTarget(logLinesQuery(LOGS_FILTER))
            .showTime(true)
            .wrapLogMessage(true)
            .enableLogDetails(true)
            .sortOrder(common.LogsSortOrder.Descending)
            .dedupStrategy(common.LogsDedupStrategy.None)
            .height(18)
            .span(24),
      );
  },
};
