// The Sentry relay in the vigil exporter: which DSNs it forwards for, and how browsers reach it.
// The fields past tunnelPath are the exporter's own (core/exporter/relay-config.ts, each commented
// there): the relay reads them as written, so one schema keeps both sides from drifting apart.
import { dsnFromString } from "@sentry/core";
import { z } from "zod";
import { relayConfigSchema } from "../exporter/relay-config";

const httpsDsn = z
  .string()
  .refine((value) => dsnFromString(value)?.publicKey !== undefined, {
    message: "expected a Sentry DSN such as https://<public key>@o1.ingest.sentry.io/<project id>",
    abort: true,
  })
  .refine((value) => value.startsWith("https://"), "expected an https:// DSN: envelopes leave the droplet for Sentry over TLS");

export const sentryRelaySchema = relayConfigSchema.extend({
  /**
   * Path the browser SDK's `tunnel` option points at. Reverse proxies (nginx, Caddy, vigil's
   * optional HTTPS entry) forward only this path to the exporter's ingest port.
   */
  tunnelPath: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, "expected a path such as /tunnel (letters, digits, / _ -)")
    .refine((path) => !path.startsWith("/api/"), "must not start with /api/, where the relay serves /api/<project_id>/envelope/")
    .default("/tunnel"),
  /**
   * SECURITY: the projects the relay forwards for, as Sentry shows their DSNs (Project settings →
   * Client Keys); every other envelope is refused with 403. `name` is the metrics' project label.
   * Public keys are not secrets: every browser that loads the application holds one.
   */
  allowedDsns: z
    .array(z.strictObject({ dsn: httpsDsn, name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "expected letters, digits, . _ - (1-64)").optional() }))
    .min(1, "list at least one DSN: a relay without one would refuse everything"),
});
