// The monitored application: its public URL, its metrics, its PostgreSQL and Redis.
import { z } from "zod";
import { labelName, metricName } from "../prometheus-names";
import { hostPort, httpUrl, port, slug } from "./fields";
import { secret } from "./secret";

export const httpMetricsSchema = z
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

export const appSchema = z
  .object({
    /** Short name of the monitored application: job label and status-page component. */
    name: slug,
    /** What users open; probed from the droplet by the blackbox exporter. */
    publicUrl: httpUrl,
    /**
     * The certificate (PEM) of a private CA that signed publicUrl's certificate, for an
     * application behind an internal CA: the probe trusts it instead of failing on TLS.
     */
    publicUrlCa: z
      .string()
      .regex(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/, "expected one PEM certificate (-----BEGIN CERTIFICATE----- …)")
      .optional(),
    /** Private host:port targets serving the application's own /metrics. */
    metricsTargets: z.array(hostPort).min(1, "at least one metrics target is needed"),
    metricsPath: z.string().startsWith("/", "expected a path starting with /").default("/metrics"),
    metricsScheme: z.enum(["http", "https"]).default("http"),
    httpMetrics: httpMetricsSchema.default(httpMetricsSchema.parse({})),
  })
  .strict();

export const postgresSchema = z
  .object({
    host: z.string().min(1),
    port: port.default(5432),
    database: z.string().min(1),
    /** A monitoring role (pg_monitor), not the application's owner role. */
    user: z.string().min(1),
    password: secret("required when postgres is set"),
    sslmode: z.enum(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]).default("require"),
    /** The status-page component PostgresDown marks as out (the users' view of the database). */
    statusComponent: slug.default("database"),
  })
  .strict();

export const redisSchema = z
  .object({
    address: hostPort,
    password: secret("required when redis.password is set").optional(),
    tls: z.boolean().default(false),
    /** The status-page component RedisDown marks as out. */
    statusComponent: slug.default("cache"),
  })
  .strict();
