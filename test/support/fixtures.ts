// Shared test fixtures: vigil configs (raw, parsed and as plain YAML), the example stack's
// config for the rule tests, and the exporter's business-config defaults. Every builder
// answers a fresh object, so a test may change what it gets without touching the next test
// (objects passed in, such as SLACK_ONLY, go in as they are: change those and they change).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { AlertingRule, RuleGroup } from "../../alert-rules/model";
import { isAlertingRule } from "../../alert-rules/model";
import type { VigilConfig } from "../../core/config";
import { ConfigError, parseConfig, rawFromDocument } from "../../core/config";

const REPO_ROOT = join(__dirname, "..", "..");

// ---------------------------------------------------------------- minimal configs

/** The one admin CIDR and SSH key of the minimal config. */
export const ADMIN_CIDR = "203.0.113.10/32";
export const SSH_KEY_FINGERPRINT = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa";

/** Alerting needs at least one receiver: Slack, where a test needs one but not a particular one. */
export const SLACK_ONLY = { slack: { channel: "#alerts", webhookUrl: "https://hooks.slack.com/x" } };

/**
 * A raw config (what parseConfig takes) with only the sections that have no defaults:
 * access, app, alerting and grafana. `alerting` goes in after the runbook base URL, so it
 * holds the receivers (and any other alerting setting); nothing else is configured.
 */
export function rawConfigWithAlerting(alerting: Record<string, unknown>): Record<string, any> {
  return {
    access: {
      adminCidrs: [ADMIN_CIDR],
      sshKeyFingerprints: [SSH_KEY_FINGERPRINT],
    },
    app: { name: "shop", publicUrl: "https://shop.example.com/", metricsTargets: ["10.110.0.5:8000"] },
    alerting: { runbookBaseUrl: "https://example.com/runbooks", ...alerting },
    grafana: { adminPassword: "admin-password" },
  };
}

/**
 * The smallest valid raw config: only the sections without defaults, with email as its one
 * receiver. `overrides` replace (or add) whole top-level sections.
 */
export function minimalRawConfig(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    ...rawConfigWithAlerting({
      email: { to: "oncall@example.com", from: "vigil@example.com", smarthost: "smtp.example.com:587", username: "vigil", password: "smtp-password" },
    }),
    ...overrides,
  };
}

/**
 * The minimal config, parsed, with these alerting settings (its receivers) in place of the
 * email receiver: without postgres, redis or any receiver but the ones given (Slack by default).
 */
export function parseMinimalConfig(alerting: Record<string, unknown> = SLACK_ONLY): VigilConfig {
  return parseConfig(rawConfigWithAlerting(alerting));
}

// ---------------------------------------------------------------- a plain YAML config

/**
 * The secrets of plainConfigYaml(), by dotted path: distinctive values, so a leak is
 * unmistakable wherever it turns up.
 */
export const PLAIN_SECRET_VALUES = {
  "postgres.password": "pg-secret-Zq7xW1",
  "redis.password": "redis-secret-Kp4vB8",
  "alerting.pagerduty.routingKey": "pd-secret-Hn2cM5",
  "alerting.slack.webhookUrl": "https://hooks.slack.com/services/T000/B000/slack-secret-Yt9rQ3",
  "alerting.email.password": "smtp-secret-Lw6dF0",
  "grafana.adminPassword": "grafana-secret-Vb3sJ7",
  "alerting.heartbeat.url": "https://hc-ping.com/heartbeat-secret-Rc8tN2",
} as const;

export interface PlainConfigYamlOptions {
  /** The YAML flow sequence of admin CIDRs; one /32 unless given. */
  adminCidrs?: string;
}

/**
 * A plain vigil YAML file: the config shape at the root, every secret a plain string (from
 * PLAIN_SECRET_VALUES), postgres, redis, all three receivers and the heartbeat configured.
 */
export function plainConfigYaml({ adminCidrs = `[${ADMIN_CIDR}]` }: PlainConfigYamlOptions = {}): string {
  const secret = PLAIN_SECRET_VALUES;
  return `
access:
  adminCidrs: ${adminCidrs}
  sshKeyFingerprints: ["${SSH_KEY_FINGERPRINT}"]
app:
  name: shop
  publicUrl: https://shop.example.com/healthz
  metricsTargets: [10.110.0.5:8000]
postgres:
  host: 10.110.0.8
  database: shop
  user: vigil_monitor
  password: ${secret["postgres.password"]}
redis:
  address: 10.110.0.9:6379
  password: ${secret["redis.password"]}
alerting:
  runbookBaseUrl: https://example.com/runbooks
  pagerduty:
    routingKey: ${secret["alerting.pagerduty.routingKey"]}
  slack:
    channel: "#alerts"
    webhookUrl: ${secret["alerting.slack.webhookUrl"]}
  email:
    to: oncall@example.com
    from: vigil@example.com
    smarthost: smtp.example.com:587
    username: vigil@example.com
    password: ${secret["alerting.email.password"]}
  heartbeat:
    url: ${secret["alerting.heartbeat.url"]}
grafana:
  adminPassword: ${secret["grafana.adminPassword"]}
`;
}

// ---------------------------------------------------------------- the example stack, for rule tests

let exampleRaw: Record<string, any> | undefined;

/**
 * The example stack's config (Pulumi.prod.yaml) as a raw config, `vigil:` keys unprefixed.
 * Read once and shared between the calls of a test file: spread it, do not change it.
 */
export function exampleRawConfig(): Record<string, any> {
  exampleRaw ??= rawFromDocument(parseYaml(readFileSync(join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8"))) as Record<string, any>;
  return exampleRaw;
}

/** The example stack's config, parsed, with these settings merged over its `alerts` section. */
export function configWithAlerts(alerts: Record<string, unknown>): VigilConfig {
  const example = exampleRawConfig();
  return parseConfig({ ...example, alerts: { ...example.alerts, ...alerts } });
}

/** The ConfigError that configWithAlerts(alerts) throws; fails the test if the config is accepted. */
export function alertsConfigError(alerts: Record<string, unknown>): ConfigError {
  try {
    configWithAlerts(alerts);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

/** The alerting rule of that name in a rule group; throws if there is none (or no group). */
export function alertNamed(group: RuleGroup | undefined, name: string): AlertingRule {
  const found = group?.rules.filter(isAlertingRule).find((rule) => rule.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
}

// ---------------------------------------------------------------- the exporter's business config

/**
 * The exporter's business config with every setting at its default and nothing declared: no
 * metrics, no events, and no postgres, redis or ingest token to read them with.
 */
export function businessConfigDefaults() {
  return {
    saasPreset: false,
    presetIntervalSeconds: 60,
    presetTimeoutSeconds: 10,
    sql: [],
    redisMetrics: [],
    events: [],
    maxConcurrentQueries: 2,
    staleIntervals: 3,
  };
}
