import type { VigilConfig } from "../core/config";
import type { RemoteWriteTarget } from "../core/config/monitoring";
import { JOBS } from "../core/catalog";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";
import type { Placement } from "../core/placement";
import { address } from "../core/placement";
import { secretPlaceholder } from "./secrets";
import type { Timing } from "../core/timing";
import { formatDuration } from "../core/timing";

function staticJob(jobName: string, target: string, timing: Timing): Record<string, unknown> {
  return { job_name: jobName, ...scrapeTiming(timing), static_configs: [{ targets: [target] }] };
}

function scrapeTiming(timing: Timing): Record<string, string> {
  // A scrape must finish before the next one starts.
  const timeout = Math.max(1, Math.min(10, timing.scrapeIntervalSeconds - 1));
  return { scrape_interval: formatDuration(timing.scrapeIntervalSeconds), scrape_timeout: formatDuration(timeout) };
}

/** The secret file of one remote_write target, under the prometheus tree. */
function remoteWriteSecretPath(target: RemoteWriteTarget): string {
  return `prometheus/secrets/remote-write-${target.name}`;
}

/**
 * remote_write entries: credentials are read from files (password_file, credentials_file),
 * rendered as placeholder artifacts like Alertmanager's, so prometheus.yml holds no secret.
 */
function remoteWriteSection(config: VigilConfig, placement: Placement): Record<string, unknown>[] {
  const fileOf = (target: RemoteWriteTarget) =>
    `${placement.mounts.prometheus}${remoteWriteSecretPath(target).slice("prometheus".length)}`;
  return config.prometheus.remoteWrite.map((target) => ({
    name: target.name,
    url: target.url,
    ...(target.basicAuth ? { basic_auth: { username: target.basicAuth.username, password_file: fileOf(target) } } : {}),
    ...(target.bearerToken ? { authorization: { type: "Bearer", credentials_file: fileOf(target) } } : {}),
  }));
}

/** prometheus.yml and the secret files its remote_write entries name. */
export function prometheusArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const secretFiles = config.prometheus.remoteWrite.flatMap((target) => {
    const secret = target.basicAuth?.password ?? target.bearerToken;
    // No trailing newline: the file's whole content is the credential.
    return secret ? [{ path: remoteWriteSecretPath(target), content: secretPlaceholder(secret), secret: true }] : [];
  });
  return [prometheusArtifact(config, placement, timing), ...secretFiles];
}

export function prometheusArtifact(config: VigilConfig, placement: Placement, timing: Timing): Artifact {
  const at = placement.endpoints;
  const scrapeConfigs: Record<string, unknown>[] = [
    staticJob(JOBS.prometheus, address(at.prometheus), timing),
    staticJob(JOBS.alertmanager, address(at.alertmanager), timing),
    staticJob(JOBS.node, address(at.nodeExporter), timing),
  ];
  if (config.postgres) scrapeConfigs.push(staticJob(JOBS.postgres, address(at.postgresExporter), timing));
  if (config.redis) scrapeConfigs.push(staticJob(JOBS.redis, address(at.redisExporter), timing));
  scrapeConfigs.push(
    staticJob(JOBS.blackboxExporter, address(at.blackboxExporter), timing),
    {
      // The blackbox exporter probes the public URL as users reach it; Prometheus passes
      // the URL as ?target= and keeps it as the instance label.
      job_name: JOBS.blackboxHttp,
      ...scrapeTiming(timing),
      metrics_path: "/probe",
      params: { module: ["http_2xx"] },
      static_configs: [{ targets: [config.app.publicUrl], labels: { component: config.app.name } }],
      relabel_configs: [
        { source_labels: ["__address__"], target_label: "__param_target" },
        { source_labels: ["__param_target"], target_label: "instance" },
        { target_label: "__address__", replacement: address(at.blackboxExporter) },
      ],
    },
    staticJob(JOBS.vigilExporter, address(at.vigilExporter), timing),
    ...(placement.cadvisor ? [staticJob(JOBS.cadvisor, address(placement.cadvisor), timing)] : []),
    {
      job_name: config.app.name,
      ...scrapeTiming(timing),
      metrics_path: config.app.metricsPath,
      scheme: config.app.metricsScheme,
      static_configs: [{ targets: config.app.metricsTargets, labels: { component: config.app.name } }],
    },
  );

  return yamlArtifact("prometheus/prometheus.yml", {
    global: {
      scrape_interval: formatDuration(timing.scrapeIntervalSeconds),
      evaluation_interval: formatDuration(timing.evaluationIntervalSeconds),
      external_labels: { vigil: config.app.name },
    },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [address(at.alertmanager)] }] }] },
    // Relative to this file: rules/ sits beside it wherever it is mounted.
    rule_files: ["rules/*.yml"],
    scrape_configs: scrapeConfigs,
    ...(config.prometheus.remoteWrite.length > 0 ? { remote_write: remoteWriteSection(config, placement) } : {}),
  });
}
