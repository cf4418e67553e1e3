import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ServiceName } from "../../core/catalog";
import { SERVICE_CATALOG, SERVICES, startOrder } from "../../core/catalog";
import type { VigilConfig } from "../../core/config";
import { parseConfig } from "../../core/config";
import type { Placement } from "../../core/placement";
import { address, localPlacement, PORT_NAMES } from "../../core/placement";
import type { Timing } from "../../core/timing";
import { HTML_PATHS } from "../../status-page/site";
import { synth } from "../../synth";
import type { Artifact } from "../../synth/artifact";
import { fillSecrets, secretValuesOf } from "../../synth/secrets";
import { serviceSpecs } from "../../synth/services";
import { buildExporter } from "../build-exporter";
import { EXTRA_PORTS, LOCAL_CONFIG_FILE, renderLocalConfig } from "./config";
import { demoAppProcess } from "./demo-app";
import { FakeSentry } from "./fake-sentry";
import { longTermStore } from "./long-term-store";
import { startPostgres } from "./postgres";
import type { StartOptions } from "./processes";
import { freePorts, httpOk, ProcessGroup, waitUntil } from "./processes";
import type { Received } from "./receivers";
import { describeReceived, LocalReceivers } from "./receivers";
import { startRedis } from "./redis";
import { loadSaasDemo } from "./saas-seed";
import { type LocalSpaces, startLocalSpaces } from "./spaces";
import { makeLocalCertificate } from "./tls";
import { optionalBinaryPresent, optionalSkipReason, readinessUrl, serviceProcess } from "./vigil-services";

// The embedded default: the whole stack on this machine, on loopback, with synth's
// artifacts for the local placement, run by the real Debian binaries.

export interface LocalStackOptions {
  /** Aborting it (Ctrl-C during startup) stops whatever was started and rejects. */
  signal?: AbortSignal;
  timing: Timing;
  /** Called as each service becomes ready. */
  onProgress?: (message: string) => void;
  /** Called for every notification the local receiver gets. */
  onNotification?: (line: string, received: Received) => void;
  /**
   * Flags added after a service's own (its spec's): a measurement's knobs that the droplet
   * does not run, such as the short TSDB blocks the bench's tsdb section compacts.
   */
  extraFlags?: Partial<Record<ServiceName, readonly string[]>>;
}

export interface LocalStack {
  dir: string;
  config: VigilConfig;
  placement: Placement;
  artifacts: Artifact[];
  urls: Record<string, string>;
  receiverUrl: string;
  /** Sentry's stand-in behind the relay (when config.sentryRelay is set), with what arrived. */
  sentry?: FakeSentry;
  /** PagerDuty, Slack, SMTP and heartbeat stand-ins, with what they received. */
  receivers: LocalReceivers;
  /**
   * Stops one process of the stack ("postgresql", "redis", "vigilExporter", "prometheus",
   * "alertmanager", "demo-app") and starts it again: the fault suite's hands.
   */
  stopProcess(name: string, signal?: NodeJS.Signals): Promise<void>;
  restartProcess(name: string): void;
  demoAppUrl: string;
  /** Services that were not started, with the reason (e.g. no grafana-server). */
  skipped: Record<string, string>;
  pids(): number[];
  /** The pid of each running process of the stack, by name (benchmarks read /proc with it). */
  processPids(): Record<string, number>;
  stop(): Promise<void>;
}

