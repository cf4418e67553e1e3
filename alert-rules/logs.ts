import type { VigilConfig } from "../core/config";
import { logsDashboardUrl } from "../core/dashboard-uids";
import { ERROR_LEVEL_FILTER } from "../core/log-fields";
import type { Timing } from "../core/timing";
import { scaledDuration } from "../core/timing";
import { runbookUrl } from "./links";
import type { RuleGroup } from "./model";
import { validateGroup } from "./model";

// Alerts on the logs, in LogsQL: vmalert evaluates them against VictoriaLogs (group type
// vlogs, docs/victorialogs/vmalert.md in the VictoriaLogs repository) and sends them to the
// same Alertmanager, so they route like Prometheus's alerts of the same severity. vmalert
// appends `_time:<group interval>` to each expression, so the interval is the window counted
// over; each rule's query ends in a `stats` pipe and a `filter` on its result, as that page
// prescribes. Not in ruleGroups (Prometheus's groups): synth writes these for vmalert alone.

/** The group's name, and its file under vmalert's tree. */
export const LOG_ALERTS_GROUP = "logs";

/** The log alert groups: LogErrorsHigh per service, linked to the Logs dashboard at that service. */
export function logAlertGroups(config: VigilConfig, timing: Timing, grafanaUrl: string): RuleGroup[] {
  const serviceLogs = logsDashboardUrl(grafanaUrl, "{{ $labels.service }}");
  const { errorLines, window } = config.logs.alerts;
  const group: RuleGroup = {
    name: LOG_ALERTS_GROUP,
    interval: scaledDuration(timing, window),
    rules: [
      {
        alert: "LogErrorsHigh",
        expr: `${ERROR_LEVEL_FILTER} | stats by (service) count() as errors | filter errors:>${errorLines}`,
        for: scaledDuration(timing, config.logs.alerts.for),
        labels: { severity: "warning" },
        annotations: {
          summary: "{{ $labels.service }} logs many errors",
          description: `{{ $labels.service }} wrote {{ $value }} error-level log lines in the last ${window}, over the threshold of ${errorLines} (logs.alerts.errorLines); each carries its request_id.`,
          runbook_url: runbookUrl(config.alerting.runbookBaseUrl, "LogErrorsHigh"),
          // The problem is in the lines themselves: the dashboard is the Logs dashboard, at the
          // service (and, in the notification, the moment) the alert names.
          dashboard_url: `${serviceLogs}&var-level=error&var-level=fatal&var-level=critical&var-level=50&var-level=60`,
          logs_url: serviceLogs,
        },
      },
    ],
  };
  return [validateGroup(group)];
}
