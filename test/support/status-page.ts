import { DEFAULT_SEVERITY_STATUS, type PageDefinition } from "../../core/status-model";
import type { AlertNotification } from "../../status-page/alerts";

// Shared fixtures for the status page's tests (model, rendering, exporter, browser).

export const TEST_PAGE: PageDefinition = {
  id: "shop-status",
  title: "Shop status",
  url: "https://status.shop.example.com/",
  components: [
    { id: "shop", name: "Shop", description: "The web shop", group: "Website" },
    { id: "api", name: "API", description: "", group: "Website" },
    { id: "email", name: "Email delivery", description: "" },
  ],
  severityStatus: DEFAULT_SEVERITY_STATUS,
  reopenWindowSeconds: 1_800,
  historyDays: 90,
  language: "en",
};

export interface TestAlert {
  fingerprint: string;
  component: string;
  severity?: string;
  alertname?: string;
  /** The alert's declared `component_status` label; absent = the severity decides. */
  componentStatus?: string;
  status?: "firing" | "resolved";
  startsAt?: string;
}

/** An Alertmanager notification for one group. */
export function notification(groupKey: string, alerts: TestAlert[]): AlertNotification {
  return {
    groupKey,
    alerts: alerts.map((alert) => ({
      status: alert.status ?? "firing",
      labels: {
        alertname: alert.alertname ?? "EndpointDown",
        severity: alert.severity ?? "critical",
        component: alert.component,
        ...(alert.componentStatus ? { component_status: alert.componentStatus } : {}),
      },
      startsAt: alert.startsAt ?? "2026-11-22T10:00:00Z",
      fingerprint: alert.fingerprint,
    })),
  };
}

/** The same, as Alertmanager posts it to the webhook (version 4). */
export function webhookBody(groupKey: string, alerts: TestAlert[]): Record<string, unknown> {
  const parsed = notification(groupKey, alerts);
  const firing = parsed.alerts.some((alert) => alert.status === "firing");
  return {
    version: "4",
    groupKey,
    status: firing ? "firing" : "resolved",
    receiver: "status-page",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://alertmanager:9093",
    truncatedAlerts: 0,
    alerts: parsed.alerts.map((alert) => ({
      ...alert,
      annotations: { summary: "internal words" },
      endsAt: alert.status === "resolved" ? "2026-11-22T10:30:00Z" : "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus:9090/graph",
    })),
  };
}

export const at = (iso: string) => new Date(iso);
