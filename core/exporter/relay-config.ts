import { dsnFromString } from "@sentry/core";
import { isIP } from "node:net";
import { z } from "zod";

function isAddressOrCidr(value: string): boolean {
  const [address = "", bits, ...rest] = value.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

// The relay's section of the exporter's config file (rendered by synth/exporter-relay.ts from
// the vigil config's `sentryRelay`). Nothing here is secret: a DSN's public key only says which
// project an event belongs to, and every browser that loads the application already has it.

const MiB = 1024 * 1024;

const allowedDsnSchema = z.strictObject({
  /** The DSN as Sentry shows it (`https://<public key>@<host>/<project id>`). */
  dsn: z.string().refine((value) => dsnFromString(value) !== undefined, "expected a Sentry DSN such as https://<key>@o1.ingest.sentry.io/<project id>"),
  /** The `project` label on the relay's metrics; defaults to the project id. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
});

export const relayConfigSchema = z.strictObject({
  /** Path the browser SDKs' `tunnel` option posts to, besides /api/<project_id>/envelope/. */
  tunnelPath: z.string().startsWith("/"),
  /** SECURITY: the only DSNs envelopes are forwarded for; anything else is refused with 403. */
  allowedDsns: z.array(allowedDsnSchema).min(1),
  /**
   * Send every envelope to this origin (`https://sentry.internal:9000`) instead of the DSN's host:
   * a self-hosted Sentry behind a private name, or a local stand-in. Absent = the DSN's host.
   */
  upstreamOrigin: z.url({ protocol: /^https?$/ }).optional(),
  /** Origins whose browsers may post to the relay cross-origin (CORS); empty = same-origin only. */
  allowedOrigins: z.array(z.url({ protocol: /^https?$/ })).default([]),
  limits: z
    .strictObject({
      /** Largest request body as sent (compressed or not), refused while it streams in. */
      maxBodyBytes: z.number().int().positive().default(20 * MiB),
      /** Largest body after gzip/deflate/br decoding: a zip bomb stops here. */
      maxDecompressedBytes: z.number().int().positive().default(50 * MiB),
      /** Largest event or transaction item, as Sentry's own limit (1 MiB). */
      maxEventBytes: z.number().int().positive().default(MiB),
      /** A body that has not fully arrived by then is refused (408): a slow-loris client. */
      bodyTimeoutMs: z.number().int().positive().default(10_000),
      /** Bytes all requests together may hold (bodies, decompressed too) until answered; beyond, 503. */
      maxBufferedBytes: z.number().int().positive().default(128 * MiB),
    })
    .refine((limits) => limits.maxBufferedBytes >= limits.maxBodyBytes + limits.maxDecompressedBytes, {
      message: "maxBufferedBytes must hold at least one largest body and its decompressed form (maxBodyBytes + maxDecompressedBytes)",
      path: ["maxBufferedBytes"],
    })
    .prefault({}),
  scrub: z
    .strictObject({
      /** Extra key names whose values become "[Filtered]" (a health app's PHI fields). */
      sensitiveFields: z.array(z.string().min(1)).default([]),
      /** Key names never scrubbed, besides the built-in safe ones (user agent, versions, frames' files). */
      safeFields: z.array(z.string().min(1)).default([]),
      /** Keep stack frames' local variables; Relay's default (and ours) removes them. */
      keepFrameVars: z.boolean().default(false),
    })
    .prefault({}),
  /** Binary items (attachments, replay recordings, profiles): passed on untouched, or dropped. */
  binaryItems: z.enum(["forward", "drop"]).default("forward"),
  /**
   * Reverse proxies in front of the relay (the application's nginx or Caddy, vigil's HTTPS
   * entry), as addresses or CIDRs. A request from one of them is rate-limited by the client
   * address it names in X-Forwarded-For; without this every browser behind a proxy would
   * share the proxy's one bucket. SECURITY: only listed proxies are believed.
   */
  trustedProxies: z.array(z.string().refine(isAddressOrCidr, "expected an IP address or CIDR such as 10.110.0.0/20")).default([]),
  rateLimit: z
    .strictObject({
      /** Envelopes each client (by address) may send per second, on average. */
      perClientPerSecond: z.number().positive().default(50),
      /** How many envelopes a client may send at once above that rate. */
      burst: z.number().int().positive().default(200),
    })
    .prefault({}),
  upstream: z
    .strictObject({
      /** Keep-alive connections per upstream host, which is also how many requests run at once. */
      connections: z.number().int().positive().default(16),
      /** Envelopes waiting for a connection; beyond this the relay answers 503 at once. */
      maxQueued: z.number().int().nonnegative().default(256),
      /** A request to Sentry that takes longer fails with 503. */
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .prefault({}),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;
/** The section as written in the config file, before defaults (what synth renders). */
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
