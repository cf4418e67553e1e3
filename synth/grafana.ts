import type { ArtifactFiles } from "../core/artifact-files";
import { VICTORIA_LOGS_DATASOURCE_TYPE } from "../core/catalog";
import type { VigilConfig } from "../core/config";
import type { LongTermStore } from "../core/config/monitoring";
import { DATASOURCE_UIDS } from "../core/dashboard-uids";
import type { Placement } from "../core/placement";
import { address } from "../core/placement";
import type { Timing } from "../core/timing";
import { formatDuration } from "../core/timing";
import { dashboards } from "../dashboards";
import { LOGS_MAX_LINES } from "../dashboards/logs-queries";
import type { Artifact } from "./artifact";
import { jsonArtifact, yamlArtifact } from "./artifact";
import { SecretCollector } from "./secrets";

/**
 * The long-term store as a second Prometheus data source. Its credential reaches Grafana as
 * a secret file that the provisioning names with `$__file{}` (Grafana expands it when it
 * reads the file), so the provisioning itself holds no secret.
 */
function longTermDatasource(store: LongTermStore, secrets: ArtifactFiles, timing: Timing): Record<string, unknown> {
  const password = store.basicAuth ? `$__file{${secrets.secretFile("long-term-store-password", store.basicAuth.password)}}` : undefined;
  const token = store.bearerToken ? `$__file{${secrets.secretFile("long-term-store-token", store.bearerToken)}}` : undefined;
  return {
    name: store.name,
    uid: DATASOURCE_UIDS.longTermStore,
    type: "prometheus",
    access: "proxy",
    url: store.queryUrl,
    isDefault: false,
    editable: false,
    ...(store.basicAuth ? { basicAuth: true, basicAuthUser: store.basicAuth.username } : {}),
    jsonData: {
      httpMethod: "POST",
      timeInterval: formatDuration(timing.scrapeIntervalSeconds),
      ...(token ? { httpHeaderName1: "Authorization" } : {}),
    },
    ...(password ? { secureJsonData: { basicAuthPassword: password } } : {}),
    ...(token ? { secureJsonData: { httpHeaderValue1: `Bearer ${token}` } } : {}),
  };
}

/** Provisioning (data sources, dashboard provider) and every dashboard as JSON. */
export function grafanaArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const secrets = new SecretCollector(placement, "grafana");
  const longTerm = config.prometheus.longTermStore;
  const datasources = yamlArtifact("grafana/provisioning/datasources/prometheus.yml", {
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: DATASOURCE_UIDS.prometheus,
        type: "prometheus",
        access: "proxy",
        url: `http://${placement.endpoints.prometheus.host}:${placement.endpoints.prometheus.port}`,
        isDefault: true,
        editable: false,
        // The scrape interval, so $__rate_interval always spans enough samples.
        jsonData: { httpMethod: "POST", timeInterval: formatDuration(timing.scrapeIntervalSeconds) },
      },
      ...(longTerm ? [longTermDatasource(longTerm, secrets, timing)] : []),
    ],
  });
  // VictoriaLogs through its plugin (core/catalog.ts GRAFANA_PLUGINS), on the docker network;
  // the keys are the plugin's provisioning example (README.md, "Grafana Provisioning") and
  // its Options type (src/types.ts: maxLines).
  const logsDatasource = yamlArtifact("grafana/provisioning/datasources/victoria-logs.yml", {
    apiVersion: 1,
    datasources: [
      {
        name: "VictoriaLogs",
        uid: DATASOURCE_UIDS.victoriaLogs,
        type: VICTORIA_LOGS_DATASOURCE_TYPE,
        access: "proxy",
        url: `http://${address(placement.endpoints.victoriaLogs)}`,
        isDefault: false,
        editable: false,
        // The lines a logs query returns unless the panel asks for fewer.
        jsonData: { maxLines: String(LOGS_MAX_LINES) },
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
    return jsonArtifact(`grafana/dashboards/${model.uid}.json`, normalizedDashboard(model));
  });
  return [datasources, logsDatasource, provider, ...dashboardFiles, ...secrets.artifacts()];
}

// The committed dashboard JSON is read in pull requests, so it is normalized: a change to
// one panel shows as a few lines of diff, never as keys reshuffled by the order in which
// the code happened to call the builder's methods.

/** Fields Grafana sets per instance or per save; they would only add noise to a diff. */
const VOLATILE_KEYS = new Set(["id", "version", "iteration", "created", "updated", "gnetId"]);

/** Keys that name an object, kept first so a diff hunk shows which panel it is in. */
const LEADING_KEYS = ["uid", "title", "id", "type", "description"];

function keyOrder(a: string, b: string): number {
  const rank = (key: string) => {
    const index = LEADING_KEYS.indexOf(key);
    return index < 0 ? LEADING_KEYS.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function sortedKeys(value: unknown): unknown {
  // Arrays keep their order: panels, queries, threshold steps and variables mean it.
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => keyOrder(a, b)).map(([key, item]) => [key, sortedKeys(item)]));
}

/**
 * The dashboard as committed: volatile top-level fields dropped (a panel's `id` stays: it
 * is derived from its title), every object's keys in one fixed order.
 */
export function normalizedDashboard(model: object): unknown {
  const kept = Object.fromEntries(Object.entries(model).filter(([key]) => !VOLATILE_KEYS.has(key)));
  return sortedKeys(kept);
}
