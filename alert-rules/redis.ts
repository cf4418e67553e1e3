import { JOBS } from "../core/catalog";
import { quoted } from "../core/config/selectors";
import { scaled, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { type AlertingRule, forVisitors, type RuleGroup } from "./model";
import { DOWN_FOR_SECONDS, downAlert, exporterDownExpr, percent, ratioAlert, scaledWindow } from "./templates";

// The application's Redis, seen through redis_exporter (Debian's 1.45; metric names
// checked against the running binary). Only RedisDown carries a `component` label
// (redis.statusComponent), for the reason given in postgres.ts.

const JOB = `job=${quoted(JOBS.redis)}`;

/** RedisMemoryHigh and RedisTooManyConnections: how long the share must stay high. */
const SATURATION_FOR = "5m";
/** RedisRejectedConnections: the window rejections are counted over. */
const REJECTED_WINDOW = "5m";

export function redisRules({ config, timing }: RuleContext): RuleGroup | undefined {
  if (!config.redis) return undefined;
  const settings = config.alerts.redis;
  const address = config.redis.address;
  const rejectedWindow = scaledWindow(timing, REJECTED_WINDOW);
  const saturationFor = scaledDuration(timing, SATURATION_FOR);

  return {
    name: "redis",
    rules: [
      downAlert({
        alert: "RedisDown",
        expr: exporterDownExpr("redis_up", JOBS.redis),
        visitors: config.redis.statusComponent ? forVisitors(config.redis.statusComponent, "major_outage") : undefined,
        summary: "Redis is unreachable from the monitoring droplet.",
        description:
          `redis_exporter ({{ $labels.instance }}) has not been able to connect to Redis (${address}), or has not answered its scrapes itself, for more than ${scaled(timing, DOWN_FOR_SECONDS)}. ` +
          "The application probably cannot reach its cache or queue either; the other Redis alerts are blind.",
        timing,
      }),
      withoutEvictingCaches(
        ratioAlert({
          alert: "RedisMemoryHigh",
          numerator: `redis_memory_used_bytes{${JOB}}`,
          // Without a maxmemory (0) there is no ceiling to compare against.
          denominator: `redis_memory_max_bytes{${JOB}} > 0`,
          threshold: settings.memoryRatio,
          for: SATURATION_FOR,
          severity: "warning",
          summary: "Redis {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its maxmemory.",
          description:
            `Redis (${address}) has used {{ $value | humanizePercentage }} of its maxmemory for more than ${saturationFor} (threshold ${percent(settings.memoryRatio)}). ` +
            "When it is full, writes fail with OOM errors (noeviction) or keys with a TTL are evicted early.",
          timing,
        }),
      ),
      ratioAlert({
        alert: "RedisTooManyConnections",
        numerator: `redis_connected_clients{${JOB}}`,
        denominator: `redis_config_maxclients{${JOB}}`,
        threshold: settings.connectionsRatio,
        for: SATURATION_FOR,
        severity: "warning",
        summary: "Redis {{ $labels.instance }} has {{ $value | humanizePercentage }} of maxclients connected.",
        description:
          `Redis (${address}) has had {{ $value | humanizePercentage }} of its maxclients connected for more than ${saturationFor} (threshold ${percent(settings.connectionsRatio)}). ` +
          "When none are left, new connections are refused: the application's, and the exporter's (which then reports Redis down).",
        timing,
      }),
      {
        alert: "RedisRejectedConnections",
        expr: `increase(redis_rejected_connections_total{${JOB}}[${rejectedWindow}]) > 0`,
        labels: { severity: "warning" },
        annotations: {
          summary: "Redis {{ $labels.instance }} rejected connections.",
          description:
            `Redis (${address}) rejected {{ printf "%.0f" $value }} connection(s) in the last ${rejectedWindow} because maxclients was reached. ` +
            "Each rejected client got an error instead of its cache or queue operation.",
        },
      },
    ],
  };
}

/**
 * A Redis whose policy evicts any key (allkeys-*) is a cache meant to sit at its
 * maxmemory: full is its normal state. Only the other policies are watched, where a full
 * Redis refuses writes (noeviction) or evicts only the keys that have a TTL.
 */
function withoutEvictingCaches(rule: AlertingRule): AlertingRule {
  return {
    ...rule,
    expr: `${rule.expr}\nunless on (job, instance)\nredis_instance_info{${JOB}, maxmemory_policy=~"allkeys-.*"}`,
  };
}
