// The Sentry relay in the vigil exporter: which DSNs it forwards for, and how browsers reach it.
import { z } from "zod";

export const sentryRelaySchema = z.strictObject({
  /**
   * Path the browser SDK's `tunnel` option points at. Reverse proxies (nginx, Caddy, vigil's
   * optional HTTPS entry) forward only this path to the exporter's ingest port.
   */
  tunnelPath: z
    .string()
    .regex(/^\/[A-Za-z0-9/_-]*$/, "expected a path such as /tunnel (letters, digits, / _ -)")
    .default("/tunnel"),
});
