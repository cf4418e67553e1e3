// The one typed config for a vigil stack. The Pulumi program reads it from stack config
// (`vigil:<key>`), synth and the local stack read the same shape from YAML; all of them
// go through parseConfig(), so a bad value fails here, with its path, before anything is
// rendered or created.
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { isIP } from "node:net";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { parseDuration } from "../synth/timing";
import { alertSettingsSchema } from "./alert-settings";
import { duration, labelName, metricName } from "./prometheus-names";
import { definitionProblems, REDIS_METRIC_KINDS } from "../exporter/business/definitions";
import { SAAS_PRESET_NAMES } from "../exporter/presets/saas/metrics";

/** The Pulumi config namespace: keys are `vigil:app`, `vigil:alerting`, … */
export const CONFIG_NAMESPACE = "vigil";

/**
 * A secret config value. It never prints: logs, JSON and util.inspect show "[secret]".
 * `path` is its dotted place in the config (set by parseConfig); synth renders it as a
 * placeholder naming that path, and the Pulumi program or the local stack fills it in.
 */
export class Secret {
  path = "";
  constructor(private readonly plaintext: string | undefined) {}

  /** The value; undefined when the source held only Pulumi ciphertext (`secure:`). */
  reveal(): string | undefined {
    return this.plaintext;
  }

  toJSON(): string {
    return "[secret]";
  }
  toString(): string {
    return "[secret]";
  }
  [inspect.custom](): string {
    return `Secret(${this.path || "?"})`;
  }
}

// ---------------------------------------------------------------- field types

/** A secret: a plain string (local YAML, decrypted Pulumi config) or `{secure: …}`. */
function secret(whenMissing: string) {
  return z
    .union([z.string().min(1), z.object({ secure: z.string().min(1) }).strict()], {
      error: (issue) =>
        issue.input === undefined
          ? whenMissing
          : "expected a secret string (set it with `pulumi config set --secret --path …`)",
    })
    .transform((value) => new Secret(typeof value === "string" ? value : undefined));
}

/**
 * A secret URL (a Slack webhook): checked as a URL whenever its value is readable, so a
 * typo fails at synth or preview time instead of at the first page. The message names the
 * field, never the value.
 */
function secretUrl(whenMissing: string) {
  return secret(whenMissing).refine(
    (value) => value.reveal() === undefined || isHttpUrl(value.reveal() as string),
    "expected an http(s) URL",
  );
}

function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split("/");
  if (rest.length > 0 || address === undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) {
    return false;
  }
  const family = isIP(address);
  const prefix = Number(bits);
  return (family === 4 && prefix <= 32) || (family === 6 && prefix <= 128);
}

const cidr = z.string().refine(isCidr, "expected a CIDR such as 203.0.113.7/32 or 2001:db8::/64");

/** host:port, where host is a DNS name or an IPv4 address. */
const hostPort = z
  .string()
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:([1-9]\d{0,4})$/,
    // abort: without a host:port shape there is no port to range-check, so no second issue.
    { message: "expected host:port, e.g. 10.110.0.5:8000", abort: true },
  )
  .refine((value) => Number(value.split(":")[1]) <= 65535, "port must be 1-65535");

const port = z.number().int().min(1, "port must be 1-65535").max(65535, "port must be 1-65535");


/** Lowercase name usable as a job label, a container name and a DNS label. */
const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, "expected lowercase letters, digits and dashes (2-32 chars)");


const sshFingerprint = z
  .string()
  .regex(
    /^([0-9a-f]{2}:){15}[0-9a-f]{2}$|^SHA256:[A-Za-z0-9+/]{43}$/,
    "expected an SSH key fingerprint as DigitalOcean shows it (aa:bb:…, 16 pairs)",
  );

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

// ---------------------------------------------------------------- the schema

const dropletSchema = z
  .object({
    /** DigitalOcean size slug; the whole stack fits in 4 GiB. */
    size: z.string().regex(/^[a-z0-9-]+$/, "expected a size slug such as s-2vcpu-4gb").default("s-2vcpu-4gb"),
    /** VPC to place the droplet in, so it reaches the application privately; default VPC if unset. */
    vpcUuid: z.string().optional(),
    /** DigitalOcean weekly backups of the droplet (the data volume has its own snapshots). */
    backups: z.boolean().default(false),
  })
  .strict();

const accessSchema = z
  .object({
    /** Who may SSH in (and so open the tunnel to Grafana, Prometheus, Alertmanager). */
    adminCidrs: z.array(cidr).min(1, "at least one admin CIDR is needed, or nobody can reach the droplet"),
    /** DigitalOcean SSH keys installed for root. */
    sshKeyFingerprints: z.array(sshFingerprint).min(1, "at least one SSH key is needed to manage the droplet"),
  })
  .strict();

