import type { ArtifactFiles } from "../core/artifact-files";
import type { VigilConfig } from "../core/config";
import type { BusinessConfig } from "../core/exporter/business-config";
import type { ExporterConfig } from "../core/exporter/config";
import type { Placement } from "../core/placement";
import { parseDuration } from "../core/timing";
import type { Artifact } from "./artifact";
import { jsonArtifact } from "./artifact";
import { relaySection } from "./exporter-relay";
import { statusSection } from "./exporter-status";
import { SecretCollector } from "./secrets";

/**
 * The vigil exporter's config file, and one placeholder file per secret it names (the
 * database and Redis passwords, the ingest token, the Sentry DSN), as Alertmanager's are:
 * the config itself holds no secret, so reviewers read it like any other generated file.
 */
export function exporterArtifacts(config: VigilConfig, placement: Placement): Artifact[] {
  const secrets = new SecretCollector(placement, "exporter");
  const exporterConfig: ExporterConfig = {
    service: "vigil-exporter",
    listen: { host: placement.bindHost, port: placement.endpoints.vigilExporter.port },
    ingest: { host: placement.bindHost, port: placement.ingest.port },
    logLevel: "info",
    shutdownGraceSeconds: 10,
    ...(config.business ? { business: businessSection(config, secrets) } : {}),
    ...(config.sentryRelay ? { relay: relaySection(config, placement) } : {}),
    ...(config.statusPage ? { status: statusSection(config, placement, secrets) } : {}),
    ...(config.business?.exporterSentryDsn
      ? { sentry: { dsnFile: secrets.secretFile("sentry-dsn", config.business.exporterSentryDsn), environment: config.app.name } }
      : {}),
  };
  return [
    jsonArtifact("exporter/config.json", exporterConfig),
    ...secrets.artifacts(),
  ];
}

function businessSection(config: VigilConfig, secrets: ArtifactFiles): BusinessConfig {
  const business = config.business!;
  // Validated by the config schema, so every duration parses.
  const seconds = parseDuration;
  const usesPostgres = business.sql.length > 0 || business.saasPreset;
  const usesRedis = business.redis.length > 0;
  const [redisHost = "", redisPort = "0"] = config.redis?.address.split(":") ?? [];
  return {
    ...(usesPostgres && config.postgres
      ? {
          postgres: {
            host: config.postgres.host,
            port: config.postgres.port,
            database: config.postgres.database,
            user: config.postgres.user,
            passwordFile: secrets.secretFile("postgres-password", config.postgres.password),
            sslmode: config.postgres.sslmode,
          },
        }
      : {}),
    ...(usesRedis && config.redis
      ? {
          redis: {
            host: redisHost,
            port: Number(redisPort),
            ...(config.redis.password ? { passwordFile: secrets.secretFile("redis-password", config.redis.password) } : {}),
            tls: config.redis.tls,
          },
        }
      : {}),
    saasPreset: business.saasPreset,
    presetIntervalSeconds: seconds(business.presetInterval),
    // The preset's counts are cheap on indexed tables: half the interval, at most 30 s, is generous.
    presetTimeoutSeconds: Math.max(1, Math.min(30, seconds(business.presetInterval) / 2)),
    sql: business.sql.map((metric) => ({
      name: metric.name,
      help: metric.help,
      type: metric.type,
      query: metric.query,
      labels: metric.labels,
      intervalSeconds: seconds(metric.interval),
      timeoutSeconds: seconds(metric.timeout),
    })),
    redisMetrics: business.redis.map((metric) => ({
      name: metric.name,
      help: metric.help,
      kind: metric.kind,
      key: metric.key,
      ...(metric.field !== undefined ? { field: metric.field } : {}),
      intervalSeconds: seconds(metric.interval),
      timeoutSeconds: seconds(metric.timeout),
    })),
    events: business.events.map((event) => ({ ...event })),
    ...(business.ingestToken ? { ingestTokenFile: secrets.secretFile("ingest-token", business.ingestToken) } : {}),
    maxConcurrentQueries: business.maxConcurrentQueries,
    staleIntervals: business.staleIntervals,
  };
}
