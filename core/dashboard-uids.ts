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
} as const;
