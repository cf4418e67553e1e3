import type { ArtifactFiles } from "../core/artifact-files";
import { JOBS, SERVICE_CATALOG, SERVICES } from "../core/catalog";
import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import { address } from "../core/placement";
import type { Timing } from "../core/timing";
import { formatDuration } from "../core/timing";
import { appHostNodeJob, appMetricsTargets } from "./app-hosts";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";
import { SecretCollector } from "./secrets";
import { serviceSpecs } from "./services";

function staticJob(jobName: string, target: string, timing: Timing, metricsPath?: string): Record<string, unknown> {
  return { job_name: jobName, ...scrapeTiming(timing.scrapeIntervalSeconds), ...(metricsPath ? { metrics_path: metricsPath } : {}), static_configs: [{ targets: [target] }] };
}

/**
 * The blackbox exporter probes the public URL as users reach it; Prometheus passes the URL
 * as ?target= and keeps it as the instance label.
 */
function probeScrape(jobName: string, config: VigilConfig, prober: string, timing: Timing): Record<string, unknown> {
  return {
    job_name: jobName,
    ...scrapeTiming(timing.probeIntervalSeconds),
    metrics_path: "/probe",
    params: { module: ["http_2xx"] },
    static_configs: [{ targets: [config.app.publicUrl], labels: { component: config.app.name } }],
    relabel_configs: [
      { source_labels: ["__address__"], target_label: "__param_target" },
      { source_labels: ["__param_target"], target_label: "instance" },
      { target_label: "__address__", replacement: prober },
    ],
  };
}

function scrapeTiming(intervalSeconds: number): Record<string, string> {
  // A scrape must finish before the next one starts.
  const timeout = Math.max(1, Math.min(10, intervalSeconds - 1));
  return { scrape_interval: formatDuration(intervalSeconds), scrape_timeout: formatDuration(timeout) };
}

/**
 * remote_write entries: credentials are read from files (password_file, credentials_file),
 * rendered as placeholder artifacts like Alertmanager's, so prometheus.yml holds no secret.
 */
function remoteWriteSection(config: VigilConfig, secrets: ArtifactFiles): Record<string, unknown>[] {
  return config.prometheus.remoteWrite.map((target) => {
    const secret = target.basicAuth?.password ?? target.bearerToken;
    const file = secret ? secrets.secretFile(`remote-write-${target.name}`, secret) : "";
    return {
      name: target.name,
      url: target.url,
      ...(target.basicAuth ? { basic_auth: { username: target.basicAuth.username, password_file: file } } : {}),
      ...(target.bearerToken ? { authorization: { type: "Bearer", credentials_file: file } } : {}),
    };
  });
}

/** prometheus.yml and the secret files it names (remote_write, the DigitalOcean discovery token). */
export function prometheusArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  const secrets = new SecretCollector(placement, "prometheus");
  return [prometheusArtifact(config, placement, timing, secrets), ...secrets.artifacts()];
}

function prometheusArtifact(config: VigilConfig, placement: Placement, timing: Timing, secrets: ArtifactFiles): Artifact {
  const at = placement.endpoints;
  const running = serviceSpecs(config, placement, timing);
  const scrapeConfigs: Record<string, unknown>[] = SERVICES.flatMap((service) => {
    const { job, probeJob, metricsPath } = SERVICE_CATALOG[service];
    if (!job || !running[service]) return [];
    const own = staticJob(job, address(at[service]), timing, metricsPath);
    return probeJob ? [own, probeScrape(probeJob, config, address(at[service]), timing)] : [own];
  });
  scrapeConfigs.push(
    ...(placement.cadvisor ? [staticJob(JOBS.cadvisor, address(placement.cadvisor), timing)] : []),
    {
      job_name: config.app.name,
      ...scrapeTiming(timing.scrapeIntervalSeconds),
      metrics_path: config.app.metricsPath,
      scheme: config.app.metricsScheme,
      // Prometheus 3 refuses a scrape whose Content-Type is missing or unknown; an
      // application's hand-rolled /metrics often sends none, so read it as the text format.
      fallback_scrape_protocol: "PrometheusText0.0.4",
      // With app.hosts, every tagged droplet on its private address; otherwise the listed targets.
      ...(config.app.hosts
        ? appMetricsTargets(config, secrets)
        : { static_configs: [{ targets: config.app.metricsTargets, labels: { component: config.app.name } }] }),
    },
    ...(config.app.hosts ? [appHostNodeJob(config, secrets, scrapeTiming(timing.scrapeIntervalSeconds))] : []),
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
    ...(config.prometheus.remoteWrite.length > 0 ? { remote_write: remoteWriteSection(config, secrets) } : {}),
  });
}
