import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import {
  instantQuery,
  limitLineOverride,
  promQuery,
  ratesTimeseriesPanel,
  risingSteps,
  statPanel,
  thresholds,
  timeseriesPanel,
  upStat,
} from "../panels";
import { jobIs, rate, selector, sumBy } from "../queries";

// The application's Redis through redis_exporter (Debian's 1.45).

const REDIS = [jobIs("redis")];

export function redisUpStat() {
  return upStat(
    {
      title: "Redis up",
      description: "Whether redis_exporter reached Redis at its last scrape.",
      unit: units.NoUnit,
    },
    `min(${selector("redis_up", REDIS)})`,
  );
}

export function memoryUsedStat(config: VigilConfig) {
  const threshold = config.alerts.redis.memoryRatio;
  return statPanel(
    {
      title: "Memory against maxmemory",
      description: `Share of maxmemory in use (empty when no maxmemory is set); the alert fires above ${threshold * 100}%.`,
      unit: units.PercentUnit,
    },
    instantQuery(`max(${selector("redis_memory_used_bytes", REDIS)} / (${selector("redis_memory_max_bytes", REDIS)} > 0))`),
  ).thresholds(thresholds(risingSteps(threshold * 0.9, threshold)));
}

export function memoryTimeseries() {
  return timeseriesPanel(
    {
      title: "Memory",
      description: "Memory Redis uses for data and overhead, against maxmemory, past which it evicts keys or refuses writes.",
      unit: units.BytesIEC,
    },
    [
      promQuery(sumBy([], selector("redis_memory_used_bytes", REDIS)), "used"),
      promQuery(`max(${selector("redis_memory_max_bytes", REDIS)} > 0)`, "maxmemory"),
    ],
  )
    .overrideByName("maxmemory", limitLineOverride())
    .min(0);
}

export function hitRatioTimeseries() {
  const hits = sumBy([], rate(selector("redis_keyspace_hits_total", REDIS)));
  const misses = sumBy([], rate(selector("redis_keyspace_misses_total", REDIS)));
  return timeseriesPanel(
    {
      title: "Hit ratio",
      description: "Share of key lookups that found their key; a falling ratio means a cold or too small cache.",
      unit: units.PercentUnit,
    },
    [promQuery(`${hits} / (${hits} + ${misses})`, "hit ratio")],
  )
    .min(0)
    .max(1);
}

export function commandsTimeseries() {
  return timeseriesPanel(
    {
      title: "Commands per second",
      description: "Commands Redis processed per second.",
      unit: units.OpsPerSecond,
    },
    [promQuery(sumBy([], rate(selector("redis_commands_processed_total", REDIS))), "commands")],
  ).min(0);
}

export function clientsTimeseries(config: VigilConfig) {
  const threshold = config.alerts.redis.connectionsRatio;
  return timeseriesPanel(
    {
      title: "Connected clients",
      description: `Client connections against maxclients; the alert fires above ${threshold * 100}% of it.`,
      unit: units.Short,
    },
    [
      promQuery(sumBy([], selector("redis_connected_clients", REDIS)), "connected"),
      promQuery(`max(${selector("redis_config_maxclients", REDIS)})`, "maxclients"),
    ],
  )
    .overrideByName("maxclients", limitLineOverride())
    .min(0);
}

export function rejectedConnectionsTimeseries() {
  return timeseriesPanel(
    {
      title: "Rejected connections",
      description: "Connections Redis refused per second because maxclients was reached; any is an outage for some client.",
      unit: units.Short,
    },
    [promQuery(sumBy([], rate(selector("redis_rejected_connections_total", REDIS))), "rejected")],
  ).min(0);
}

export function evictionsTimeseries() {
  return ratesTimeseriesPanel(
    {
      title: "Evicted and expired keys",
      description: "Keys removed per second: evicted to make room under maxmemory, or expired by their TTL.",
      unit: units.Short,
    },
    [],
    REDIS,
    [
      ["redis_evicted_keys_total", "evicted"],
      ["redis_expired_keys_total", "expired"],
    ],
  );
}

export function keysTimeseries() {
  return timeseriesPanel(
    {
      title: "Keys",
      description: "Keys stored across databases, and how many of them have a TTL.",
      unit: units.Short,
    },
    [
      promQuery(sumBy([], selector("redis_db_keys", REDIS)), "keys"),
      promQuery(sumBy([], selector("redis_db_keys_expiring", REDIS)), "with a TTL"),
    ],
  ).min(0);
}
