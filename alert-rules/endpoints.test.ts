import { describe, expect, it } from "vitest";
import { FAST, PRODUCTION } from "../core/timing";
import { configWithAlerts } from "../test/support/fixtures";
import { endpointsRules } from "./endpoints";
import type { AlertingRule } from "./model";
import { isAlertingRule } from "./model";

function alert(alerts: Record<string, unknown>, name: string, timing = PRODUCTION): AlertingRule {
  const found = endpointsRules({ config: configWithAlerts(alerts), timing }).rules.filter(isAlertingRule).find((rule) => rule.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
}

describe("endpoints rules", () => {
  it("label every alert with the application as its status-page component", () => {
    const rules = endpointsRules({ config: configWithAlerts({}), timing: PRODUCTION }).rules.filter(isAlertingRule);
    expect(rules.map((rule) => [rule.alert, rule.labels.component])).toEqual([
      ["EndpointDown", "shop"],
      ["EndpointSlow", "shop"],
      ["TlsCertExpiringSoon", "shop"],
      ["TlsCertExpiringVerySoon", "shop"],
    ]);
  });

  it("page for EndpointDown after 30s in production, 1s in the fast timing", () => {
    expect(alert({}, "EndpointDown").for).toBe("30s");
    expect(alert({}, "EndpointDown", FAST).for).toBe("1s");
  });

  it("take the slow threshold and the certificate days from config.alerts.endpoints", () => {
    const overrides = { endpoints: { slowSeconds: 2.5, slowFor: "15m", certWarningDays: 21, certCriticalDays: 7 } };
    expect(alert(overrides, "EndpointSlow").expr).toBe('probe_duration_seconds{job="blackbox-http"} > 2.5');
    expect(alert(overrides, "EndpointSlow").for).toBe("15m");
    expect(alert(overrides, "EndpointSlow", FAST).for).toBe("15s");
    expect(alert(overrides, "TlsCertExpiringSoon").expr).toContain("< 21 * 86400\nand\n");
    expect(alert(overrides, "TlsCertExpiringSoon").expr).toContain(">= 7 * 86400");
    expect(alert(overrides, "TlsCertExpiringVerySoon").expr).toMatch(/< 7 \* 86400$/);
  });

  it("look at certificates of https targets only", () => {
    for (const name of ["TlsCertExpiringSoon", "TlsCertExpiringVerySoon"]) {
      expect(alert({}, name).expr).toContain('instance=~"https://.*"');
    }
  });

  it.each([
    [{ certWarningDays: 3, certCriticalDays: 5 }, "alerts.endpoints.certCriticalDays: certCriticalDays must be below certWarningDays"],
    [{ slowSeconds: 0 }, "alerts.endpoints.slowSeconds: expected a number above 0"],
    [{ slowFor: "5 minutes" }, "alerts.endpoints.slowFor: expected a positive Prometheus duration"],
  ])("reject the bad override %j, naming its path", (endpoints, message) => {
    expect(() => configWithAlerts({ endpoints })).toThrow(message);
  });
});
