// The public status page: what it shows, and the Spaces bucket the exporter publishes it to.
import { z } from "zod";
import { DEFAULT_PAGE_LANGUAGE, PAGE_LANGUAGES } from "../page-languages";
import { COMPONENT_STATUSES } from "../status-model";
import { cdnTtlSeconds, spacesRegion } from "./digitalocean";
import { secret } from "./secret";

const componentStatus = z.enum(COMPONENT_STATUSES);

export const statusPageSchema = z.strictObject({
  /** Shown as the page's title ("Acme status"). */
  title: z.string().min(1),
  /**
   * The page's default language: index.html, history.html and the plain feeds speak it, and so
   * does the Statuspage JSON (the text vigil writes for incidents). Every language is published
   * anyway (index.es.html, …), since the CDN cannot pick one per visitor.
   */
  language: z.enum(PAGE_LANGUAGES, { error: `expected a status page language, one of: ${PAGE_LANGUAGES.join(", ")}` }).default(DEFAULT_PAGE_LANGUAGE),
  spaces: z.strictObject({
    /** Bucket name: the Pulumi program creates it; the exporter writes the live files into it. */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "expected a bucket name: 3-63 lowercase letters, digits and dashes"),
    /** Spaces region (its S3 endpoint is https://<region>.digitaloceanspaces.com). */
    region: spacesRegion.default("fra1"),
    accessKeyId: secret("required: a Spaces access key the exporter publishes with"),
    secretAccessKey: secret("required: the Spaces access key's secret"),
    /** Another S3 endpoint instead of Spaces (the local stack's S3 server); path-style URLs then. */
    endpoint: z.url().optional(),
  }),
  /**
   * How long the CDN's edge keeps a file, in seconds. The exporter rewrites the page and its
   * JSON as components change; a minute (DigitalOcean's shortest) keeps an incident visible
   * within a minute while the edge still absorbs a rush of readers.
   */
  cdnTtlSeconds: cdnTtlSeconds.default(60),
  /** Optional custom domain for the CDN (status.example.com). */
  customDomain: z.string().optional(),
  /** Name of the DigitalOcean certificate (Let's Encrypt) for customDomain. */
  certificateName: z.string().optional(),
  /**
   * The DigitalOcean DNS zone that holds customDomain (`example.com` for status.example.com):
   * the CNAME to the CDN is created there. DigitalOcean issues the Let's Encrypt certificate
   * only for a domain in its DNS, so a custom domain needs it.
   */
  dnsZone: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "expected a DNS zone such as example.com").optional(),
  /** Where visitors read the page, for links in feeds and the JSON; default: customDomain, else the bucket's CDN address. */
  publicUrl: z.url().optional(),
  /**
   * Components shown, in order; `id` is the `component` label alerts carry. The application
   * (app.name, the label vigil's own alerts use) is always shown, first unless listed here.
   */
  components: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "expected 1-64 letters, digits, dots, dashes or underscores"),
        name: z.string().min(1),
        description: z.string().default(""),
        /** Group shown above it (two levels: groups, then components). */
        group: z.string().min(1).optional(),
      }),
    )
    .default([]),
  /** Status an alert of each severity gives its component while it fires. */
  severityStatus: z
    .strictObject({ critical: componentStatus, warning: componentStatus, info: componentStatus })
    .default({ critical: "major_outage", warning: "partial_outage", info: "degraded_performance" }),
  /** A group firing again within this many minutes of its incident's resolution reopens it. */
  reopenWindowMinutes: z.number().int().min(0).default(30),
  /** Bearer token Alertmanager sends to the exporter's status webhook. */
  webhookToken: secret("required: a bearer token for Alertmanager's status webhook (any long random string)"),
  /** Bearer token `npm run status` sends to the exporter's admin API. */
  adminToken: secret("required: a bearer token for the status admin API (any long random string)"),
});