function writeLocalArtifacts(artifacts: Artifact[], dir: string, secrets: Map<string, string>): void {
  for (const artifact of artifacts) {
    const target = join(dir, artifact.path);
    mkdirSync(dirname(target), { recursive: true });
    const content = artifact.secret ? fillSecrets(artifact.content, secrets) : artifact.content;
    writeFileSync(target, content, { mode: artifact.secret ? 0o600 : 0o644 });
  }
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), "vigil-local-"));
  // PostgreSQL runs as the postgres user and must be able to reach its directory.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "logs"));
  const group = new ProcessGroup(join(dir, "logs"));
  let receivers: LocalReceivers | undefined;
  let sentry: FakeSentry | undefined;
  let spaces: LocalSpaces | undefined;

  const stop = async () => {
    await group.stopAll();
    await receivers?.close();
    await sentry?.close();
    await spaces?.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const ports = await freePorts([...PORT_NAMES, ...EXTRA_PORTS]);
    const certificate = makeLocalCertificate(join(dir, "tls"));
    const raw = renderLocalConfig(readFileSync(LOCAL_CONFIG_FILE, "utf8"), ports) as { app: Record<string, unknown> };
    raw.app.publicUrlCa = certificate.pem;
    const config = parseConfig(raw, LOCAL_CONFIG_FILE);
    const secrets = secretValuesOf(config);
    // VictoriaLogs and Fluent Bit run here only if their binary is on PATH; without them, no
    // scrape job waits for them and vmalert (which reads VictoriaLogs) stays off too.
    const missing = SERVICES.filter((service) => SERVICE_CATALOG[service].local.kind === "optional" && service !== "grafana" && !optionalBinaryPresent(service));
    const placement = localPlacement(dir, ports, missing);
    const artifacts = synth(config, placement, options.timing);
    writeLocalArtifacts(artifacts, dir, secrets);
    for (const data of Object.values(placement.dataDirs)) mkdirSync(data, { recursive: true });
    const specs = serviceSpecs(config, placement, options.timing);

    if (config.statusPage) {
      // Spaces' stand-in, up before the exporter: it restores the status state from the mirror.
      spaces = await startLocalSpaces(join(dir, "spaces"), ports.spaces, config.statusPage.spaces.bucket);
      progress(`local Spaces     ready  ${spaces.endpoint}`);
    }
    if (config.sentryRelay) {
      // Sentry's stand-in: the relay forwards the allowed projects' envelopes here.
      sentry = await FakeSentry.start(ports.sentry);
      sentry.maxRecorded = 1_000;
      progress(`fake Sentry      ready  ${sentry.origin}`);
    }
    receivers = new LocalReceivers({
      pagerdutyRoutingKey: config.alerting.pagerduty?.routingKey.reveal() ?? "",
      smtpUsername: config.alerting.email?.username ?? "",
      smtpPassword: config.alerting.email?.password.reveal() ?? "",
      onReceived: (received) => options.onNotification?.(describeReceived(received), received),
    });
    await receivers.listen(ports.receiver, ports.smtp);
    progress(`receivers        ready  ${receivers.httpUrl} (PagerDuty, Slack, heartbeat), smtp 127.0.0.1:${receivers.smtpPort}`);

    const startAndWait = async (name: string, start: StartOptions, url: string) => {
      options.signal?.throwIfAborted();
      group.start(start);
      await waitUntil(name, async () => {
        if (group.hasExited(start.name)) throw new Error(`${start.name} exited:\n${group.logTail(start.name)}`);
        return httpOk(url);
      }, 60_000, options.signal);
      progress(`${name.padEnd(16)} ready  ${url.replace(/\/(-\/ready|metrics|ready|healthz|api\/health)$/, "")}`);
    };

    if (config.postgres) {
      const password = secrets.get("postgres.password") ?? "";
      await startPostgres(
        group,
        join(dir, "postgresql"),
        ports.postgresPort,
        { database: config.postgres.database, monitorUser: config.postgres.user, monitorPassword: password, appUser: "demo", appPassword: "demo" },
        // What postgres_exporter's stat_statements collector reads (the slow-query panels and alert).
        { shared_preload_libraries: "pg_stat_statements" },
      );
      progress(`${"postgresql".padEnd(16)} ready  127.0.0.1:${ports.postgresPort}`);
      options.signal?.throwIfAborted();
      if (config.business?.saasPreset) {
        await loadSaasDemo({ port: ports.postgresPort, database: config.postgres.database, owner: "demo", ownerPassword: "demo", monitorUser: config.postgres.user });
      }
    }
    if (config.redis) {
      await startRedis(group, join(dir, "redis"), ports.redis, config.redis.password?.reveal() ?? "");
      progress(`${"redis".padEnd(16)} ready  127.0.0.1:${ports.redis}`);
      options.signal?.throwIfAborted();
    }

    const demoAppUrl = `http://127.0.0.1:${ports.demoApp}`;
    await startAndWait("demo app", demoAppProcess(config, ports, placement, certificate), `${demoAppUrl}/healthz`);

    const bundle = join(dir, "exporter", "main.js");
    await buildExporter(bundle);
    const skipped: Record<string, string> = {};

    // The remote_write target, up before Prometheus so no batch is lost at startup.
    const [remoteWrite] = config.prometheus.remoteWrite;
    if (remoteWrite) {
      const token = remoteWrite.bearerToken?.reveal();
      if (!token) throw new Error(`${LOCAL_CONFIG_FILE}: the local long-term store checks a bearer token; set prometheus.remoteWrite.0.bearerToken`);
      const store = longTermStore(join(dir, "data", "long-term"), { store: ports.longTermStore, proxy: ports.remoteWrite }, token);
      await startAndWait("long-term store", store.store, `${store.storeUrl}/health`);
      await startAndWait("long-term proxy", store.proxy, `${store.proxyUrl}/health`);
    }

    for (const service of startOrder()) {
      const spec = specs[service];
      if (!spec) {
        const absent = [service, ...(SERVICE_CATALOG[service].startAfter ?? [])].find((name) => missing.includes(name));
        // Without the log store, the logs stay where the processes write them.
        const logsAt = `; the stack's logs are in ${join(dir, "logs")}`;
        if (absent === service) skipped[service] = `${optionalSkipReason(service, placement)}${logsAt}`;
        else if (absent) skipped[service] = `it reads ${absent}, which is not running${logsAt}`;
        continue;
      }
      const extra = options.extraFlags?.[service] ?? [];
      const start = serviceProcess(service, { ...spec, args: [...spec.args, ...extra] }, placement, secrets, bundle);
      if ("skipped" in start) {
        skipped[service] = start.skipped;
        continue;
      }
      await startAndWait(service, start, readinessUrl(service, placement));
    }

    const urls: Record<string, string> = {
      Prometheus: placement.externalUrls.prometheus,
      Alertmanager: placement.externalUrls.alertmanager,
      ...(skipped.grafana ? {} : { Grafana: placement.externalUrls.grafana }),
      "vigil exporter": `http://127.0.0.1:${ports.vigilExporter}/metrics`,
      "demo app": demoAppUrl,
      "page receivers": `${receivers.httpUrl}/received`,
      ...(config.statusPage ? { "status page": `${config.statusPage.publicUrl ?? ""}${HTML_PATHS.index}` } : {}),
      ...(sentry ? { "fake Sentry (behind the relay)": sentry.origin, "Sentry tunnel": `http://${address(placement.ingest)}${config.sentryRelay?.tunnelPath ?? ""}` } : {}),
      ...(remoteWrite ? { "remote-write archive": `http://127.0.0.1:${ports.longTermStore}` } : {}),
    };
    return {
      dir,
      config,
      placement,
      artifacts,
      urls,
      receiverUrl: receivers.httpUrl,
      receivers,
      ...(sentry ? { sentry } : {}),
      stopProcess: (name, signal) => group.stop(name, signal ? { signal } : {}),
      restartProcess: (name) => void group.restart(name),
      demoAppUrl,
      skipped,
      pids: () => group.pids(),
      processPids: () => group.runningPids(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