const httpMetricsSchema = z
  .object({
    /** Counter of requests (default: prometheus-fastapi-instrumentator's). */
    requestsTotal: metricName.default("http_requests_total"),
    /** Histogram of request durations, in seconds. */
    requestDuration: metricName.default("http_request_duration_seconds"),
    /** Label holding the route template. */
    routeLabel: labelName.default("handler"),
    methodLabel: labelName.default("method"),
    /** Label holding the status: grouped ("5xx") or a code ("503"); rules handle both. */
    statusLabel: labelName.default("status"),
  })
  .strict();

const appSchema = z
  .object({
    /** Short name of the monitored application: job label and status-page component. */
    name: slug,
    /** What users open; probed from the droplet by the blackbox exporter. */
    publicUrl: httpUrl,
    /** Private host:port targets serving the application's own /metrics. */
    metricsTargets: z.array(hostPort).min(1, "at least one metrics target is needed"),
    metricsPath: z.string().startsWith("/", "expected a path starting with /").default("/metrics"),
    metricsScheme: z.enum(["http", "https"]).default("http"),
    httpMetrics: httpMetricsSchema.default(httpMetricsSchema.parse({})),
  })
  .strict();

const postgresSchema = z
  .object({
    host: z.string().min(1),
    port: port.default(5432),
    database: z.string().min(1),
    /** A monitoring role (pg_monitor), not the application's owner role. */
    user: z.string().min(1),
    password: secret("required when postgres is set"),
    sslmode: z.enum(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]).default("require"),
  })
  .strict();

const redisSchema = z
  .object({
    address: hostPort,
    password: secret("required when redis.password is set").optional(),
    tls: z.boolean().default(false),
  })
  .strict();

// ---------------------------------------------------------------- business metrics

/** A positive duration such as 30s or 5m (intervals and timeouts of business metrics). */
const businessDuration = duration.refine((value) => /[1-9]/.test(value), "expected a duration above zero");

const businessSqlMetricSchema = z
  .object({
    /** The metric's name as Prometheus stores it (a counter's should end in _total). */
    name: z.string(),
    help: z.string().min(1),
    /** gauge: the value as it is; counter: a count that only grows (rows never deleted). */
    type: z.enum(["gauge", "counter"]).default("gauge"),
    /** SELECT returning a `value` column and one column per label; runs READ ONLY. */
    query: z.string().min(1),
    /** Label columns the query returns, each named here. */
    labels: z.array(z.string()).default([]),
    /** How often the query runs; scrapes read the cached result in between. */
    interval: businessDuration.default("1m"),
    /** statement_timeout of the query. */
    timeout: businessDuration.default("10s"),
  })
  .strict();

const businessRedisMetricSchema = z
  .object({
    name: z.string(),
    help: z.string().min(1),
    /** listLength: a queue's length (LLEN); stringValue: a numeric key (GET); hashField: HGET key field. */
    kind: z.enum(REDIS_METRIC_KINDS),
    key: z.string().min(1),
    field: z.string().min(1).optional(),
    interval: businessDuration.default("30s"),
    timeout: businessDuration.default("5s"),
  })
  .strict();

