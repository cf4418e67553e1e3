import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, rawFromDocument } from "../infra/config";
import { FAST, PRODUCTION } from "../synth/timing";
import { ruleGroups } from "./index";
import type { AlertingRule, RuleGroup } from "./model";
import { isAlertingRule } from "./model";
import { redisRules } from "./redis";

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

describe("redis rules", () => {
  it("are the catalog's four alerts when config.redis is set", () => {
    const group = redisRules({ config: configWith({}), timing: PRODUCTION });
    expect(group?.rules.filter(isAlertingRule).map((rule) => rule.alert)).toEqual([
      "RedisDown",
      "RedisMemoryHigh",
      "RedisTooManyConnections",
      "RedisRejectedConnections",
    ]);
  });

  it("are absent without config.redis, and so is their rule file", () => {
    // Business metrics read from Redis, so the example's business section goes with it.
    const { redis: _omitted, business: _readsIt, ...withoutRedis } = EXAMPLE;
    const config = parseConfig(withoutRedis);
    expect(redisRules({ config, timing: PRODUCTION })).toBeUndefined();
    expect(ruleGroups(config, PRODUCTION, "http://localhost:3000").map((group) => group.name)).not.toContain("redis");
  });

  it("page on Redis or the exporter being down, critical, after 30s", () => {
    const down = alert(redisRules({ config: configWith({}), timing: PRODUCTION }), "RedisDown");
    expect(down.expr).toBe('redis_up{job="redis"} == 0\nor\nup{job="redis"} == 0');
    expect(down.for).toBe("30s");
    expect(down.labels).toEqual({ severity: "critical" });
  });

  it("watch memory only where a maxmemory is set and the policy does not evict any key", () => {
    const expr = alert(redisRules({ config: configWith({}), timing: PRODUCTION }), "RedisMemoryHigh").expr;
    expect(expr).toContain('(redis_memory_max_bytes{job="redis"} > 0)');
    expect(expr).toMatch(/\nunless on \(job, instance\)\nredis_instance_info\{job="redis", maxmemory_policy=~"allkeys-\.\*"\}$/);
  });

  it("take thresholds from config.alerts.redis", () => {
    const group = redisRules({ config: configWith({ redis: { memoryRatio: 0.75, connectionsRatio: 0.6 } }), timing: PRODUCTION });
    expect(alert(group, "RedisMemoryHigh").expr).toContain("\n> 0.75\n");
    expect(alert(group, "RedisMemoryHigh").annotations.description).toContain("(threshold 75%)");
    expect(alert(group, "RedisTooManyConnections").expr).toMatch(/\n> 0\.6$/);
  });

  it("scale every for: and window under the fast timing", () => {
    const group = redisRules({ config: configWith({}), timing: FAST });
    expect(alert(group, "RedisDown").for).toBe("1s");
    expect(alert(group, "RedisMemoryHigh").for).toBe("5s");
    expect(alert(group, "RedisTooManyConnections").for).toBe("5s");
    expect(alert(group, "RedisRejectedConnections").expr).toContain("[5s]");
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(configError({ redis: { memoryRatio: 1.2 } }).issues).toEqual([
      { path: "alerts.redis.memoryRatio", message: "expected a ratio of at most 1 (1 = 100%)" },
    ]);
    expect(configError({ redis: { connectionsRatio: -0.1 } }).issues.map((issue) => issue.path)).toEqual(["alerts.redis.connectionsRatio"]);
    expect(configError({ redis: { maxmemoryRatio: 0.9 } }).issues).toEqual([{ path: "alerts.redis", message: "unknown key(s): maxmemoryRatio" }]);
  });
});
