import { describe, expect, it } from "vitest";
import type { WebhookPayload } from "./alertmanager-webhook";
import { ComponentAlertStore, describeIssues, MAX_TRACKED_ALERTS, webhookPayloadSchema } from "./alertmanager-webhook";

function notification(alerts: Array<Partial<WebhookPayload["alerts"][number]> & { fingerprint: string }>): WebhookPayload {
  return {
    version: "4",
    status: alerts.some((alert) => alert.status !== "resolved") ? "firing" : "resolved",
    receiver: "status-page",
    alerts: alerts.map((alert) => ({
      status: "firing",
      labels: {},
      annotations: {},
      startsAt: "2026-11-22T10:00:00Z",
      endsAt: "0001-01-01T00:00:00Z",
      ...alert,
    })),
  };
}

describe("the component alert store", () => {
  it("records firing alerts per component and forgets them when resolved", () => {
    const store = new ComponentAlertStore();
    store.apply(
      notification([
        { fingerprint: "a", labels: { alertname: "EndpointDown", severity: "critical", component: "shop" }, annotations: { summary: "shop is down" } },
        { fingerprint: "b", labels: { alertname: "HighErrorRate", severity: "critical", component: "api" }, startsAt: "2026-11-22T09:00:00Z" },
      ]),
      "g",
    );
    expect(store.snapshot()).toEqual({
      api: [{ alertname: "HighErrorRate", severity: "critical", summary: "", startsAt: "2026-11-22T09:00:00Z" }],
      shop: [{ alertname: "EndpointDown", severity: "critical", summary: "shop is down", startsAt: "2026-11-22T10:00:00Z" }],
    });
    store.apply(notification([{ fingerprint: "a", status: "resolved", labels: { component: "shop" } }, { fingerprint: "b", labels: { alertname: "HighErrorRate", severity: "critical", component: "api" }, startsAt: "2026-11-22T09:00:00Z" }]), "g");
    expect(Object.keys(store.snapshot())).toEqual(["api"]);
  });

  it("forgets an alert its group's next notification leaves out (Alertmanager inhibits or silences it), not another group's", () => {
    const store = new ComponentAlertStore();
    const slow = { fingerprint: "slow", labels: { alertname: "ErrorBudgetBurnSlow", component: "shop" } };
    const fast = { fingerprint: "fast", labels: { alertname: "ErrorBudgetBurnFast", component: "shop" } };
    store.apply(notification([slow]), "shop");
    store.apply(notification([{ fingerprint: "db", labels: { alertname: "PostgresDown", component: "database" } }]), "database");
    store.apply(notification([fast]), "shop");
    expect(Object.fromEntries(Object.entries(store.snapshot()).map(([component, alerts]) => [component, alerts.map((alert) => alert.alertname)]))).toEqual({
      database: ["PostgresDown"],
      shop: ["ErrorBudgetBurnFast"],
    });
  });

  it("ignores alerts without a component label", () => {
    const store = new ComponentAlertStore();
    store.apply(notification([{ fingerprint: "c", labels: { alertname: "TargetDown" } }]), "g");
    expect(store.snapshot()).toEqual({});
  });
});

describe("the webhook payload schema", () => {
  it("names the field that is wrong", () => {
    const result = webhookPayloadSchema.safeParse({ version: "4", status: "firing", receiver: "x", alerts: [{ status: "firing" }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssues(result.error)).toContain("alerts.0.labels");
  });

  it("refuses another payload version", () => {
    expect(webhookPayloadSchema.safeParse({ ...notification([]), version: "3" }).success).toBe(false);
  });
});

describe("the store's bound", () => {
  it("drops new firing alerts beyond MAX_TRACKED_ALERTS but still applies resolutions", () => {
    const store = new ComponentAlertStore();
    const many = Array.from({ length: MAX_TRACKED_ALERTS }, (_, index) => ({
      fingerprint: `f${index}`,
      labels: { alertname: "EndpointDown", component: `c${index % 10}` },
    }));
    expect(store.apply(notification(many), "g")).toBe(0);
    expect(store.apply(notification([{ fingerprint: "extra", labels: { component: "c0" } }]), "other")).toBe(1);
    store.apply(notification([{ fingerprint: "f0", status: "resolved", labels: { component: "c0" } }]), "resolutions");
    expect(store.apply(notification([{ fingerprint: "extra", labels: { component: "c0" } }]), "other")).toBe(0);
  });

  it("refuses a startsAt that is not a timestamp", () => {
    const payload = notification([{ fingerprint: "a", labels: { component: "shop" }, startsAt: "not-a-date" }]);
    expect(webhookPayloadSchema.safeParse(payload).success).toBe(false);
  });
});
