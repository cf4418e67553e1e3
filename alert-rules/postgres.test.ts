import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { FAST, PRODUCTION } from "../core/timing";
import { alertNamed, alertsConfigError, configWithAlerts, exampleRawConfig } from "../test/support/fixtures";
import { ruleGroups } from "./index";
import { isAlertingRule } from "./model";
import { postgresRules } from "./postgres";

const EXAMPLE = exampleRawConfig();

describe("postgres rules", () => {
  it("are the catalog's seven alerts when config.postgres is set", () => {
    const group = postgresRules({ config: configWithAlerts({}), timing: PRODUCTION });
    expect(group?.rules.filter(isAlertingRule).map((rule) => rule.alert)).toEqual([
      "PostgresDown",
      "PostgresTooManyConnections",
      "PostgresDeadlocks",
      "PostgresLongRunningTransaction",
      "PostgresLowCacheHitRatio",
      "PostgresSlowQueries",
      "PostgresExporterErrors",
    ]);
  });

  it("flag statements slower than config.alerts.postgres.slowQuerySeconds on average (1 s), sustained", () => {
    const defaults = alertNamed(postgresRules({ config: configWithAlerts({}), timing: PRODUCTION }), "PostgresSlowQueries");
    expect(defaults.expr).toMatch(/\n> 1$/);
    expect(defaults.for).toBe("10m");
    expect(defaults.labels).toEqual({ severity: "warning" });
    const tuned = alertNamed(
      postgresRules({ config: configWithAlerts({ postgres: { slowQuerySeconds: 0.25, slowQueryFor: "30m" } }), timing: PRODUCTION }),
      "PostgresSlowQueries",
    );
    expect(tuned.expr).toMatch(/\n> 0\.25$/);
    expect(tuned.for).toBe("30m");
    expect(tuned.annotations.description).toContain("(threshold 0.25s)");
  });

  it("are absent without config.postgres, and so is their rule file", () => {
    // Business metrics read from Postgres, so the example's business section goes with it.
    const { postgres: _omitted, business: _readsIt, ...withoutPostgres } = EXAMPLE;
    const config = parseConfig(withoutPostgres);
    expect(postgresRules({ config, timing: PRODUCTION })).toBeUndefined();
    expect(ruleGroups(config, PRODUCTION, "http://localhost:3000").map((group) => group.name)).not.toContain("postgres");
  });

  it("page on the database or the exporter being down, critical, after 30s (1s under the fast timing)", () => {
    const down = alertNamed(postgresRules({ config: configWithAlerts({}), timing: PRODUCTION }), "PostgresDown");
    expect(down.expr).toBe('pg_up{job="postgres"} == 0\nor\nup{job="postgres"} == 0');
    expect(down.for).toBe("30s");
    expect(down.labels).toEqual({ severity: "critical", component: "database", component_status: "major_outage" });
    expect(alertNamed(postgresRules({ config: configWithAlerts({}), timing: FAST }), "PostgresDown").for).toBe("1s");
  });

  it("take thresholds and durations from config.alerts.postgres", () => {
    const group = postgresRules({
      config: configWithAlerts({ postgres: { connectionsRatio: 0.7, connectionsFor: "10m", longTransactionSeconds: 900, cacheHitRatio: 0.99 } }),
      timing: PRODUCTION,
    });
    expect(alertNamed(group, "PostgresTooManyConnections").expr).toMatch(/\n> 0\.7$/);
    expect(alertNamed(group, "PostgresTooManyConnections").for).toBe("10m");
    expect(alertNamed(group, "PostgresTooManyConnections").annotations.description).toContain("(threshold 70%)");
    expect(alertNamed(group, "PostgresLongRunningTransaction").expr).toMatch(/ > 900$/);
    expect(alertNamed(group, "PostgresLongRunningTransaction").annotations.description).toContain("(threshold 15m)");
    expect(alertNamed(group, "PostgresLowCacheHitRatio").expr).toContain("\n< 0.99\nand\n");
  });

  it("scale every for: and window under the fast timing", () => {
    const group = postgresRules({ config: configWithAlerts({}), timing: FAST });
    expect(alertNamed(group, "PostgresTooManyConnections").for).toBe("5s");
    expect(alertNamed(group, "PostgresLowCacheHitRatio").for).toBe("15s");
    expect(alertNamed(group, "PostgresLowCacheHitRatio").expr).toContain("[10s]");
    expect(alertNamed(group, "PostgresDeadlocks").expr).toContain("[10s]");
    expect(alertNamed(group, "PostgresExporterErrors").for).toBe("10s");
  });

  it("carry a severity, and a component only on PostgresDown: the other alerts are causes, not outages users see", () => {
    for (const rule of postgresRules({ config: configWithAlerts({}), timing: PRODUCTION })?.rules.filter(isAlertingRule) ?? []) {
      expect(["critical", "warning"]).toContain(rule.labels.severity);
      expect(rule.labels.component).toBe(rule.alert === "PostgresDown" ? "database" : undefined);
    }
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(alertsConfigError({ postgres: { connectionsRatio: 1.5 } }).issues).toEqual([
      { path: "alerts.postgres.connectionsRatio", message: "expected a ratio of at most 1 (1 = 100%)" },
    ]);
    expect(alertsConfigError({ postgres: { connectionsFor: "-5m" } }).issues.map((issue) => issue.path)).toEqual(["alerts.postgres.connectionsFor"]);
    expect(alertsConfigError({ postgres: { longTransactionSeconds: 0 } }).issues.map((issue) => issue.path)).toEqual([
      "alerts.postgres.longTransactionSeconds",
    ]);
    expect(alertsConfigError({ postgres: { cacheHitRatio: 0 } }).issues.map((issue) => issue.path)).toEqual(["alerts.postgres.cacheHitRatio"]);
  });
});
