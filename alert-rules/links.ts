import type { DashboardFile } from "../core/dashboard-uids";
import { dashboardUrl, logsDashboardUrl } from "../core/dashboard-uids";
import type { AlertingRule, RuleGroup } from "./model";
import { isAlertingRule } from "./model";

// Runbook and dashboard links are added here, in one pass over every group, so no alert
// carries them by hand and none can be forgotten (kubernetes-mixin's add-runbook-links).

/** The dashboard that shows each group's problems. */
const DASHBOARD_FOR_GROUP: Record<string, DashboardFile> = {
  self: "monitoring",
  host: "host",
  endpoints: "overview",
  application: "api",
  slo: "slo",
  postgres: "postgres",
  redis: "redis",
  business: "business",
  sentry: "errors",
};

/**
 * The groups whose alerts are about the application itself: their `logs_url` opens the Logs
 * dashboard at the application's lines (the service its hosts' shippers name it by). The
 * notification templates add the moment the alert started (alert-rules/alertmanager-templates.ts).
 */
const APPLICATION_GROUPS = new Set(["endpoints", "application", "slo", "sentry"]);

export interface RuleLinks {
  /** Where runbooks live: config.alerting.runbookBaseUrl. */
  runbookBaseUrl: string;
  /** Grafana's URL as operators open it (placement.externalUrls.grafana). */
  grafanaUrl: string;
  /** The `service` the application's log lines carry: config.app.name. */
  applicationService: string;
}

export function runbookUrl(baseUrl: string, alert: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${alert}.md`;
}

export function withLinks(groups: RuleGroup[], links: RuleLinks): RuleGroup[] {
  return groups.map((group) => {
    const dashboard = DASHBOARD_FOR_GROUP[group.name];
    const logs = APPLICATION_GROUPS.has(group.name) ? logsDashboardUrl(links.grafanaUrl, links.applicationService) : undefined;
    return {
      ...group,
      rules: group.rules.map((rule) =>
        isAlertingRule(rule) ? addLinks(rule, links, dashboard ? dashboardUrl(links.grafanaUrl, dashboard) : undefined, logs) : rule,
      ),
    };
  });
}

function addLinks(rule: AlertingRule, links: RuleLinks, dashboard: string | undefined, logs: string | undefined): AlertingRule {
  // Watchdog is not a problem anyone looks at on a dashboard.
  const showDashboard = dashboard !== undefined && rule.labels.severity !== "none";
  return {
    ...rule,
    annotations: {
      ...rule.annotations,
      runbook_url: rule.annotations.runbook_url ?? runbookUrl(links.runbookBaseUrl, rule.alert),
      ...(showDashboard && !rule.annotations.dashboard_url ? { dashboard_url: dashboard } : {}),
      ...(logs && rule.labels.severity !== "none" && !rule.annotations.logs_url ? { logs_url: logs } : {}),
    },
  };
}
