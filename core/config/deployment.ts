// Where and how the droplet runs, and who may reach it.
import { z } from "zod";
import { MIN_VOLUME_GIB } from "../volume-sizing";
import { dropletSize, uptimeCheckRegion, VOLUME_MAX_GIB } from "./digitalocean";
import { cidr, slug, sshFingerprint } from "./fields";
import { secret } from "./secret";

export const dropletSchema = z
  .object({
    /** DigitalOcean size slug; the whole stack fits in 4 GiB (memory limits: infra/sizing.ts). */
    size: dropletSize.default("s-2vcpu-4gb"),
    /** VPC to place the droplet in, so it reaches the application privately; the region's default VPC if unset. */
    vpcUuid: z.string().optional(),
    /** DigitalOcean weekly backups of the droplet (the data volume has its own snapshots). */
    backups: z.boolean().default(false),
    /**
     * Size of the data volume (Prometheus TSDB, Alertmanager, Grafana, exporter, Caddy), in GiB.
     * When unset, what prometheus.retention needs (core/volume-sizing.ts; schema.ts fills it in
     * and refuses a smaller one).
     */
    volumeSizeGib: z
      .number()
      .int(`expected whole GiB, from ${MIN_VOLUME_GIB} to ${VOLUME_MAX_GIB}`)
      .min(MIN_VOLUME_GIB, `a data volume below ${MIN_VOLUME_GIB} GiB fills within days`)
      .max(VOLUME_MAX_GIB, `expected at most ${VOLUME_MAX_GIB} GiB, DigitalOcean's largest volume (16 TiB)`)
      .optional(),
  })
  .strict();

/** One line of an OpenSSH public key: `ssh-ed25519 AAAA… [comment]`. */
const sshPublicKey = z
  .string()
  .regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/]+=*( .*)?$/, "expected an OpenSSH public key line such as `ssh-ed25519 AAAA…`");

export const accessSchema = z
  .object({
    /** Who may SSH in (and so open the tunnel to Grafana, Prometheus, Alertmanager). */
    adminCidrs: z.array(cidr).min(1, "at least one admin CIDR is needed, or nobody can reach the droplet"),
    /** DigitalOcean SSH keys installed for root. */
    sshKeyFingerprints: z.array(sshFingerprint).min(1, "at least one SSH key is needed to manage the droplet"),
    /**
     * Tags of the application's droplets: they (and the VPC range) may reach the vigil
     * exporter's ingest port (POST /events, the Sentry relay); with app.hosts, Prometheus
     * watches the droplets carrying one of them.
     */
    appDropletTags: z.array(z.string().regex(/^[A-Za-z0-9:._-]+$/, "expected a DigitalOcean tag name")).default([]),
    /**
     * The droplet's SSH host key, made by you (`ssh-keygen -t ed25519 -N '' -f vigil-host`),
     * installed by cloud-init and pinned for every SSH connection `pulumi up` makes, so a
     * machine in the middle cannot pose as the droplet. Required to deploy; the local stack
     * does without.
     */
    hostKey: z
      .object({
        /** The private half (the file without .pub); secret. */
        privateKey: secret("required: the host key's private half (set it with --secret)"),
        /** The `.pub` line. */
        publicKey: sshPublicKey,
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The optional public HTTPS entry: Caddy on 443 with a Let's Encrypt certificate, forwarding
 * only the Sentry tunnel path to the exporter's ingest port, so browsers can send events
 * without the application proxying them.
 */
export const httpsEntrySchema = z
  .object({
    /** A domain managed in DigitalOcean DNS (`example.com`); the record is created in it. */
    zone: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "expected a DNS zone such as example.com"),
    /** The record's name in the zone (`relay` gives relay.example.com). */
    name: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "expected one DNS label such as relay"),
    /** Where Let's Encrypt sends expiry notices. */
    acmeEmail: z.email().optional(),
  })
  .strict();

/** Managed databases to let the droplet into: looked up by name, the droplet added to their trusted sources. */
export const managedDatabasesSchema = z
  .object({
    /** Name of the DigitalOcean managed PostgreSQL cluster `vigil:postgres` points at. */
    postgresCluster: slug.optional(),
    /** Name of the managed Redis (Valkey) cluster `vigil:redis` points at. */
    redisCluster: slug.optional(),
  })
  .strict();

/** DigitalOcean's own checks from outside: they still page when the droplet is down. */
export const externalChecksSchema = z
  .object({
    /** Where DigitalOcean sends uptime and droplet alerts; alerting.email.to when empty. */
    emails: z.array(z.email()).default([]),
    /** Where the uptime checks probe from, as the API names them: three continents by default. */
    regions: z.array(uptimeCheckRegion).min(1, "at least one uptime check region is needed").default(["us_east", "eu_west", "se_asia"]),
    /** Uptime latency alert above this many milliseconds. */
    latencyMs: z.number().int().min(50).default(2000),
    /** SSL expiry alert this many days before the certificate expires. */
    sslExpiryDays: z.number().int().min(1).default(14),
    /** Droplet CPU and memory alerts above this percentage, disk above diskPercent. */
    cpuPercent: z.number().min(1).max(100).default(90),
    memoryPercent: z.number().min(1).max(100).default(90),
    diskPercent: z.number().min(1).max(100).default(85),
  })
  .strict();
