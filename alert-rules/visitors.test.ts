import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../core/config";
import { ALERT_COMPONENT_STATUSES } from "../core/status-model";
import { PRODUCTION } from "../core/timing";
import { ruleGroups } from "./index";
import { type AlertingRule, isAlertingRule, validateGroup } from "./model";

// What each alert about a status-page component tells the page's visitors. The example stack
// configures every area, so every component-bearing alert of the catalog is here.

const config = loadConfigFile(join(__dirname, "..", "Pulumi.prod.yaml"));
const alerts: AlertingRule[] = ruleGroups(config, PRODUCTION, "http://localhost:3000").flatMap((group) => group.rules.filter(isAlertingRule));
const aboutComponents = alerts.filter((alert) => alert.labels.component !== undefined);

describe("the status each component alert declares", () => {
  it("is declared by every alert that carries a component, with a status an alert may set", () => {
    expect(aboutComponents.length).toBeGreaterThan(5);
    for (const alert of aboutComponents) {
      expect(ALERT_COMPONENT_STATUSES, alert.alert).toContain(alert.labels.component_status);
    }
  });

  it("says what visitors experience, which is not always how urgently it pages", () => {
    const declared = Object.fromEntries(aboutComponents.map((alert) => [alert.alert, alert.labels.component_status]));
    expect(declared).toEqual({
      EndpointDown: "major_outage",
      PostgresDown: "major_outage",
      RedisDown: "major_outage",
      HighErrorRate: "partial_outage",
      ErrorBudgetBurnFast: "partial_outage",
      ErrorBudgetBurnSlow: "partial_outage",
      EndpointSlow: "degraded_performance",
      HighLatencyP95: "degraded_performance",
      LatencyRegression: "degraded_performance",
      // A certificate close to expiry pages people; visitors notice nothing until it expires.
      TlsCertExpiringSoon: "operational",
      TlsCertExpiringVerySoon: "operational",
    });
    expect(aboutComponents.find((alert) => alert.alert === "ErrorBudgetBurnFast")?.labels.severity).toBe("critical");
  });

  it("is required at synth time: a component alert without it is refused, naming the rule and the label", () => {
    const group = { name: "mine", rules: [{ alert: "CheckoutBroken", expr: "vector(1)", labels: { severity: "critical" as const, component: "shop" }, annotations: { summary: "s", description: "d" } }] };
    expect(() => validateGroup(group)).toThrow(/mine\/CheckoutBroken labels\.component_status: an alert with a `component` declares the status/);
    expect(() => validateGroup({ ...group, rules: [{ ...group.rules[0]!, labels: { ...group.rules[0]!.labels, component_status: "under_maintenance" as never } }] })).toThrow(/mine\/CheckoutBroken labels\.component_status: Invalid option/);
  });
});
