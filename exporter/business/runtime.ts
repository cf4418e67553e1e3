import type { Pool } from "pg";
import type Redis from "ioredis";
import type { BusinessConfig, BusinessSecrets } from "../../core/exporter/business-config";
import { EventIngest } from "../events/ingest";
import type { ComponentLog } from "../log";
import type { ExporterMetrics } from "../metrics";
import { saasPresetMetrics } from "../presets/saas/metrics";
import type { Readiness } from "../readiness";
import { BusinessCollector } from "./collector";
import { checkRedis, createBusinessRedis, redisSource } from "./redis";
import type { MetricSource } from "./source";
import { checkPostgres, createBusinessPool, sqlSource } from "./sql";

// Composes the business side of the exporter from its config: connections, sources, the
// collector, the events endpoint's state and the readiness checks.

export interface BusinessRuntime {
  collector: BusinessCollector;
  /** Present when events are declared (the /events route exists only then). */
  events?: { ingest: EventIngest; token: string };
  /** Stops polling, waits for reads in flight, then closes the connections. */
  stop(): Promise<void>;
}

export interface BusinessRuntimeDeps {
  metrics: ExporterMetrics;
  readiness: Readiness;
  log: ComponentLog;
  defaultLabels: Record<string, string>;
  onFailure?: (error: unknown, source: string) => void;
}

export function createBusinessRuntime(config: BusinessConfig, secrets: BusinessSecrets, deps: BusinessRuntimeDeps): BusinessRuntime {
  const sources: MetricSource[] = [];
  let pool: Pool | undefined;
  let redis: Redis | undefined;

  const sqlMetrics = [
    ...(config.saasPreset
      ? saasPresetMetrics({ intervalSeconds: config.presetIntervalSeconds, timeoutSeconds: config.presetTimeoutSeconds })
      : []),
    ...config.sql,
  ];
  if (config.postgres && sqlMetrics.length > 0) {
    const { passwordFile: _file, ...connection } = config.postgres;
    pool = createBusinessPool({ ...connection, password: secrets.postgresPassword ?? "" }, {
      maxConcurrent: config.maxConcurrentQueries,
      connectTimeoutSeconds: 5,
      onIdleError: (error) => deps.log.warn({ err: error.message }, "an idle postgres connection failed; it will be reopened"),
    });
    const connected = pool;
    sources.push(...sqlMetrics.map((metric) => sqlSource(connected, metric)));
    deps.readiness.register("postgres", () => checkPostgres(connected));
  }
  if (config.redis && config.redisMetrics.length > 0) {
    let lastError: string | undefined;
    const { passwordFile: _file, ...connection } = config.redis;
    const client = createBusinessRedis(
      { ...connection, ...(secrets.redisPassword !== undefined ? { password: secrets.redisPassword } : {}) },
      (error) => (lastError = error.message),
    );
    client.on("ready", () => (lastError = undefined));
    redis = client;
    sources.push(...config.redisMetrics.map((metric) => redisSource(client, metric)));
    deps.readiness.register("redis", async () => checkRedis(client, () => lastError));
  }

  const collector = new BusinessCollector(sources, {
    metrics: deps.metrics,
    log: deps.log,
    maxConcurrent: config.maxConcurrentQueries,
    staleIntervals: config.staleIntervals,
    defaultLabels: deps.defaultLabels,
    ...(deps.onFailure ? { onFailure: deps.onFailure } : {}),
  });

  const events =
    config.events.length > 0 && secrets.ingestToken
      ? { ingest: new EventIngest(config.events, deps.metrics.registry, deps.metrics), token: secrets.ingestToken }
      : undefined;

  return {
    collector,
    ...(events ? { events } : {}),
    stop: async () => {
      await collector.stop();
      await Promise.allSettled([pool?.end(), redis?.quit()]);
      redis?.disconnect();
    },
  };
}
