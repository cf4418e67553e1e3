// The Pulumi program: reads the stack config, renders the artifacts and composes the
// components that run them. Nothing is configured here; see config/ and synth/.
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { readStackConfig } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { LIVE_FILE_PATHS, staticAssets } from "../status-page/site";
import { synth } from "../synth/index";
import { GRAFANA_ADMIN_PASSWORD_PATH, serviceSpecs } from "../synth/services";
import { redactionOptions } from "../synth/logs/fluent-bit";
import { AppHostAgent } from "./app-host-agent";
import { fluentBitPart } from "./app-host-fluent-bit";
import { VigilContainers } from "./containers";
import { DatabaseAccess } from "./databases";
import { deploymentSettings } from "./deployment";
import { writeExporterBundle } from "./exporter-bundle";
import { ExternalChecks } from "./external-checks";
import { VigilHost } from "./host";
import { monthlyCostEstimate } from "./sizing";
import { sshTunnelCommand as tunnelCommand, tunnelledUrls as tunnelUrls } from "./ssh-tunnel";
import { StatusSite } from "./status-site";

const config = readStackConfig();
const settings = deploymentSettings(config, `stack ${pulumi.getStack()}`);
const placement = dropletPlacement();
const artifacts = synth(config, placement, PRODUCTION);

const host = new VigilHost("vigil", {
  region: config.region,
  droplet: config.droplet,
  access: config.access,
  hostKey: { privateKey: pulumi.secret(settings.hostKey.privateKey.reveal() ?? ""), publicKey: settings.hostKey.publicKey },
  ingestPort: placement.ingest.port,
  // vmauth runs only with the ingest token; without it, its port stays closed.
  ...(config.logs.ingestToken ? { logIngestPort: placement.logIngest.port } : {}),
  httpsEntry: settings.httpsEntryDomain !== undefined,
});

// RandomPassword's result is a secret output; it is generated once and kept in the state.
const grafanaPassword = config.grafana.adminPassword
  ? undefined
  : new random.RandomPassword("grafana-admin", { length: 32, special: false }).result;

new VigilContainers("vigil", {
  dockerHost: host.dockerHost,
  sshOptions: host.sshOptions,
  hostId: host.dropletId,
  privateIp: host.privateIpv4Address,
  publicIp: host.ipv4Address,
  config,
  ...(grafanaPassword ? { generatedSecrets: { [GRAFANA_ADMIN_PASSWORD_PATH]: grafanaPassword } } : {}),
  artifacts,
  specs: serviceSpecs(config, placement, PRODUCTION),
  placement,
  exporterBundle: writeExporterBundle(),
  ...(settings.httpsEntryDomain && config.sentryRelay
    ? {
        httpsEntry: {
          domain: settings.httpsEntryDomain,
          tunnelPath: config.sentryRelay.tunnelPath,
          ...(config.httpsEntry?.acmeEmail ? { acmeEmail: config.httpsEntry.acmeEmail } : {}),
        },
      }
    : {}),
});

if (config.httpsEntry) {
  // Caddy listens on the droplet's public address; the record points there.
  new digitalocean.DnsRecord("vigil-https-entry", {
    domain: config.httpsEntry.zone,
    name: config.httpsEntry.name,
    type: "A",
    value: host.ipv4Address,
    ttl: 300,
  });
}

if (settings.managedClusters.length > 0) {
  new DatabaseAccess("vigil", {
    clusters: settings.managedClusters,
    dropletId: host.dropletId,
    appDropletTags: config.access.appDropletTags,
  });
}

