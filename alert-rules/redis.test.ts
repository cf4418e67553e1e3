import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { FAST, PRODUCTION } from "../core/timing";
import { alertNamed, alertsConfigError, configWithAlerts, exampleRawConfig } from "../test/support/fixtures";
import { ruleGroups } from "./index";
import { isAlertingRule } from "./model";
import { redisRules } from "./redis";

const EXAMPLE = exampleRawConfig();

describe("redis rules", () => {
  it("are the catalog's four alerts when config.redis is set", () => {
    const group = redisRules({ config: configWithAlerts({}), timing: PRODUCTION });
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
    const down = alertNamed(redisRules({ config: configWithAlerts({}), timing: PRODUCTION }), "RedisDown");
    expect(down.expr).toBe('redis_up{job="redis"} == 0\nor\nup{job="redis"} == 0');
    expect(down.for).toBe("30s");
    expect(down.labels).toEqual({ severity: "critical", component: "cache", component_status: "major_outage" });
  });

  it("watch memory only where a maxmemory is set and the policy does not evict any key", () => {
    const expr = alertNamed(redisRules({ config: configWithAlerts({}), timing: PRODUCTION }), "RedisMemoryHigh").expr;
    expect(expr).toContain('(redis_memory_max_bytes{job="redis"} > 0)');
    expect(expr).toMatch(/\nunless on \(job, instance\)\nredis_instance_info\{job="redis", maxmemory_policy=~"allkeys-\.\*"\}$/);
  });

  it("take thresholds from config.alerts.redis", () => {
    const group = redisRules({ config: configWithAlerts({ redis: { memoryRatio: 0.75, connectionsRatio: 0.6 } }), timing: PRODUCTION });
    expect(alertNamed(group, "RedisMemoryHigh").expr).toContain("\n> 0.75\n");
    expect(alertNamed(group, "RedisMemoryHigh").annotations.description).toContain("(threshold 75%)");
    expect(alertNamed(group, "RedisTooManyConnections").expr).toMatch(/\n> 0\.6$/);
  });

  it("scale every for: and window under the fast timing", () => {
    const group = redisRules({ config: configWithAlerts({}), timing: FAST });
    expect(alertNamed(group, "RedisDown").for).toBe("1s");
    expect(alertNamed(group, "RedisMemoryHigh").for).toBe("5s");
    expect(alertNamed(group, "RedisTooManyConnections").for).toBe("5s");
    expect(alertNamed(group, "RedisRejectedConnections").expr).toContain("[5s]");
  });

  it("reject overrides that make no sense, naming their path", () => {
    expect(alertsConfigError({ redis: { memoryRatio: 1.2 } }).issues).toEqual([
      { path: "alerts.redis.memoryRatio", message: "expected a ratio of at most 1 (1 = 100%)" },
    ]);
    expect(alertsConfigError({ redis: { connectionsRatio: -0.1 } }).issues.map((issue) => issue.path)).toEqual(["alerts.redis.connectionsRatio"]);
    expect(alertsConfigError({ redis: { maxmemoryRatio: 0.9 } }).issues).toEqual([{ path: "alerts.redis", message: "unknown key(s): maxmemoryRatio" }]);
  });
});
