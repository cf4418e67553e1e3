import { describe, expect, it } from "vitest";
import { FAST, PRODUCTION } from "../core/timing";
import { configWithAlerts } from "../test/support/fixtures";
import type { AlertingRule } from "./model";
import { isAlertingRule } from "./model";
import { selfRules } from "./self";

const alertsOf = (alerts: Record<string, unknown>, timing = PRODUCTION): AlertingRule[] =>
  selfRules({ config: configWithAlerts(alerts), timing }).rules.filter(isAlertingRule);

describe("self rules", () => {
  it("hold the whole catalog of the monitoring pipeline", () => {
    expect(alertsOf({}).map((rule) => rule.alert)).toEqual([
      "Watchdog",
      "TargetDown",
      "PrometheusRuleFailures",
      "PrometheusNotificationsFailing",
      "AlertmanagerFailedToSendAlerts",
      "PrometheusConfigReloadFailed",
      "AlertmanagerConfigReloadFailed",
    ]);
  });

  it("wait alerts.targetDownFor before TargetDown fires, and say so", () => {
    const targetDown = alertsOf({ targetDownFor: "2m" }).find((rule) => rule.alert === "TargetDown")!;
    expect(targetDown.for).toBe("2m");
    expect(targetDown.annotations.description).toContain("for more than 2m");
  });

  it("scale every for: and window under the fast timing", () => {
    const fast = alertsOf({}, FAST);
    expect(fast.map((rule) => rule.for)).toEqual([undefined, "5s", "15s", "10s", "5s", "5s", "5s"]);
    // 5m / 60 is 5s, but never under four 1s scrapes; 15m / 60 is 15s.
    expect(fast.find((rule) => rule.alert === "PrometheusRuleFailures")!.expr).toContain("[5s]");
    expect(fast.find((rule) => rule.alert === "AlertmanagerFailedToSendAlerts")!.expr).toContain("[15s]");
  });

  it("rejects a zero targetDownFor, naming its path", () => {
    expect(() => configWithAlerts({ targetDownFor: "0s" })).toThrow("alerts.targetDownFor: expected a duration above zero");
  });
});
