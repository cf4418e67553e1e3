// The optional public HTTPS entry: Caddy in front of the exporter's Sentry tunnel path.

export interface CaddyfileInput {
  /** relay.example.com */
  domain: string;
  /** The Sentry tunnel path (config.sentryRelay.tunnelPath). */
  tunnelPath: string;
  /** host:port of the exporter's ingest listener on the docker network. */
  upstream: string;
  acmeEmail?: string;
}

/**
 * SECURITY: only the tunnel path is forwarded; every other path is answered 404 by Caddy,
 * so /events (authenticated by the ingest token, meant for the application's servers) and
 * anything added to the ingest listener later stay off the internet. Caddy's admin API
 * stays on the container's loopback.
 */
export function caddyfile(input: CaddyfileInput): string {
  const global = ["{", "\tadmin 127.0.0.1:2019", ...(input.acmeEmail ? [`\temail ${input.acmeEmail}`] : []), "}"];
  return [
    ...global,
    "",
    `${input.domain} {`,
    `\thandle ${input.tunnelPath} {`,
    `\t\treverse_proxy ${input.upstream}`,
    "\t}",
    "\thandle {",
    "\t\trespond 404",
    "\t}",
    "}",
    "",
  ].join("\n");
}

/** relay.example.com from the zone and the record name. */
export function httpsEntryDomain(entry: { zone: string; name: string }): string {
  return `${entry.name}.${entry.zone}`;
}
