import type { RelayConfig } from "../exporter/relay/config";
import type { VigilConfig } from "../infra/config";

/**
 * The relay's section of the exporter's config file: the vigil section as validated, with its
 * defaults written out, so a reviewer of generated/ sees every limit production runs with.
 */
export function relaySection(relay: NonNullable<VigilConfig["sentryRelay"]>): RelayConfig {
  return {
    tunnelPath: relay.tunnelPath,
    allowedDsns: relay.allowedDsns.map((entry) => ({ dsn: entry.dsn, ...(entry.name ? { name: entry.name } : {}) })),
    ...(relay.upstreamOrigin ? { upstreamOrigin: relay.upstreamOrigin } : {}),
    allowedOrigins: relay.allowedOrigins,
    limits: relay.limits,
    scrub: relay.scrub,
    binaryItems: relay.binaryItems,
    rateLimit: relay.rateLimit,
    upstream: relay.upstream,
  };
}
