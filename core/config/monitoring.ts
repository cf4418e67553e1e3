// The monitoring services' own settings: Grafana's admin, Prometheus's retention and remote_write.
import { z } from "zod";
import { duration } from "../prometheus-names";
import { httpUrl } from "./fields";
import { secret } from "./secret";

export const grafanaSchema = z
  .object({
    /** Grafana's admin password; the Pulumi program generates one (output grafanaAdminPassword) when unset. */
    adminPassword: secret("expected Grafana's admin password").optional(),
  })
  .strict();

/**
 * One Prometheus-compatible store samples are also sent to (Grafana Mimir, Grafana Cloud,
 * Thanos Receive): for when one droplet's disk and memory no longer hold the retention.
 */
const remoteWriteSchema = z
  .object({
    /** Short name, shown in Prometheus's remote-write metrics (`remote_name`). */
    name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "expected a short lowercase name such as mimir"),
    /** The push endpoint, e.g. https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push. */
    url: httpUrl,
    /** HTTP basic auth (Grafana Cloud: instance id and an access-policy token). */
    basicAuth: z
      .object({ username: z.string().min(1), password: secret("required when basicAuth is set") })
      .strict()
      .optional(),
    /** Bearer token (Authorization: Bearer), for stores behind a token-checking gateway. */
    bearerToken: secret("expected a bearer token").optional(),
  })
  .strict()
  .refine((target) => !(target.basicAuth && target.bearerToken), {
    message: "set basicAuth or bearerToken, not both (Prometheus takes one)",
    path: ["bearerToken"],
  });

export const prometheusSchema = z
  .object({
    /** How long Prometheus keeps samples on the data volume. */
    retention: duration.default("15d"),
    /** Stores every sample is also written to; empty keeps everything on the droplet. */
    remoteWrite: z.array(remoteWriteSchema).default([]),
  })
  .strict();

export type RemoteWriteTarget = z.output<typeof remoteWriteSchema>;
