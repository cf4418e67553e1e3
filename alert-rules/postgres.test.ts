import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, rawFromDocument } from "../infra/config";
import { FAST, PRODUCTION } from "../synth/timing";
import { ruleGroups } from "./index";
import type { AlertingRule, RuleGroup } from "./model";
import { isAlertingRule } from "./model";
import { postgresRules } from "./postgres";

const EXAMPLE = rawFromDocument(parseYaml(readFileSync(join(__dirname, "..", "Pulumi.prod.yaml"), "utf8"))) as Record<string, any>;
const configWith = (alerts: Record<string, unknown>) => parseConfig({ ...EXAMPLE, alerts: { ...EXAMPLE.alerts, ...alerts } });

function alert(group: RuleGroup | undefined, name: string): AlertingRule {
  const found = group?.rules.filter(isAlertingRule).find((rule) => rule.alert === name);
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

describe("postgres rules", () => {
  it("are the catalog's six alerts when config.postgres is set", () => {
    const group = postgresRules({ config: configWith({}), timing: PRODUCTION });
    expect(group?.rules.filter(isAlertingRule).map((rule) => rule.alert)).toEqual([
      "PostgresDown",
      "PostgresTooManyConnections",
      "PostgresDeadlocks",
      "PostgresLongRunningTransaction",
      "PostgresLowCacheHitRatio",
      "PostgresExporterErrors",
    ]);
  });

  it("are absent without config.postgres, and so is their rule file", () => {
    // Business metrics read from Postgres, so the example's business section goes with it.
    const { postgres: _omitted, business: _readsIt, ...withoutPostgres } = EXAMPLE;
    const config = parseConfig(withoutPostgres);
    expect(postgresRules({ config, timing: PRODUCTION })).toBeUndefined();
    expect(ruleGroups(config, PRODUCTION, "http://localhost:3000").map((group) => group.name)).not.toContain("postgres");
  });

  it("page on the database or the exporter being down, critical, after 30s (1s under the fast timing)", () => {
    const down = alert(postgresRules({ config: configWith({}), timing: PRODUCTION }), "PostgresDown");
    expect(down.expr).toBe('pg_up{job="postgres"} == 0\nor\nup{job="postgres"} == 0');
    expect(down.for).toBe("30s");
    expect(down.labels).toEqual({ severity: "critical" });
    expect(alert(postgresRules({ config: configWith({}), timing: FAST }), "PostgresDown").for).toBe("1s");
  });

  it("take thresholds and durations from config.alerts.postgres", () => {
    const group = postgresRules({
      config: configWith({ postgres: { connectionsRatio: 0.7, connectionsFor: "10m", longTransactionSeconds: 900, cacheHitRatio: 0.99 } }),
      timing: PRODUCTION,
    });
    expect(alert(group, "PostgresTooManyConnections").expr).toMatch(/\n> 0\.7$/);
    expect(alert(group, "PostgresTooManyConnections").for).toBe("10m");
    expect(alert(group, "PostgresTooManyConnections").annotations.description).toContain("(threshold 70%)");
    expect(alert(group, "PostgresLongRunningTransaction").expr).toMatch(/ > 900$/);
    expect(alert(group, "PostgresLongRunningTransaction").annotations.description).toContain("(threshold 15m)");
    expect(alert(group, "PostgresLowCacheHitRatio").expr).toContain("\n< 0.99\nand\n");
  });

  it("scale every for: and window under the fast timing", () => {
    const group = postgresRules({ config: configWith({}), timing: FAST });
    expect(alert(group, "PostgresTooManyConnections").for).toBe("5s");
    expect(alert(group, "PostgresLowCacheHitRatio").for).toBe("15s");
    expect(alert(group, "PostgresLowCacheHitRatio").expr).toContain("[10s]");
    expect(alert(group, "PostgresDeadlocks").expr).toContain("[10s]");
    expect(alert(group, "PostgresExporterErrors").for).toBe("10s");
  });

  it("carry a severity and no component: a cause seen from the droplet is not a status-page outage", () => {
    for (const rule of postgresRules({ config: configWith({}), timing: PRODUCTION })?.rules.filter(isAlertingRule) ?? []) {
      expect(["critical", "warning"]).toContain(rule.labels.severity);
      expect(rule.labels.component).toBeUndefined();
    }
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(configError({ postgres: { connectionsRatio: 1.5 } }).issues).toEqual([
      { path: "alerts.postgres.connectionsRatio", message: "expected a ratio of at most 1 (1 = 100%)" },
    ]);
    expect(configError({ postgres: { connectionsFor: "-5m" } }).issues.map((issue) => issue.path)).toEqual(["alerts.postgres.connectionsFor"]);
    expect(configError({ postgres: { longTransactionSeconds: 0 } }).issues.map((issue) => issue.path)).toEqual([
      "alerts.postgres.longTransactionSeconds",
    ]);
    expect(configError({ postgres: { cacheHitRatio: 0 } }).issues.map((issue) => issue.path)).toEqual(["alerts.postgres.cacheHitRatio"]);
  });
});
