import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, rawFromDocument } from "../infra/config";
import { FAST, PRODUCTION } from "../synth/timing";
import { businessRules } from "./business";
import type { AlertingRule, RuleGroup } from "./model";
import { isAlertingRule } from "./model";

const EXAMPLE = rawFromDocument(parseYaml(readFileSync(join(__dirname, "..", "Pulumi.prod.yaml"), "utf8"))) as Record<string, any>;
const configWith = (alerts: Record<string, unknown>) => parseConfig({ ...EXAMPLE, alerts: { ...EXAMPLE.alerts, ...alerts } });

const PAYMENTS = { paymentFailuresMetric: "saas_payment_failures_total" };
const SIGNUPS = { signupsMetric: "saas_registrations_total" };
const QUOTA = { quotaUsedRatioMetric: "saas_api_quota_used_ratio" };

const names = (group: RuleGroup) => group.rules.filter(isAlertingRule).map((rule) => rule.alert);

function alert(group: RuleGroup, name: string): AlertingRule {
  const found = group.rules.filter(isAlertingRule).find((rule) => rule.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
}

function configError(alerts: Record<string, unknown>): ConfigError {
  try {
    configWith(alerts);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

describe("business rules", () => {
  it("watch the exporter's business queries even when no business metric is declared", () => {
    expect(names(businessRules({ config: configWith({ business: {} }), timing: PRODUCTION }))).toEqual(["BusinessQueryFailing"]);
  });

  it.each([
    ["PaymentFailuresHigh", PAYMENTS],
    ["SignupsDropped", SIGNUPS],
    ["ApiQuotaNearlyExhausted", QUOTA],
  ])("generate %s only when its metric is declared", (name, declared) => {
    const group = businessRules({ config: configWith({ business: declared }), timing: PRODUCTION });
    expect(names(group)).toEqual(["BusinessQueryFailing", name]);
  });

  it("splice the declared metric names into the expressions", () => {
    const group = businessRules({
      config: configWith({ business: { paymentFailuresMetric: "shop_payments_failed_total", signupsMetric: "shop_signups_total", quotaUsedRatioMetric: "shop_quota_used" } }),
      timing: PRODUCTION,
    });
    expect(alert(group, "PaymentFailuresHigh").expr).toBe("round(sum(increase(shop_payments_failed_total[1h]))) > 5");
    expect(alert(group, "SignupsDropped").expr).toBe(
      "sum(increase(shop_signups_total[1d]))\n<\n0.5 * sum(increase(shop_signups_total[1d] offset 7d))",
    );
    expect(alert(group, "ApiQuotaNearlyExhausted").expr).toBe("shop_quota_used > 0.9");
  });

  it("take thresholds from config.alerts.business", () => {
    const group = businessRules({
      config: configWith({ business: { ...PAYMENTS, ...SIGNUPS, ...QUOTA, paymentFailuresPerHour: 20, signupsDropRatio: 0.3, quotaRatio: 0.75 } }),
      timing: PRODUCTION,
    });
    expect(alert(group, "PaymentFailuresHigh").expr).toMatch(/ > 20$/);
    expect(alert(group, "PaymentFailuresHigh").annotations.description).toContain("threshold: more than 20");
    expect(alert(group, "SignupsDropped").expr).toContain("\n0.3 * sum(");
    expect(alert(group, "SignupsDropped").annotations.description).toContain("under 30% of the same");
    expect(alert(group, "ApiQuotaNearlyExhausted").expr).toBe("saas_api_quota_used_ratio > 0.75");
  });

  it("are critical for payments and warnings otherwise, without a status-page component", () => {
    const group = businessRules({ config: configWith({ business: { ...PAYMENTS, ...SIGNUPS, ...QUOTA } }), timing: PRODUCTION });
    expect(Object.fromEntries(group.rules.filter(isAlertingRule).map((rule) => [rule.alert, rule.labels]))).toEqual({
      BusinessQueryFailing: { severity: "warning" },
      PaymentFailuresHigh: { severity: "critical" },
      SignupsDropped: { severity: "warning" },
      ApiQuotaNearlyExhausted: { severity: "warning" },
    });
  });

  it("scale windows, offsets and staleness under the fast timing", () => {
    const group = businessRules({ config: configWith({ business: { ...PAYMENTS, ...SIGNUPS } }), timing: FAST });
    expect(alert(group, "BusinessQueryFailing").expr).toBe(
      'increase(vigil_business_query_errors_total{job="vigil-exporter"}[15s]) > 0\nor\ntime() - vigil_business_query_last_success_timestamp_seconds{job="vigil-exporter"} > 30',
    );
    expect(alert(group, "PaymentFailuresHigh").expr).toContain("[1m]");
    expect(alert(group, "SignupsDropped").expr).toContain("[24m] offset 2h48m");
    expect(alert(group, "SignupsDropped").for).toBe("1m");
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(configError({ business: { paymentFailuresMetric: "saas-payment-failures" } }).issues).toEqual([
      { path: "alerts.business.paymentFailuresMetric", message: "expected a Prometheus metric name" },
    ]);
    expect(configError({ business: { signupsDropRatio: 1.5 } }).issues.map((issue) => issue.path)).toEqual(["alerts.business.signupsDropRatio"]);
    expect(configError({ business: { quotaRatio: 2 } }).issues.map((issue) => issue.path)).toEqual(["alerts.business.quotaRatio"]);
    expect(configError({ business: { paymentFailuresPerHour: 0 } }).issues.map((issue) => issue.path)).toEqual([
      "alerts.business.paymentFailuresPerHour",
    ]);
  });
});