// The application's hosts, watched through discovery (app.hosts): the user data that
// installs vigil's agents on them, and the firewall that lets this droplet scrape them.
// With the ingest token, the hosts ship their logs too: the shipper's part holds the token,
// so it goes in as a secret and the user data comes out secret.
const logIngestToken = config.logs.ingestToken?.reveal();
const appHosts = config.app.hosts
  ? new AppHostAgent("vigil-app-hosts", {
      appDropletTags: config.access.appDropletTags,
      vigilDropletId: host.dropletId,
      metricsPort: config.app.hosts.metricsPort,
      firewall: config.app.hosts.firewall,
      ...(logIngestToken
        ? {
            additionalParts: [
              pulumi.secret(
                host.privateIpv4Address.apply((vigilPrivateAddress) =>
                  fluentBitPart({
                    vigilPrivateAddress,
                    logIngestPort: placement.logIngest.port,
                    appName: config.app.name,
                    redaction: redactionOptions(config),
                    ingestToken: logIngestToken,
                  }),
                ),
              ),
            ],
          }
        : {}),
    })
  : undefined;

let statusPageUrl: pulumi.Output<string> | undefined;
const projectResources: pulumi.Input<string>[] = [...host.resourceUrns];
if (config.statusPage) {
  const spaces = config.statusPage.spaces;
  const spacesProvider = new digitalocean.Provider("vigil-spaces", {
    token: new pulumi.Config("digitalocean").getSecret("token"),
    spacesAccessId: pulumi.secret(spaces.accessKeyId.reveal() ?? ""),
    spacesSecretKey: pulumi.secret(spaces.secretAccessKey.reveal() ?? ""),
  });
  const site = new StatusSite("vigil-status", {
    bucket: spaces.bucket,
    region: spaces.region,
    cdnTtlSeconds: config.statusPage.cdnTtlSeconds,
    assets: staticAssets(config.statusPage.title),
    liveFiles: LIVE_FILE_PATHS,
    ...(config.statusPage.customDomain ? { customDomain: config.statusPage.customDomain } : {}),
    ...(config.statusPage.certificateName ? { certificateName: config.statusPage.certificateName } : {}),
    ...(config.statusPage.dnsZone ? { dnsZone: config.statusPage.dnsZone } : {}),
    provider: spacesProvider,
  });
  statusPageUrl = site.url;
  projectResources.push(site.bucketUrn);
}

new ExternalChecks("vigil", {
  endpoints: {
    app: { url: config.app.publicUrl, https: config.app.publicUrl.startsWith("https://") },
    ...(statusPageUrl ? { "status-page": { url: statusPageUrl, https: true } } : {}),
  },
  dropletId: host.dropletId,
  ...config.externalChecks,
  emails: settings.checkEmails,
});

new digitalocean.Project("vigil", {
  name: `vigil-${pulumi.getStack()}`,
  description: `vigil monitoring for ${config.app.name}`,
  purpose: "Operational / Developer tooling",
  environment: "Production",
  resources: projectResources,
});

/** The droplet's public IPv4 address. */
export const dropletIp = host.ipv4Address;
/** The reserved IP: SSH, the tunnel and the docker provider connect here. */
export const reservedIp = host.reservedIp;
/** Run it, then open the URLs below on localhost. */
export const sshTunnelCommand = host.reservedIp.apply(tunnelCommand);
/** Grafana, Prometheus, Alertmanager and the exporter's admin API, once the tunnel runs. */
export const tunnelledUrls = tunnelUrls(placement);
/** The public status page (CDN endpoint or custom domain); absent without statusPage. */
export const statusPage = statusPageUrl;
/**
 * The cloud-init user data to create each application host with (vigil's agents:
 * node_exporter on the private address, and with logs.ingestToken the log shipper, which
 * makes it a secret: `--show-secrets`); absent without app.hosts. docs/operations.md,
 * "Watching the application's hosts".
 */
export const appHostUserData = appHosts?.userData;
/** The same as a shell script, for application hosts that are already running (run it as root). */
export const appHostInstallScript = appHosts?.installScript;
/** The generated Grafana admin password (`pulumi stack output --show-secrets grafanaAdminPassword`). */
export const grafanaAdminPassword = grafanaPassword;
/** List prices in USD per month. */
export const monthlyCostUsd = monthlyCostEstimate({
  size: config.droplet.size,
  volumeSizeGib: config.droplet.volumeSizeGib,
  backups: config.droplet.backups,
  spaces: config.statusPage !== undefined,
});
