import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import { instantQuery, promQuery, statPanel, tablePanel, thresholds, timeseriesPanel, UP_STEPS, valueMappings } from "../panels";
import { jobIs, legend, selector } from "../queries";

// What users see: the status-page components (from the alerts that carry a `component`
// label), the public endpoint as the blackbox exporter probes it, and what is firing.

/**
 * Each component's state, worst first: 2 when a critical alert for it fires, 1 for a
 * warning, 0 otherwise. Components are whatever scrape targets carry a `component` label
 * (synth sets it on the application's jobs), so a component with no alert still shows 0.
 */
export function componentStatusExpr(): string {
  const firing = (severity: string) => `ALERTS{alertstate="firing", component!="", severity="${severity}"}`;
  return [
    "max by (component) (",
    `  (${firing("critical")} * 0 + 2)`,
    `  or (${firing("warning")} * 0 + 1)`,
    `  or (group by (component) (up{component!=""}) * 0)`,
    ")",
  ].join("\n");
}

export function componentStatusStat() {
  return statPanel(
    {
      title: "Status-page components",
      description:
        "The state of each status-page component as its alerts set it: operational, degraded (a warning fires) or major outage (a critical alert fires).",
      unit: units.NoUnit,
    },
    instantQuery(componentStatusExpr(), legend("component")),
  )
    .mappings(
      valueMappings([
        [0, "operational", "green"],
        [1, "degraded", "orange"],
        [2, "major outage", "red"],
      ]),
    )
    .thresholds(thresholds([
      [null, "green"],
      [1, "orange"],
      [2, "red"],
    ]))
    .span(12);
}

export function publicEndpointStat() {
  return statPanel(
    {
      title: "Public endpoint",
      description: "Whether the blackbox exporter's last probe of the public URL succeeded, as users outside reach it.",
      unit: units.BoolYesNo,
    },
    instantQuery(`min(${selector("probe_success", [jobIs("blackboxHttp")])})`),
  )
    .thresholds(thresholds(UP_STEPS));
}

export function probeDurationTimeseries(config: VigilConfig) {
  const threshold = config.alerts.endpoints.slowSeconds;
  return timeseriesPanel(
    {
      title: "Probe duration",
      description: `How long the blackbox probe of the public URL took, as users outside would feel it; EndpointSlow fires above ${threshold} s.`,
      unit: units.Seconds,
    },
    [promQuery(selector("probe_duration_seconds", [jobIs("blackboxHttp")]), legend("instance"))],
  );
}

export function tlsCertificateExpiryStat(config: VigilConfig) {
  const { certCriticalDays, certWarningDays } = config.alerts.endpoints;
  return statPanel(
    {
      title: "TLS certificate expires in",
      description:
        "Time left before the public URL's TLS certificate expires; empty for a plain-HTTP URL. Warns at " +
        `${certWarningDays} days, critical at ${certCriticalDays}.`,
      unit: units.Seconds,
    },
    instantQuery(`min(${selector("probe_ssl_earliest_cert_expiry", [jobIs("blackboxHttp")])}) - time()`),
  ).thresholds(thresholds([
    [null, "red"],
    [certCriticalDays * 86_400, "orange"],
    [certWarningDays * 86_400, "green"],
  ]));
}

/** Firing alerts, Watchdog included: it always fires, and its absence means alerting is broken. */
export function firingAlertsTable() {
  return tablePanel(
    {
      title: "Firing alerts",
      description:
        "Every alert firing now, by severity. Watchdog always fires (it proves the alerting pipeline works); anything else is a problem to look at.",
      unit: units.NoUnit,
    },
    [instantQuery('sum by (alertname, severity, component) (ALERTS{alertstate="firing"})')],
  ).withTransformation({
    id: "organize",
    options: { excludeByName: { Time: true, Value: true }, indexByName: { alertname: 0, severity: 1, component: 2 } },
  });
}

export function firingAlertsStat(severity: "critical" | "warning") {
  return statPanel(
    {
      title: severity === "critical" ? "Critical alerts" : "Warnings",
      description: `How many ${severity} alerts fire now; 0 is the only good number.`,
      unit: units.NoUnit,
    },
    instantQuery(`count(ALERTS{alertstate="firing", severity="${severity}"}) or vector(0)`),
  ).thresholds(thresholds([
    [null, "green"],
    [1, severity === "critical" ? "red" : "orange"],
  ]));
}
