import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/config";
import { FAST, PRODUCTION } from "../core/timing";
import { alertNamed, configWithAlerts } from "../test/support/fixtures";
import { isAlertingRule } from "./model";
import { sentryRules } from "./sentry";

describe("sentry rules", () => {
  it("are the relay's two alerts and the status publisher's, all warnings without a component", () => {
    const group = sentryRules({ config: configWithAlerts({}), timing: PRODUCTION });
    expect(Object.fromEntries(group.rules.filter(isAlertingRule).map((rule) => [rule.alert, rule.labels]))).toEqual({
      SentryErrorSpike: { severity: "warning" },
      SentryRelayUpstreamFailing: { severity: "warning" },
      StatusPagePublishFailing: { severity: "warning" },
    });
  });

  it("count error and fatal events per minute per project, against config.alerts.sentry", () => {
    const spike = alertNamed(sentryRules({ config: configWithAlerts({ sentry: { errorEventsPerMinute: 50 } }), timing: PRODUCTION }), "SentryErrorSpike");
    expect(spike.expr).toBe(
      'sum by (project, environment) (rate(vigil_sentry_events_total{job="vigil-exporter", level=~"error|fatal"}[5m])) * 60\n> 50',
    );
    expect(spike.for).toBe("10m");
    expect(spike.annotations.description).toContain("(threshold 50 per minute)");
  });

  it("count 5xx and unanswered requests as upstream failures", () => {
    const upstream = alertNamed(sentryRules({ config: configWithAlerts({}), timing: PRODUCTION }), "SentryRelayUpstreamFailing");
    expect(upstream.expr).toContain('status_class=~"5xx|error"');
    expect(upstream.expr).toMatch(/\n> 0\.1$/);
  });

  it("scale every for: and window under the fast timing, but keep staleness above three publish intervals", () => {
    const group = sentryRules({ config: configWithAlerts({}), timing: FAST });
    expect(alertNamed(group, "SentryErrorSpike").for).toBe("10s");
    expect(alertNamed(group, "SentryErrorSpike").expr).toContain("[5s]");
    expect(alertNamed(group, "SentryRelayUpstreamFailing").for).toBe("10s");
    expect(alertNamed(group, "StatusPagePublishFailing").expr).toBe(
      'increase(vigil_status_publish_failures_total{job="vigil-exporter"}[15s]) > 0\nor\ntime() - vigil_status_publish_last_success_timestamp_seconds{job="vigil-exporter"} > 180',
    );
  });

  it("reject a rate threshold that is not above zero, naming its path", () => {
    expect(() => configWithAlerts({ sentry: { errorEventsPerMinute: 0 } })).toThrow(ConfigError);
    expect(() => configWithAlerts({ sentry: { errorEventsPerMinute: 0 } })).toThrow("alerts.sentry.errorEventsPerMinute: expected a number above 0");
  });
});
