import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { VigilConfig } from "../infra/config";
import { datasourceVariable, promQuery, statPanel, timeseriesPanel } from "./panels";
import { dashboardUid } from "./uids";

// The first screen an operator opens: is the application up, how busy, how many errors,
// how slow, and is the monitoring itself healthy.

export const OVERVIEW_UID = dashboardUid("overview");

export function overviewDashboard(config: VigilConfig): dashboard.Dashboard {
  const http = config.app.httpMetrics;
  const job = `job="${config.app.name}"`;
  const requests = `${http.requestsTotal}{${job}}`;
  const serverErrors = `${http.requestsTotal}{${job}, ${http.statusLabel}=~"5.."}`;
  const buckets = `${http.requestDuration}_bucket{${job}}`;

  return new dashboard.DashboardBuilder(`${config.app.name} — overview`)
    .uid(OVERVIEW_UID)
    .tags(["vigil"])
    .timezone("browser")
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .readonly()
    .withVariable(datasourceVariable())
    .withRow(new dashboard.RowBuilder("Availability"))
    .withPanel(
      statPanel(
        {
          title: "Public endpoint",
          description: "Whether the blackbox exporter's last probe of the public URL succeeded (1 = up).",
          unit: "bool_yes_no",
        },
        promQuery(`min(probe_success{job="blackbox-http"})`, "probe"),
      ),
    )
    .withPanel(
      statPanel(
        {
          title: "Targets up",
          description: "Share of scrape targets that answered their last scrape; below 100% means a blind spot.",
          unit: "percentunit",
        },
        promQuery("avg(up)", "up"),
      ),
    )
    .withRow(new dashboard.RowBuilder("Golden signals"))
    .withPanel(
      timeseriesPanel(
        {
          title: "Traffic",
          description: "Requests per second served by the application, by HTTP method.",
          unit: "reqps",
        },
        [promQuery(`sum by (${http.methodLabel}) (rate(${requests}[$__rate_interval]))`, `{{${http.methodLabel}}}`)],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: "Errors",
          description: "Share of requests answered with a 5xx status; the SLO alerts fire on this ratio.",
          unit: "percentunit",
        },
        [
          promQuery(
            `sum(rate(${serverErrors}[$__rate_interval])) / sum(rate(${requests}[$__rate_interval]))`,
            "5xx ratio",
          ),
        ],
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: "Latency",
          description: "Request duration percentiles across all routes.",
          unit: "s",
        },
        [0.5, 0.95, 0.99].map((quantile) =>
          promQuery(
            `histogram_quantile(${quantile}, sum by (le) (rate(${buckets}[$__rate_interval])))`,
            `p${Math.round(quantile * 100)}`,
          ),
        ),
      ),
    )
    .withPanel(
      timeseriesPanel(
        {
          title: "Probe duration",
          description: "How long the blackbox probe of the public URL took, as users outside would feel it.",
          unit: "s",
        },
        [promQuery(`probe_duration_seconds{job="blackbox-http"}`, "{{instance}}")],
      ),
    )
    .build();
}
