import { z } from "zod";

// The relay's section of the exporter's config file (rendered by synth/exporter-relay.ts).
export const relayConfigSchema = z.strictObject({
  /** Path the browser SDKs' `tunnel` option posts to, besides /api/<project_id>/envelope/. */
  tunnelPath: z.string().startsWith("/"),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;