const businessEventSchema = z
  .object({
    /** The counter POST /events increments (by `value`, default 1). */
    name: z.string(),
    help: z.string().min(1),
    /** The labels a caller may set; any other label is rejected. */
    labels: z.array(z.string()).default([]),
    /** Distinct values kept per label; new values beyond it are counted as `other`. */
    cardinalityCap: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

const businessSchema = z
  .object({
    /** The standard SaaS preset (exporter/presets/saas): its schema must exist in postgres. */
    saasPreset: z.boolean().default(false),
    presetInterval: businessDuration.default("1m"),
    /** SQL-backed metrics, read from the postgres section's database as its monitoring role. */
    sql: z.array(businessSqlMetricSchema).default([]),
    /** Redis-backed metrics, read from the redis section's server. */
    redis: z.array(businessRedisMetricSchema).default([]),
    /** Application events accepted on POST /events. */
    events: z.array(businessEventSchema).default([]),
    /** Bearer token the application sends with POST /events; required when events are declared. */
    ingestToken: secret("required when business.ingestToken is set").optional(),
    /** Sentry DSN the exporter reports its own errors to; none when unset. */
    exporterSentryDsn: secret("required when business.exporterSentryDsn is set").optional(),
    /** Queries (SQL and Redis) in flight at once, so the database never sees a burst. */
    maxConcurrentQueries: z.number().int().min(1).max(16).default(2),
    /** A failing metric keeps its last value this many intervals, then its series disappear. */
    staleIntervals: z.number().int().min(1).max(100).default(3),
  })
  .strict()
  .superRefine((business, ctx) => {
    const seconds = secondsOrZero;
    const problems = definitionProblems({
      sql: business.sql.map((m) => ({ ...m, intervalSeconds: seconds(m.interval), timeoutSeconds: seconds(m.timeout) })),
      redis: business.redis.map((m) => ({ ...m, intervalSeconds: seconds(m.interval), timeoutSeconds: seconds(m.timeout) })),
      events: business.events,
      presetNames: business.saasPreset ? SAAS_PRESET_NAMES : [],
    });
    for (const problem of problems) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    if (business.events.length > 0 && !business.ingestToken) {
      ctx.addIssue({ code: "custom", path: ["ingestToken"], message: "required when business.events are declared, or anybody could post them" });
    }
  });

/** Seconds of a duration that may not have passed its own check yet (that check reports it). */
function secondsOrZero(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    return 0;
  }
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/** "monday:friday" or "saturday", as Alertmanager's time_intervals write weekdays; ranges run forwards. */
const weekdayRange = z.string().refine((value) => {
  const [first, last = first, ...rest] = value.split(":");
  const begin = WEEKDAYS.indexOf(first as (typeof WEEKDAYS)[number]);
  const end = WEEKDAYS.indexOf(last as (typeof WEEKDAYS)[number]);
  return rest.length === 0 && begin >= 0 && end >= begin;
}, 'expected a weekday or a forward range of them, lowercase, such as "monday:friday" or "saturday"');

/** HH:MM on a 24-hour clock; 24:00 ends a day. */
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "expected a 24-hour time HH:MM, such as 09:00");

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

/**
 * An IANA time zone spelled as in the tz database, which Alertmanager's Go runtime reads
 * case-sensitively ("Europe/Berlin"; Node alone would also take "europe/berlin").
 */
function isTimeZone(value: string): boolean {
  if (!/^[A-Z][A-Za-z_]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(value)) return false;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // Aliases (Asia/Kolkata → Asia/Calcutta) differ from their canonical name; a name that
  // differs only in case is a misspelling Go would not find.
  return canonical === value || canonical.toLowerCase() !== value.toLowerCase();
}

const timeZone = z.string().refine(isTimeZone, "expected an IANA time zone such as UTC or Europe/Berlin");

const businessHoursSchema = z
  .object({
    /** Days the hours apply to (Alertmanager weekday ranges). */
    weekdays: z.array(weekdayRange).min(1, "at least one weekday, or info alerts are never delivered").default(["monday:friday"]),
    /** Start of the working day, HH:MM, in timeZone. */
    start: clockTime.default("09:00"),
    /** End of the working day, HH:MM (exclusive), in timeZone; after start. */
    end: clockTime.default("17:00"),
    /**
     * Time zone of start and end. Anything but UTC needs the tz database in the
     * Alertmanager container (Go reads /usr/share/zoneinfo).
     */
    timeZone: timeZone.default("UTC"),
  })
  .strict()
  .refine((hours) => minutesOf(hours.start) < minutesOf(hours.end), {
    message: "end must be after start (hours cannot cross midnight)",
    path: ["end"],
  });

const alertingSchema = z
  .object({
    /** Where docs/runbooks/<AlertName>.md is published; every alert links there. */
    runbookBaseUrl: httpUrl,
    pagerduty: z
      .object({
        routingKey: secret("required when alerting.pagerduty is set"),
        /** Events API v2 endpoint; set it for an EU account (events.eu.pagerduty.com). */
        url: httpUrl.optional(),
      })
      .strict()
      .optional(),
    slack: z
      .object({
        webhookUrl: secretUrl("required when alerting.slack is set"),
        channel: z.string().regex(/^[#@][^\s]+$/, "expected a channel such as #alerts"),
      })
      .strict()
      .optional(),
    email: z
      .object({
        to: z.email(),
        from: z.email(),
        smarthost: hostPort,
        username: z.string().min(1),
        password: secret("required when alerting.email is set"),
      })
      .strict()
      .optional(),
    /** Dead man's switch: a URL that expects a ping every minute while alerting works. */
    heartbeat: z.object({ url: httpUrl }).strict().optional(),
    /**
     * When alerts that should not wake anybody are delivered: info alerts (email, or Slack
     * without email) and warnings that only PagerDuty could carry. Mon–Fri 09:00–17:00 UTC
     * unless set.
     */
    businessHours: businessHoursSchema.default(businessHoursSchema.parse({})),
  })
  .strict()
  // Without a receiver every alert but Watchdog would be dropped in silence.
  .refine((alerting) => alerting.pagerduty || alerting.slack || alerting.email, {
    message: "configure at least one of alerting.pagerduty, alerting.slack or alerting.email, or no alert reaches anybody",
  });

const grafanaSchema = z
  .object({
    adminPassword: secret("required: Grafana's admin password"),
  })
  .strict();

const prometheusSchema = z
  .object({
    /** How long Prometheus keeps samples on the data volume. */
    retention: duration.default("15d"),
  })
  .strict();

export const configSchema = z
  .object({
    /** DigitalOcean region of the droplet and its volume. */
    region: z.string().regex(/^[a-z]{3}\d$/, "expected a region slug such as fra1").default("fra1"),
    droplet: dropletSchema.default(dropletSchema.parse({})),
    access: accessSchema,
    app: appSchema,
    /** The application's database, watched by postgres_exporter. */
    postgres: postgresSchema.optional(),
    /** The application's Redis, watched by redis_exporter. */
    redis: redisSchema.optional(),
    /** Business metrics (SQL, Redis) and application events served by the vigil exporter. */
    business: businessSchema.optional(),
    alerting: alertingSchema,
    grafana: grafanaSchema,
    prometheus: prometheusSchema.default(prometheusSchema.parse({})),
    /** Thresholds and durations of the alert catalog (infra/alert-settings.ts). */
    alerts: alertSettingsSchema.default(alertSettingsSchema.parse({})),
  })
  .strict()
  // The exporter reads business metrics through the postgres and redis sections' connections.
  .superRefine((config, ctx) => {
    const business = config.business;
    if (business && (business.sql.length > 0 || business.saasPreset) && !config.postgres) {
      ctx.addIssue({ code: "custom", path: ["business"], message: "business.sql and business.saasPreset need the postgres section" });
    }
    if (business && business.redis.length > 0 && !config.redis) {
      ctx.addIssue({ code: "custom", path: ["business", "redis"], message: "Redis business metrics need the redis section" });
    }
  });

export type VigilConfig = z.output<typeof configSchema>;
/** The shape as written in YAML, before defaults. */
export type VigilConfigInput = z.input<typeof configSchema>;

// ---------------------------------------------------------------- parsing

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`invalid vigil config (${source}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

function flattenIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { path: issuePath(issue.path), message: `unknown key(s): ${issue.keys.join(", ")}` };
    }
    return { path: issuePath(issue.path), message: issue.message };
  });
}

/** Gives every Secret its dotted path, so placeholders can name it. */
function assignSecretPaths(value: unknown, path: string[]): void {
  if (value instanceof Secret) {
    value.path = path.join(".");
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assignSecretPaths(item, [...path, String(index)]));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) assignSecretPaths(item, [...path, key]);
  }
}

/** Validates a raw config object; throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = "config"): VigilConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, flattenIssues(result.error));
  assignSecretPaths(result.data, []);
  return result.data;
}

/** Every secret in a parsed config, keyed by path. */
export function secretsOf(config: VigilConfig): Map<string, Secret> {
  const found = new Map<string, Secret>();
  const walk = (value: unknown): void => {
    if (value instanceof Secret) found.set(value.path, value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(config);
  return found;
}

/**
 * Turns Pulumi stack config (`vigil:app: {...}`) into the config shape. Keys of other
 * namespaces (digitalocean:token) are not ours and are skipped. Values may arrive as
 * JSON strings (how the Pulumi runtime hands structured config to the program).
 */
export function fromStackConfig(entries: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(prefix)) continue;
    raw[key.slice(prefix.length)] = typeof value === "string" ? decodeStackValue(value) : value;
  }
  return raw;
}

function decodeStackValue(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * Reads a config file: a Pulumi stack file (Pulumi.<stack>.yaml, with `config:` and
 * `vigil:` keys; `secure:` values stay encrypted and become placeholder secrets) or a
 * plain vigil YAML file with the config shape at its root.
 */
export function loadConfigFile(path: string): VigilConfig {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(path, [{ path: "(file)", message: (error as Error).message }]);
  }
  return parseConfig(rawFromDocument(document), path);
}

export function rawFromDocument(document: unknown): unknown {
  if (document !== null && typeof document === "object" && "config" in document) {
    const stackConfig = (document as { config: unknown }).config;
    if (stackConfig !== null && typeof stackConfig === "object") {
      return fromStackConfig(stackConfig as Record<string, unknown>);
    }
  }
  return document;
}

/**
 * The stack's config as the Pulumi program sees it: every `vigil:` key of the running
 * stack, with `secure:` values already decrypted by the engine (they stay wrapped in
 * Secret and become pulumi secrets in infra/).
 */
export function readStackConfig(): VigilConfig {
  return parseConfig(fromStackConfig(pulumi.runtime.allConfig()), `stack ${pulumi.getStack()}`);
}
