import { z } from "zod";
import { DEFAULT_PAGE_LANGUAGE, PAGE_LANGUAGES } from "../page-languages";
import { COMPONENT_STATUSES, DEFAULT_SEVERITY_STATUS, type PageDefinition } from "../status-model";

// The status page's section of the exporter's config file (rendered by synth/exporter-status.ts).
// Secrets are files the exporter reads at start, never values in this file.

const componentSchema = z.strictObject({
  /** The `component` label alerts carry; also the id in the JSON API. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "expected 1-64 letters, digits, dots, dashes or underscores"),
  /** Shown to visitors. */
  name: z.string().min(1),
  description: z.string().default(""),
  /** Group shown above it (two levels: groups, then components); absent = top level. */
  group: z.string().min(1).optional(),
});

const componentStatus = z.enum(COMPONENT_STATUSES);

/** Four of the status route's 15-minute repeat intervals without news: the alert is gone. */
export const DEFAULT_ALERT_STALE_SECONDS = 3_600;

export const statusConfigSchema = z.strictObject({
  /** Shown as the page's title ("Acme status"). */
  title: z.string().min(1),
  /** The default language (index.html, the plain feeds, the Statuspage JSON); every language is published. */
  language: z.enum(PAGE_LANGUAGES).default(DEFAULT_PAGE_LANGUAGE),
  /** Where visitors read the page: the CDN or custom domain (links in feeds and the JSON). */
  publicUrl: z.url(),
  /** Shown in order; alerts naming another component are refused with 422. */
  components: z.array(componentSchema).min(1),
  /** Component status an alert of each severity sets while it fires. */
  severityStatus: z.strictObject({ critical: componentStatus, warning: componentStatus, info: componentStatus }).default(DEFAULT_SEVERITY_STATUS),
  /** An alert group firing again within this long of its incident's resolution reopens it (flapping). */
  reopenWindowSeconds: z.number().int().min(0).default(1_800),
  /**
   * A firing alert Alertmanager has not repeated for this long counts as resolved (its
   * resolution was lost); keep it several times the status route's repeat_interval (15 min).
   */
  alertStaleSeconds: z.number().int().positive().default(DEFAULT_ALERT_STALE_SECONDS),
  /** How long resolved incidents stay in the history and the feeds. */
  historyDays: z.number().int().positive().default(90),
  /** Directory for state.json (a persistent volume on the droplet). */
  dataDir: z.string().min(1),
  spaces: z.strictObject({
    /** S3 endpoint: https://<region>.digitaloceanspaces.com, or a local S3 server. */
    endpoint: z.url(),
    region: z.string().min(1),
    bucket: z.string().min(1),
    accessKeyIdFile: z.string().min(1),
    secretAccessKeyFile: z.string().min(1),
    /** Path-style URLs (bucket in the path): local S3 servers need it. */
    forcePathStyle: z.boolean().default(false),
  }),
  /** Prometheus's base URL, for the 90-day uptime (query_range). */
  prometheusUrl: z.url(),
  /** Alertmanager's base URL, for maintenance silences (API v2). */
  alertmanagerUrl: z.url(),
  /** Bearer token Alertmanager sends with the webhook. */
  webhookTokenFile: z.string().min(1),
  /** Bearer token the CLI sends to the admin API. */
  adminTokenFile: z.string().min(1),
  /** Publishes happen on every change and at least this often (maintenance starts and ends by the clock). */
  publishIntervalSeconds: z.number().positive().default(60),
  /** How often the uptime is recomputed from Prometheus. */
  uptimeIntervalSeconds: z.number().positive().default(600),
});

export type StatusConfig = z.infer<typeof statusConfigSchema>;
export type StatusConfigInput = z.input<typeof statusConfigSchema>;

/** The model's view of the config: what is shown and how alerts map to statuses. */
export function pageDefinition(config: StatusConfig): PageDefinition {
  return {
    id: config.spaces.bucket,
    title: config.title,
    url: config.publicUrl,
    components: config.components.map((component) => ({ id: component.id, name: component.name, description: component.description, ...(component.group ? { group: component.group } : {}) })),
    severityStatus: config.severityStatus,
    reopenWindowSeconds: config.reopenWindowSeconds,
    historyDays: config.historyDays,
    language: config.language,
  };
}
