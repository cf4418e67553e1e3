import type { ArtifactFiles } from "../core/artifact-files";
import type { VigilConfig } from "../core/config";
import { STATUS_PUBLISH_INTERVAL_SECONDS } from "../core/exporter/contract";
import { DEFAULT_ALERT_STALE_SECONDS, type StatusConfig } from "../core/exporter/status-config";
import { address, type Placement } from "../core/placement";

/** The page's public address: as configured, else the custom domain, else the bucket's CDN endpoint. */
export function statusPublicUrl(statusPage: NonNullable<VigilConfig["statusPage"]>): string {
  if (statusPage.publicUrl) return statusPage.publicUrl;
  if (statusPage.customDomain) return `https://${statusPage.customDomain}/`;
  return `https://${statusPage.spaces.bucket}.${statusPage.spaces.region}.cdn.digitaloceanspaces.com/`;
}

/**
 * The components vigil's own alerts name in their `component` label: the application
 * (endpoint, errors, latency), and the database and cache when vigil watches them.
 */
export function alertComponents(config: VigilConfig): Array<{ id: string; name: string; description: string }> {
  return [
    { id: config.app.name, name: config.app.name, description: "" },
    ...(config.postgres ? [{ id: config.postgres.statusComponent, name: "Database", description: "" }] : []),
    ...(config.redis ? [{ id: config.redis.statusComponent, name: "Cache", description: "" }] : []),
  ];
}

/** The status page's section of the exporter's config file; secrets become secret files. */
export function statusSection(config: VigilConfig, placement: Placement, secrets: ArtifactFiles): StatusConfig {
  const statusPage = config.statusPage!;
  const { spaces } = statusPage;
  // vigil's own alerts carry these components: a page without one would refuse them (422).
  const listed = new Set(statusPage.components.map((component) => component.id));
  const missing = alertComponents(config).filter((component) => !listed.has(component.id));
  const components = [...missing, ...statusPage.components];
  return {
    title: statusPage.title,
    language: statusPage.language,
    publicUrl: statusPublicUrl(statusPage),
    components: components.map((component) => ({ ...component })),
    severityStatus: { ...statusPage.severityStatus },
    reopenWindowSeconds: statusPage.reopenWindowMinutes * 60,
    alertStaleSeconds: DEFAULT_ALERT_STALE_SECONDS,
    historyDays: 90,
    dataDir: placement.dataDirs.vigilExporter,
    spaces: {
      endpoint: spaces.endpoint ?? `https://${spaces.region}.digitaloceanspaces.com`,
      region: spaces.region,
      bucket: spaces.bucket,
      accessKeyIdFile: secrets.secretFile("spaces-access-key-id", spaces.accessKeyId),
      secretAccessKeyFile: secrets.secretFile("spaces-secret-access-key", spaces.secretAccessKey),
      forcePathStyle: spaces.endpoint !== undefined,
    },
    prometheusUrl: `http://${address(placement.endpoints.prometheus)}`,
    alertmanagerUrl: `http://${address(placement.endpoints.alertmanager)}`,
    webhookTokenFile: secrets.secretFile("status-webhook-token", statusPage.webhookToken),
    adminTokenFile: secrets.secretFile("status-admin-token", statusPage.adminToken),
    publishIntervalSeconds: STATUS_PUBLISH_INTERVAL_SECONDS,
    uptimeIntervalSeconds: 600,
  };
}
