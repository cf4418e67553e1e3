// The whole config: one section per concern, each in its own module, assembled here.
// Cross-section rules (a business metric needs the postgres section) live here too.
import { z } from "zod";
import { parseDuration } from "../timing";
import { dataVolumeNeed, DEFAULT_VOLUME_FLOOR_GIB } from "../volume-sizing";
import { alertSettingsSchema } from "./alert-settings";
import { alertingSchema } from "./alerting";
import { appSchema, postgresSchema, redisSchema } from "./application";
import { businessSchema } from "./business";
import { accessSchema, dropletSchema, externalChecksSchema, httpsEntrySchema, managedDatabasesSchema } from "./deployment";
import { dropletRegion, VOLUME_MAX_GIB } from "./digitalocean";
import { logsSchema } from "./logs";
import { grafanaSchema, prometheusSchema } from "./monitoring";
import { sentryRelaySchema } from "./relay";
import { statusPageSchema } from "./status-page";

export const configSchema = z
  .object({
    /** DigitalOcean region of the droplet, its volume and its reserved IP. */
    region: dropletRegion.default("fra1"),
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
    grafana: grafanaSchema.default(grafanaSchema.parse({})),
    prometheus: prometheusSchema.default(prometheusSchema.parse({})),
    /** Centralized logs: VictoriaLogs' retention and disk cap, the ingest token, the log alerts. */
    logs: logsSchema.default(logsSchema.parse({})),
    /** The Sentry relay (tunnel) in the vigil exporter; absent = no relay. */
    sentryRelay: sentryRelaySchema.optional(),
    /** The public status page, published by the vigil exporter to Spaces; absent = none. */
    statusPage: statusPageSchema.optional(),
    /** Optional public HTTPS entry (Caddy) for the Sentry tunnel path; absent = none. */
    httpsEntry: httpsEntrySchema.optional(),
    /** Managed PostgreSQL/Redis clusters to add the droplet to as a trusted source. */
    managedDatabases: managedDatabasesSchema.default(managedDatabasesSchema.parse({})),
    /** DigitalOcean uptime checks and droplet alerts (they work when the droplet does not). */
    externalChecks: externalChecksSchema.default(externalChecksSchema.parse({})),
    /** Thresholds and durations of the alert catalog (core/config/alert-settings.ts). */
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
    // The application's hosts are found by their tags: without one, discovery would keep none.
    if (config.app.hosts && config.access.appDropletTags.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["access", "appDropletTags"],
        message: "app.hosts finds the application's droplets by these tags: list at least one",
      });
    }
    // The SLO panels and the error budget read alerts.slo.window back: a shorter retention
    // would make them count over less without saying so.
    const { retention, longTermStore } = config.prometheus;
    const window = config.alerts.slo.window;
    if (!longTermStore && secondsOrNaN(retention) < secondsOrNaN(window)) {
      ctx.addIssue({
        code: "custom",
        path: ["prometheus", "retention"],
        message: `${retention} is shorter than the SLO window (alerts.slo.window, ${window}): keep at least ${window}, or set prometheus.longTermStore, a store that holds it`,
      });
    }
    // VictoriaLogs gives way before HostDiskAlmostFull pages: its cap leaves at least the free
    // share that alert watches for, and ext4's reserved 5%, which the alert's free space leaves out.
    const logCapLimit = Math.round((1 - config.alerts.host.diskAlmostFullFreeRatio - 0.05) * 100) - 1;
    if (config.logs.maxDiskUsagePercent > logCapLimit) {
      ctx.addIssue({
        code: "custom",
        path: ["logs", "maxDiskUsagePercent"],
        message: `${config.logs.maxDiskUsagePercent}% lets logs fill the volume past where HostDiskAlmostFull pages (alerts.host.diskAlmostFullFreeRatio ${config.alerts.host.diskAlmostFullFreeRatio}): set at most ${logCapLimit}`,
      });
    }
    // The data volume holds the retention: unset, it is sized for it (below); set by hand, it
    // must not be smaller, or Prometheus fills it before the oldest samples expire.
    const neededGib = volumeNeededGib(config);
    const { volumeSizeGib } = config.droplet;
    if (volumeSizeGib !== undefined && volumeSizeGib < neededGib) {
      ctx.addIssue({
        code: "custom",
        path: ["droplet", "volumeSizeGib"],
        message: `${volumeSizeGib} GiB is less than the ${neededGib} GiB prometheus.retention (${retention}) and logs.retentionDays (${config.logs.retentionDays}) need at the example stack's ingestion and logs.expectedLinesPerMinute (core/volume-sizing.ts; docs/operations.md, "Retention and the data volume"): set at least ${neededGib}, or leave it unset`,
      });
    }
    if (volumeSizeGib === undefined && neededGib > VOLUME_MAX_GIB) {
      ctx.addIssue({
        code: "custom",
        path: ["prometheus", "retention"],
        message: `${retention} needs a ${neededGib} GiB data volume, more than DigitalOcean's largest (${VOLUME_MAX_GIB} GiB): keep less, and set prometheus.longTermStore for the rest`,
      });
    }
  })
  // The default volume follows from the retention, a setting of another section.
  .transform((config) => ({ ...config, droplet: { ...config.droplet, volumeSizeGib: config.droplet.volumeSizeGib ?? defaultVolumeGib(config) } }));

export type VigilConfig = z.output<typeof configSchema>;
/** The shape as written in YAML, before defaults. */
export type VigilConfigInput = z.input<typeof configSchema>;

type SizingInput = {
  prometheus: { retention: string };
  alerts: { host: { diskAlmostFullFreeRatio: number } };
  logs: { retentionDays: number; expectedLinesPerMinute: number; maxDiskUsagePercent: number };
};

/**
 * The data volume prometheus.retention and the logs' retention need (core/volume-sizing.ts),
 * keeping HostDiskAlmostFull's free share at the peak so a full retention does not page, and
 * below VictoriaLogs' disk cap; NaN while the retention is invalid.
 */
function volumeNeededGib(config: SizingInput): number {
  const retentionSeconds = secondsOrNaN(config.prometheus.retention);
  if (!(retentionSeconds > 0)) return Number.NaN;
  const { retentionDays, expectedLinesPerMinute, maxDiskUsagePercent } = config.logs;
  const logs = { linesPerMinute: expectedLinesPerMinute, retentionDays, maxDiskUsagePercent };
  return dataVolumeNeed({ retentionSeconds, freeShareKept: config.alerts.host.diskAlmostFullFreeRatio, logs }).gib;
}

/** The volume vigil picks when config names none: what the retention needs, never below the default floor. */
function defaultVolumeGib(config: SizingInput): number {
  return Math.max(DEFAULT_VOLUME_FLOOR_GIB, volumeNeededGib(config));
}

/** Seconds of a duration that may not have passed its own check yet (that check reports it); NaN compares false. */
function secondsOrNaN(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    return Number.NaN;
  }
}
