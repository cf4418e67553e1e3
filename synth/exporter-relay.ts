import type { VigilConfig } from "../core/config";
import type { RelayConfig } from "../core/exporter/relay-config";
import type { Placement } from "../core/placement";

/**
 * The relay's section of the exporter's config file: the vigil section as validated, with its
 * defaults written out, so a reviewer of generated/ sees every limit production runs with.
 */
export function relaySection(config: VigilConfig, placement: Placement): RelayConfig {
  const relay = config.sentryRelay!;
  // vigil's HTTPS entry (Caddy) reaches the exporter over the docker network and names the
  // browser in X-Forwarded-For; only that network's addresses are believed.
  const httpsEntry = config.httpsEntry ? placement.httpsEntryNetworks : [];
  return {
    tunnelPath: relay.tunnelPath,
    allowedDsns: relay.allowedDsns.map((entry) => ({ dsn: entry.dsn, ...(entry.name ? { name: entry.name } : {}) })),
    ...(relay.upstreamOrigin ? { upstreamOrigin: relay.upstreamOrigin } : {}),
    allowedOrigins: relay.allowedOrigins,
    limits: relay.limits,
    scrub: relay.scrub,
    binaryItems: relay.binaryItems,
    trustedProxies: [...relay.trustedProxies, ...httpsEntry],
    rateLimit: relay.rateLimit,
    upstream: relay.upstream,
  };
}
