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

/** What is read of a `host:port` target: its port. */
function portOf(target: string): number {
  return Number(target.slice(target.lastIndexOf(":") + 1));
}

/**
 * The application's droplets, watched one by one: Prometheus lists them through
 * DigitalOcean's API (service discovery), keeps those carrying one of
 * access.appDropletTags and scrapes, on each one's private address, node_exporter (installed
 * by the AppHostAgent's cloud-init, infra/app-host-agent.ts) and the application's own
 * metrics. docs/operations.md, "Watching the application's hosts".
 */
export const appHostsSchema = z
  .object({
    /**
     * A DigitalOcean API token that can only read (a custom scope with droplet:read, or a
     * read-only token): Prometheus lists the droplets with it, and nothing on the droplet
     * may change the account.
     */
    discoveryToken: secret("required: a read-only DigitalOcean API token (scope droplet:read) Prometheus lists the application's droplets with"),
    /**
     * The port each host serves the application's metrics on (metricsPath, metricsScheme);
     * by default the port of metricsTargets, when they all share one.
     */
    metricsPort: port.optional(),
    /**
     * Adds a DigitalOcean firewall to the tagged droplets that admits node_exporter's port and
     * metricsPort from vigil's droplet alone. Off by default: DigitalOcean drops whatever no
     * firewall of a droplet allows, so on a host that has no firewall of its own this one
     * would cut off every other port and all outbound traffic.
     */
    firewall: z.boolean().default(false),
  })
  .strict();

const appFields = z
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
    /**
     * The application's droplets, found by their tags and watched per host; with it, the
     * discovered hosts replace metricsTargets in the application's scrape job.
     */
    hosts: appHostsSchema.optional(),
  })
  .strict();

type AppHostsOutput = z.output<typeof appHostsSchema> & { metricsPort: number };
type AppOutput = Omit<z.output<typeof appFields>, "hosts"> & { hosts?: AppHostsOutput };

export const appSchema = appFields
  // Without a port of its own, the hosts serve metrics where metricsTargets say, which must be one port.
  .superRefine((app, ctx) => {
    const ports = [...new Set(app.metricsTargets.map(portOf))];
    if (app.hosts && app.hosts.metricsPort === undefined && ports.length > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["hosts", "metricsPort"],
        message: `required: metricsTargets use ports ${ports.join(", ")}, so say which one each host serves the application's metrics on`,
      });
    }
  })
  .transform((app): AppOutput => {
    if (!app.hosts) return app as AppOutput;
    return { ...app, hosts: { ...app.hosts, metricsPort: app.hosts.metricsPort ?? portOf(app.metricsTargets[0] as string) } };
  });

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
