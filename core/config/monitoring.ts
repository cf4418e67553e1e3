// The monitoring services' own settings: Grafana's admin, Prometheus's retention and remote_write.
import { z } from "zod";
import { duration, DURATION_PATTERN } from "../prometheus-names";
import { httpUrl } from "./fields";
import { secret } from "./secret";

export const grafanaSchema = z
  .object({
    /** Grafana's admin password; the Pulumi program generates one (output grafanaAdminPassword) when unset. */
    adminPassword: secret("expected Grafana's admin password").optional(),
  })
  .strict();

/** How vigil authenticates to a store (remote_write's push, Grafana's queries): one of the two. */
const storeCredentials = {
  /** HTTP basic auth (Grafana Cloud: instance id and an access-policy token). */
  basicAuth: z
    .object({ username: z.string().min(1), password: secret("required when basicAuth is set") })
    .strict()
    .optional(),
  /** Bearer token (Authorization: Bearer), for stores behind a token-checking gateway. */
  bearerToken: secret("expected a bearer token").optional(),
};

const oneCredential = {
  check: (store: { basicAuth?: unknown; bearerToken?: unknown }) => !(store.basicAuth && store.bearerToken),
  error: { message: "set basicAuth or bearerToken, not both (one credential per store)", path: ["bearerToken"] },
};

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
    ...storeCredentials,
  })
  .strict()
  .refine(oneCredential.check, oneCredential.error);

/**
 * The long-term store's query side, which Grafana reads as a second Prometheus data source
 * (the dashboards' data source picker offers it); the SLO dashboard reads from it when the
 * droplet keeps less than the SLO window.
 */
const longTermStoreSchema = z
  .object({
    /** The data source's name in Grafana. */
    name: z.string().min(1).default("Long-term store"),
    /** Its Prometheus query API, e.g. https://prometheus-prod-01-eu-west-0.grafana.net/api/prom. */
    queryUrl: httpUrl,
    ...storeCredentials,
  })
  .strict()
  .refine(oneCredential.check, oneCredential.error);

export const prometheusSchema = z
  .object({
    /**
     * How long Prometheus keeps samples on the data volume. At least the SLO window
     * (alerts.slo.window), unless longTermStore holds it: the SLO panels and the error budget
     * would otherwise silently cover only the retention. The data volume's default follows
     * from it (core/volume-sizing.ts).
     */
    retention: duration
      // A malformed duration is the pattern's to report; a zero one, this check's.
      .refine((value) => !DURATION_PATTERN.test(value) || /[1-9]/.test(value), "expected a retention above zero (Prometheus reads 0 as its default, 15d)")
      .default("30d"),
    /** Stores every sample is also written to; empty keeps everything on the droplet. */
    remoteWrite: z.array(remoteWriteSchema).default([]),
    longTermStore: longTermStoreSchema.optional(),
  })
  .strict();

export type LongTermStore = z.output<typeof longTermStoreSchema>;
