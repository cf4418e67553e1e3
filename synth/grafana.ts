import type { VigilConfig } from "../infra/config";
import { dashboards } from "../dashboards";
import type { Artifact } from "./artifact";
import { jsonArtifact, yamlArtifact } from "./artifact";
import type { Placement } from "./placement";
import type { Timing } from "./timing";
import { formatDuration } from "./timing";

export const PROMETHEUS_DATASOURCE_UID = "vigil-prometheus";

/** Provisioning (data source, dashboard provider) and every dashboard as JSON. */
export function grafanaArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const datasources = yamlArtifact("grafana/provisioning/datasources/prometheus.yml", {
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: PROMETHEUS_DATASOURCE_UID,
        type: "prometheus",
        access: "proxy",
        url: `http://${placement.endpoints.prometheus.host}:${placement.endpoints.prometheus.port}`,
        isDefault: true,
        editable: false,
        // The scrape interval, so $__rate_interval always spans enough samples.
        jsonData: { httpMethod: "POST", timeInterval: formatDuration(timing.scrapeIntervalSeconds) },
      },
    ],
  });
  const provider = yamlArtifact("grafana/provisioning/dashboards/vigil.yml", {
    apiVersion: 1,
    providers: [
      {
        name: "vigil",
        folder: "vigil",
        type: "file",
        // Dashboards are code: edits in the UI are refused, not silently lost on deploy.
        allowUiUpdates: false,
        disableDeletion: true,
        options: { path: `${placement.mounts.grafana}/dashboards` },
      },
    ],
  });
  const dashboardFiles = dashboards(config).map((model) => {
    if (!model.uid) throw new Error(`dashboard "${model.title}" has no uid`);
    return jsonArtifact(`grafana/dashboards/${model.uid}.json`, model);
  });
  return [datasources, provider, ...dashboardFiles];
}
