// Every dashboard's uid, derived from its file name: stable across edits, so links from
// alerts (dashboard_url) and between dashboards never break.

export const DASHBOARD_FILES = [
  "overview",
  "api",
  "postgres",
  "redis",
  "host",
  "business",
  "errors",
  "slo",
  "monitoring",
  "logs",
] as const;
export type DashboardFile = (typeof DASHBOARD_FILES)[number];

export function dashboardUid(file: DashboardFile): string {
  return `vigil-${file}`;
}

/** The URL of a dashboard as the operator opens it (through the SSH tunnel on the droplet). */
export function dashboardUrl(grafanaUrl: string, file: DashboardFile): string {
  return `${grafanaUrl.replace(/\/+$/, "")}/d/${dashboardUid(file)}`;
}

/** The Grafana data sources synth provisions, by the uid dashboards and links use. */
export const DATASOURCE_UIDS = {
  /** The droplet's Prometheus: Grafana's default. */
  prometheus: "vigil-prometheus",
  /** The long-term store (config.prometheus.longTermStore), when one is configured. */
  longTermStore: "vigil-long-term",
  /** VictoriaLogs on the droplet, through its Grafana plugin (GRAFANA_PLUGINS). */
  victoriaLogs: "vigil-logs",
} as const;

/** The Logs dashboard's variables that links from alerts and other dashboards fill in. */
export const LOGS_VARIABLES = { service: "service", requestId: "request_id", userId: "user_id" } as const;

/** Grafana's window around a moment, `time` and `time.window` in milliseconds: half before, half after. */
export const LOGS_WINDOW_MS = 30 * 60 * 1000;

/**
 * The Logs dashboard showing one service's lines: where an alert or a panel about that
 * service leads. `service` goes into the URL as given: a name (config app.name is a slug) or
 * a template such as `{{ $labels.service }}`, expanded before anyone opens it. The caller adds
 * the time (`&time=…&time.window=…`, or `${__url_time_range}`).
 */
export function logsDashboardUrl(grafanaUrl: string, service: string): string {
  return `${dashboardUrl(grafanaUrl, "logs")}?var-${LOGS_VARIABLES.service}=${service}`;
}
