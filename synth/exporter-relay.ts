import type { RelayConfig } from "../exporter/relay/config";
import type { VigilConfig } from "../infra/config";

/** The relay's section of the exporter's config file. */
export function relaySection(relay: NonNullable<VigilConfig["sentryRelay"]>): RelayConfig {
  return { tunnelPath: relay.tunnelPath };
}
