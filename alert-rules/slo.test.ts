import { describe, expect, it } from "vitest";
import { SLO_WINDOWS, errorRatioRecord } from "../core/config/selectors";
import { FAST, PRODUCTION } from "../core/timing";
import { configWithAlerts } from "../test/support/fixtures";
import type { AlertingRule, RecordingRule } from "./model";
import { isAlertingRule } from "./model";
import { sloRules } from "./slo";

const alertsOf = (group: ReturnType<typeof sloRules>) => group.rules.filter(isAlertingRule) as AlertingRule[];
const recordsOf = (group: ReturnType<typeof sloRules>) => group.rules.filter((rule) => !isAlertingRule(rule)) as RecordingRule[];

describe("slo rules", () => {
  it("record the error ratio over 5m, 30m, 1h, 6h, 1d and 3d before the alerts that read them", () => {
    const group = sloRules({ config: configWithAlerts({}), timing: PRODUCTION });
    expect(recordsOf(group).map((rule) => rule.record)).toEqual([
      "job:slo_errors_per_request:ratio_rate5m",
      "job:slo_errors_per_request:ratio_rate30m",
      "job:slo_errors_per_request:ratio_rate1h",
      "job:slo_errors_per_request:ratio_rate6h",
      "job:slo_errors_per_request:ratio_rate1d",
      "job:slo_errors_per_request:ratio_rate3d",
    ]);
    expect(recordsOf(group)[5]!.expr).toContain('rate(http_requests_total{job="shop", status=~"5([0-9][0-9]|xx)"}[3d])');
    const firstAlert = group.rules.findIndex(isAlertingRule);
    expect(firstAlert).toBe(SLO_WINDOWS.length);
  });

  it("burn the budget of the configured target: 14.4x over 1h and 5m pages, 6x over 6h and 30m warns", () => {
    const [fast, slow] = alertsOf(sloRules({ config: configWithAlerts({ slo: { availabilityTarget: 0.995 } }), timing: PRODUCTION }));
    expect(fast!.alert).toBe("ErrorBudgetBurnFast");
    expect(fast!.labels).toEqual({ severity: "critical", component: "shop", component_status: "partial_outage" });
    expect(fast!.expr).toBe(
      'job:slo_errors_per_request:ratio_rate1h{job="shop"} > (14.4 * 0.005)\nand\njob:slo_errors_per_request:ratio_rate5m{job="shop"} > (14.4 * 0.005)',
    );
    expect(fast!.annotations.description).toContain("error budget of 0.5% (availability target 99.5%)");
    expect(slow!.alert).toBe("ErrorBudgetBurnSlow");
    expect(slow!.labels).toEqual({ severity: "warning", component: "shop", component_status: "partial_outage" });
    expect(slow!.expr).toContain("ratio_rate6h{job=\"shop\"} > (6 * 0.005)\nand\njob:slo_errors_per_request:ratio_rate30m");
  });

  it("say how long the budget of the configured window lasts at that burn rate", () => {
    const [fast, slow] = alertsOf(sloRules({ config: configWithAlerts({ slo: { window: "28d" } }), timing: PRODUCTION }));
    expect(fast!.annotations.description).toContain("the 28d budget is gone in 1d22h40m");
    expect(slow!.annotations.description).toContain("the 28d budget is gone in 4d16h");
  });

  it("scale the windows under the fast timing but keep the recorded names", () => {
    const group = sloRules({ config: configWithAlerts({}), timing: FAST });
    expect(recordsOf(group).map((rule) => rule.record)).toEqual(SLO_WINDOWS.map(errorRatioRecord));
    expect(recordsOf(group)[0]!.expr).toContain("[5s]");
    expect(recordsOf(group)[5]!.expr).toContain("[1h12m]");
  });

  it.each([
    [{ availabilityTarget: 1 }, "alerts.slo.availabilityTarget: a target of 100% leaves no error budget"],
    [{ availabilityTarget: 99.9 }, "alerts.slo.availabilityTarget: expected a ratio of at most 1 (1 = 100%)"],
    [{ window: "0d" }, "alerts.slo.window: expected a duration above zero"],
  ])("reject the bad override %j, naming its path", (slo, message) => {
    expect(() => configWithAlerts({ slo })).toThrow(message);
  });
});
