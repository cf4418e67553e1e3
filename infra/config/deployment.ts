// Where and how the droplet runs, and who may reach it.
import { z } from "zod";
import { cidr, sshFingerprint } from "./fields";

export const dropletSchema = z
  .object({
    /** DigitalOcean size slug; the whole stack fits in 4 GiB. */
    size: z.string().regex(/^[a-z0-9-]+$/, "expected a size slug such as s-2vcpu-4gb").default("s-2vcpu-4gb"),
    /** VPC to place the droplet in, so it reaches the application privately; default VPC if unset. */
    vpcUuid: z.string().optional(),
    /** DigitalOcean weekly backups of the droplet (the data volume has its own snapshots). */
    backups: z.boolean().default(false),
  })
  .strict();

export const accessSchema = z
  .object({
    /** Who may SSH in (and so open the tunnel to Grafana, Prometheus, Alertmanager). */
    adminCidrs: z.array(cidr).min(1, "at least one admin CIDR is needed, or nobody can reach the droplet"),
    /** DigitalOcean SSH keys installed for root. */
    sshKeyFingerprints: z.array(sshFingerprint).min(1, "at least one SSH key is needed to manage the droplet"),
  })
  .strict();
