import { describe, expect, it } from "vitest";
import { FAST, PRODUCTION } from "../core/timing";
import { alertNamed, alertsConfigError, configWithAlerts } from "../test/support/fixtures";
import { businessRules } from "./business";
import type { RuleGroup } from "./model";
import { isAlertingRule } from "./model";

const PAYMENTS = { paymentFailuresMetric: "saas_payment_failures_total" };
const SIGNUPS = { signupsMetric: "saas_registrations_total" };
const QUOTA = { quotaUsedRatioMetric: "saas_api_quota_used_ratio" };

const names = (group: RuleGroup) => group.rules.filter(isAlertingRule).map((rule) => rule.alert);

describe("business rules", () => {
  it("watch the exporter's business queries even when no business metric is declared", () => {
    expect(names(businessRules({ config: configWithAlerts({ business: {} }), timing: PRODUCTION }))).toEqual(["BusinessQueryFailing"]);
  });

  it.each([
    ["PaymentFailuresHigh", PAYMENTS],
    ["SignupsDropped", SIGNUPS],
    ["ApiQuotaNearlyExhausted", QUOTA],
  ])("generate %s only when its metric is declared", (name, declared) => {
    const group = businessRules({ config: configWithAlerts({ business: declared }), timing: PRODUCTION });
    expect(names(group)).toEqual(["BusinessQueryFailing", name]);
  });

  it("splice the declared metric names into the expressions", () => {
    const group = businessRules({
      config: configWithAlerts({ business: { paymentFailuresMetric: "shop_payments_failed_total", signupsMetric: "shop_signups_total", quotaUsedRatioMetric: "shop_quota_used" } }),
      timing: PRODUCTION,
    });
    expect(alertNamed(group, "PaymentFailuresHigh").expr).toBe("round(sum(increase(shop_payments_failed_total[1h]))) > 5");
    expect(alertNamed(group, "SignupsDropped").expr).toBe(
      "sum(increase(shop_signups_total[1d]))\n<\n0.5 * sum(increase(shop_signups_total[1d] offset 7d))",
    );
    expect(alertNamed(group, "ApiQuotaNearlyExhausted").expr).toBe("shop_quota_used > 0.9");
  });

  it("take thresholds from config.alerts.business", () => {
    const group = businessRules({
      config: configWithAlerts({ business: { ...PAYMENTS, ...SIGNUPS, ...QUOTA, paymentFailuresPerHour: 20, signupsDropRatio: 0.3, quotaRatio: 0.75 } }),
      timing: PRODUCTION,
    });
    expect(alertNamed(group, "PaymentFailuresHigh").expr).toMatch(/ > 20$/);
    expect(alertNamed(group, "PaymentFailuresHigh").annotations.description).toContain("threshold: more than 20");
    expect(alertNamed(group, "SignupsDropped").expr).toContain("\n0.3 * sum(");
    expect(alertNamed(group, "SignupsDropped").annotations.description).toContain("under 30% of the same");
    expect(alertNamed(group, "ApiQuotaNearlyExhausted").expr).toBe("saas_api_quota_used_ratio > 0.75");
  });

  it("are critical for payments and warnings otherwise, without a status-page component", () => {
    const group = businessRules({ config: configWithAlerts({ business: { ...PAYMENTS, ...SIGNUPS, ...QUOTA } }), timing: PRODUCTION });
    expect(Object.fromEntries(group.rules.filter(isAlertingRule).map((rule) => [rule.alert, rule.labels]))).toEqual({
      BusinessQueryFailing: { severity: "warning" },
      PaymentFailuresHigh: { severity: "critical" },
      SignupsDropped: { severity: "warning" },
      ApiQuotaNearlyExhausted: { severity: "warning" },
    });
  });

  it("scale windows, offsets and staleness under the fast timing", () => {
    const group = businessRules({ config: configWithAlerts({ business: { ...PAYMENTS, ...SIGNUPS } }), timing: FAST });
    expect(alertNamed(group, "BusinessQueryFailing").expr).toBe(
      // Errors, and staleness, while PostgreSQL or Redis was down within the window are their alerts' to report.
      '(\nincrease(vigil_business_query_errors_total{job="vigil-exporter"}[15s]) > 0\nor\n' +
        'time() - vigil_business_query_last_success_timestamp_seconds{job="vigil-exporter"} > 30\n)\nunless on ()\n' +
        'max_over_time((min(pg_up{job="postgres"}) == 0 or min(redis_up{job="redis"}) == 0)[15s:])',
    );
    expect(alertNamed(group, "PaymentFailuresHigh").expr).toContain("[1m]");
    expect(alertNamed(group, "SignupsDropped").expr).toContain("[24m] offset 2h48m");
    expect(alertNamed(group, "SignupsDropped").for).toBe("1m");
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(alertsConfigError({ business: { paymentFailuresMetric: "saas-payment-failures" } }).issues).toEqual([
      { path: "alerts.business.paymentFailuresMetric", message: "expected a Prometheus metric name" },
    ]);
    expect(alertsConfigError({ business: { signupsDropRatio: 1.5 } }).issues.map((issue) => issue.path)).toEqual(["alerts.business.signupsDropRatio"]);
    expect(alertsConfigError({ business: { quotaRatio: 2 } }).issues.map((issue) => issue.path)).toEqual(["alerts.business.quotaRatio"]);
    expect(alertsConfigError({ business: { paymentFailuresPerHour: 0 } }).issues.map((issue) => issue.path)).toEqual([
      "alerts.business.paymentFailuresPerHour",
    ]);
  });
});
