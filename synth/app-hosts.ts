import type { ArtifactFiles } from "../core/artifact-files";
import { JOBS, SERVICE_CATALOG } from "../core/catalog";
import type { VigilConfig } from "../core/config";

// The application's droplets as Prometheus finds them: DigitalOcean service discovery
// (Prometheus's configuration.md, `<digitalocean_sd_config>`; the same keys in 3.5, which
// the tests run, and 3.13, which the droplet runs) lists every droplet of the account, and
// the relabelling below keeps those carrying one of access.appDropletTags and points each
// scrape at the droplet's private address. The relabelling is the part that decides what
// is watched, so test/e2e/app-host-discovery.test.ts feeds exactly these rules, through
// file_sd, targets carrying the labels DigitalOcean's discovery sets, to a real Prometheus.

/** The scrape-job keys that say where the targets come from: discovery and its relabelling. */
export interface DiscoveredTargets {
  digitalocean_sd_configs: Array<Record<string, unknown>>;
  relabel_configs: Array<Record<string, unknown>>;
}

/** What DigitalOcean's discovery sets on each droplet (discovery/digitalocean/digitalocean.go). */
const META = {
  /** `,tag1,tag2,`: the list is surrounded by the separator, so one regex finds a tag anywhere. */
  tags: "__meta_digitalocean_tags",
  privateIpv4: "__meta_digitalocean_private_ipv4",
  dropletName: "__meta_digitalocean_droplet_name",
} as const;

/** node_exporter's port on each host: the AppHostAgent's cloud-init runs it there. */
export const APP_HOST_NODE_EXPORTER_PORT = SERVICE_CATALOG.nodeExporter.port;

/** The secret file Prometheus reads the read-only DigitalOcean token from. */
const TOKEN_FILE = "digitalocean-token";

/** A tag as an RE2 literal: DigitalOcean tags may hold `.`, which would match any character. */
function literal(tag: string): string {
  return tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Keeps the droplets with one of `tags` and a private address, scrapes that address on
 * `port`, and names each target after its droplet, so an alert says `shop-web-1` rather
 * than an address; `labels` are set on every target kept (its job, its component).
 */
export function appHostRelabelling(tags: readonly string[], port: number, labels: Record<string, string>): Array<Record<string, unknown>> {
  if (tags.length === 0) throw new Error("app host discovery needs at least one tag (access.appDropletTags)");
  return [
    // Relabel regexes are anchored: the commas keep `shop` from matching the tag `shop-web`.
    { source_labels: [META.tags], regex: `.*,(${tags.map(literal).join("|")}),.*`, action: "keep" },
    // A droplet outside any VPC has no private address, and vigil scrapes no public one.
    { source_labels: [META.privateIpv4], regex: ".+", action: "keep" },
    { source_labels: [META.privateIpv4], target_label: "__address__", replacement: `$1:${port}` },
    { source_labels: [META.dropletName], target_label: "instance" },
    ...Object.entries(labels).map(([label, value]) => ({ target_label: label, replacement: value })),
  ];
}

/** The discovery (with the token as a file) and relabelling of one scrape job over the application's hosts. */
function discovered(config: VigilConfig, secrets: ArtifactFiles, port: number, labels: Record<string, string>): DiscoveredTargets {
  const hosts = config.app.hosts;
  if (!hosts) throw new Error("app.hosts is not configured");
  return {
    digitalocean_sd_configs: [
      {
        // SECURITY: read from a file, so prometheus.yml holds no token; it can only read.
        authorization: { type: "Bearer", credentials_file: secrets.secretFile(TOKEN_FILE, hosts.discoveryToken) },
        // Only the default address (the public one) uses it; the relabelling sets the private one.
        port,
      },
    ],
    relabel_configs: appHostRelabelling(config.access.appDropletTags, port, labels),
  };
}

/**
 * The targets of the application's own scrape job: each host's private address on
 * app.hosts.metricsPort, labelled with the component as the static targets are.
 */
export function appMetricsTargets(config: VigilConfig, secrets: ArtifactFiles): DiscoveredTargets {
  const hosts = config.app.hosts;
  if (!hosts) throw new Error("app.hosts is not configured");
  return discovered(config, secrets, hosts.metricsPort, { component: config.app.name });
}

/**
 * node_exporter on every application host, as a scrape job of its own whose targets carry
 * `job="node"` like vigil's own node_exporter: the host alerts and the host dashboard select
 * that job, so they cover each application host by its instance.
 */
export function appHostNodeJob(config: VigilConfig, secrets: ArtifactFiles, common: Record<string, unknown>): Record<string, unknown> {
  return {
    // A job name of its own (Prometheus refuses two scrape configs with one name); the
    // relabelling sets the `job` label the rules and dashboards select on.
    job_name: `${JOBS.node}-app-hosts`,
    ...common,
    ...discovered(config, secrets, APP_HOST_NODE_EXPORTER_PORT, { job: JOBS.node }),
  };
}
