import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../core/config";
import { parseExporterConfig } from "../core/exporter/config";
import { dropletPlacement } from "../core/placement";
import { rawConfigWithAlerting, SLACK_ONLY } from "../test/support/fixtures";
import { exporterArtifacts } from "./exporter";
import { placeholdersIn } from "./secrets";

function rawConfig(business: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    ...rawConfigWithAlerting(SLACK_ONLY),
    postgres: { host: "10.110.0.8", database: "shop", user: "vigil_monitor", password: "pg-secret" },
    redis: { address: "10.110.0.9:6379", password: "redis-secret" },
    ...(business ? { business } : {}),
    ...extra,
  };
}

function issues(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

const BUSINESS = {
  saasPreset: true,
  sql: [{ name: "orders_open", help: "Open orders by region.", query: "SELECT region, count(*) AS value FROM orders GROUP BY region", labels: ["region"] }],
  redis: [{ name: "jobs_pending", help: "Queued jobs.", kind: "listLength", key: "jobs:pending" }],
  events: [{ name: "app_signups_total", help: "Signups.", labels: ["plan"] }],
  ingestToken: "ingest-secret",
};

describe("the business section at synth time", () => {
  it("fails with the path and the reason for each mistake", () => {
    expect(
      issues(
        rawConfig({
          sql: [
            { name: "orders-open", help: "h", query: "SELECT count(*) AS value FROM orders" },
            { name: "by_region", help: "h", query: "SELECT region, count(*) AS n FROM orders GROUP BY region", labels: ["region", "country"] },
            { name: "saas_mrr", help: "h", query: "SELECT 1 AS value" },
          ],
          saasPreset: true,
          events: [{ name: "clicks_total", help: "h" }],
        }),
      ),
    ).toEqual([
      'business.sql.0.name: "orders-open" is not a metric name Prometheus accepts ([a-zA-Z_:][a-zA-Z0-9_:]*)',
      'business.sql.1.query: the query selects no column named "value" (write … AS value)',
      'business.sql.1.labels: label "country" is not returned by the query (select a column named country)',
      'business.sql.2.name: duplicate metric name "saas_mrr" (already used by the SaaS preset)',
      "business.ingestToken: required when business.events are declared, or anybody could post them",
    ]);
  });

  it("needs the postgres section for SQL metrics and the redis section for Redis metrics", () => {
    expect(issues({ ...rawConfig(BUSINESS), postgres: undefined, redis: undefined })).toEqual([
      "business: business.sql and business.saasPreset need the postgres section",
      "business.redis: Redis business metrics need the redis section",
    ]);
  });

  it("renders the exporter config with no secret in it, each secret in its own placeholder file, and the exporter accepts it", () => {
    const config = parseConfig(rawConfig({ ...BUSINESS, exporterSentryDsn: "https://key@sentry.example.com/1" }));
    const artifacts = exporterArtifacts(config, dropletPlacement());
    const [main, ...secrets] = artifacts;
    expect(main!.path).toBe("exporter/config.json");
    expect(main!.secret).toBeUndefined();
    expect(placeholdersIn(main!.content)).toEqual([]);
    for (const value of ["pg-secret", "redis-secret", "ingest-secret", "https://key@sentry"]) {
      for (const artifact of artifacts) expect(artifact.content).not.toContain(value);
    }
    expect(secrets).toEqual([
      { path: "exporter/secrets/postgres-password", content: "<<vigil-secret:postgres.password>>", secret: true },
      { path: "exporter/secrets/redis-password", content: "<<vigil-secret:redis.password>>", secret: true },
      { path: "exporter/secrets/ingest-token", content: "<<vigil-secret:business.ingestToken>>", secret: true },
      { path: "exporter/secrets/sentry-dsn", content: "<<vigil-secret:business.exporterSentryDsn>>", secret: true },
    ]);
    const parsed = parseExporterConfig(JSON.parse(main!.content));
    expect(parsed.business).toMatchObject({
      postgres: { host: "10.110.0.8", port: 5432, database: "shop", user: "vigil_monitor", passwordFile: "/etc/vigil/secrets/postgres-password", sslmode: "require" },
      redis: { host: "10.110.0.9", port: 6379, passwordFile: "/etc/vigil/secrets/redis-password", tls: false },
      saasPreset: true,
      presetIntervalSeconds: 60,
      sql: [{ name: "orders_open", type: "gauge", labels: ["region"], intervalSeconds: 60, timeoutSeconds: 10 }],
      redisMetrics: [{ name: "jobs_pending", kind: "listLength", key: "jobs:pending", intervalSeconds: 30, timeoutSeconds: 5 }],
      events: [{ name: "app_signups_total", labels: ["plan"], cardinalityCap: 100 }],
      ingestTokenFile: "/etc/vigil/secrets/ingest-token",
      maxConcurrentQueries: 2,
      staleIntervals: 3,
    });
    expect(parsed.sentry).toEqual({ dsnFile: "/etc/vigil/secrets/sentry-dsn", environment: "shop" });
  });

  it("leaves the exporter config without business or secrets when the section is absent", () => {
    const artifacts = exporterArtifacts(parseConfig(rawConfig(undefined)), dropletPlacement());
    expect(artifacts.map((artifact) => artifact.path)).toEqual(["exporter/config.json"]);
    expect(JSON.parse(artifacts[0]!.content)).not.toHaveProperty("business");
  });
});
