// What a deployment needs beyond what the config schema can check on its own: the schema
// is shared with the local stack, which needs no host key, no DNS and no DigitalOcean.
import type { VigilConfig } from "../core/config";
import { ConfigError } from "../core/config";
import { httpsEntryDomain } from "./https-entry";
import { memoryGibOf, MIN_MEMORY_GIB } from "./sizing";

export interface DeploymentSettings {
  hostKey: NonNullable<VigilConfig["access"]["hostKey"]>;
  /** Where DigitalOcean's uptime and droplet alerts go. */
  checkEmails: string[];
  /** relay.example.com when the HTTPS entry is configured. */
  httpsEntryDomain?: string;
  /** Managed clusters to add the droplet to. */
  managedClusters: string[];
}

/**
 * The status page's custom domain needs its certificate and its DNS zone (the CNAME and the
 * certificate live there), inside which it is a name below the apex: a CNAME cannot sit at
 * a zone's apex.
 */
function statusDomainIssues(statusPage: VigilConfig["statusPage"]): Array<{ path: string; message: string }> {
  const domain = statusPage?.customDomain;
  const zone = statusPage?.dnsZone;
  if (!domain) return zone ? [{ path: "statusPage.dnsZone", message: "set statusPage.customDomain too: the zone only holds its CNAME" }] : [];
  const issues: Array<{ path: string; message: string }> = [];
  if (!statusPage.certificateName) {
    issues.push({ path: "statusPage.certificateName", message: "required with statusPage.customDomain: the CDN serves it with this Let's Encrypt certificate" });
  }
  if (!zone) {
    issues.push({ path: "statusPage.dnsZone", message: `required with statusPage.customDomain: the DigitalOcean DNS zone that holds ${domain} (the CNAME to the CDN is created there)` });
  } else if (statusRecordName(domain, zone) === undefined) {
    issues.push({ path: "statusPage.customDomain", message: `expected a name below statusPage.dnsZone ${zone} (status.${zone}), not the zone's apex or another zone` });
  }
  return issues;
}

/** `status` for status.example.com in example.com; undefined when the domain is not below the zone. */
export function statusRecordName(domain: string, zone: string): string | undefined {
  const suffix = `.${zone}`;
  if (!domain.endsWith(suffix)) return undefined;
  const name = domain.slice(0, -suffix.length);
  return name.length > 0 ? name : undefined;
}

/** Checks the deployment-only rules; a violation is a ConfigError naming each path. */
export function deploymentSettings(config: VigilConfig, source: string): DeploymentSettings {
  const issues: Array<{ path: string; message: string }> = [];
  const hostKey = config.access.hostKey;
  if (!hostKey) {
    issues.push({
      path: "access.hostKey",
      message: "required to deploy: the droplet's SSH host key is pinned (ssh-keygen -t ed25519 -N '' -f vigil-host; see the README)",
    });
  }
  const checkEmails = config.externalChecks.emails.length > 0 ? config.externalChecks.emails : config.alerting.email ? [config.alerting.email.to] : [];
  if (checkEmails.length === 0) {
    issues.push({ path: "externalChecks.emails", message: "required without alerting.email: DigitalOcean's uptime alerts need an address" });
  }
  if (config.httpsEntry && !config.sentryRelay) {
    issues.push({ path: "httpsEntry", message: "the HTTPS entry forwards the Sentry tunnel path: configure sentryRelay too" });
  }
  // SECURITY: a public tunnel without an Origin allow-list lets any website spend the
  // projects' Sentry quota (the browser SDK's text/plain post needs no CORS preflight).
  if (config.httpsEntry && config.sentryRelay && config.sentryRelay.allowedOrigins.length === 0) {
    issues.push({ path: "sentryRelay.allowedOrigins", message: "required with httpsEntry: list the application's origins (https://shop.example.com), or any website could post to the public tunnel" });
  }
  issues.push(...statusDomainIssues(config.statusPage));
  if (config.managedDatabases.postgresCluster && !config.postgres) {
    issues.push({ path: "managedDatabases.postgresCluster", message: "needs the postgres section (the exporter's connection)" });
  }
  if (config.managedDatabases.redisCluster && !config.redis) {
    issues.push({ path: "managedDatabases.redisCluster", message: "needs the redis section (the exporter's connection)" });
  }
  const gib = memoryGibOf(config.droplet.size);
  if (gib === undefined || gib < MIN_MEMORY_GIB) {
    issues.push({ path: "droplet.size", message: `expected a size with at least ${MIN_MEMORY_GIB} GiB of memory, such as s-2vcpu-4gb` });
  }
  if (issues.length > 0 || !hostKey) throw new ConfigError(source, issues);
  return {
    hostKey,
    checkEmails,
    ...(config.httpsEntry ? { httpsEntryDomain: httpsEntryDomain(config.httpsEntry) } : {}),
    managedClusters: [config.managedDatabases.postgresCluster, config.managedDatabases.redisCluster].filter(
      (name): name is string => name !== undefined,
    ),
  };
}
