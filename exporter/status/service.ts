import type { S3Client } from "@aws-sdk/client-s3";
import type { Registry } from "prom-client";
import { type AlertApplication, type AlertNotification, applyAlertNotification, expireStaleAlerts } from "../../status-page/alerts";
import {
  changeMaintenance,
  type IncidentUpdateInput,
  type MaintenanceInput,
  openIncident,
  type OpenIncidentInput,
  pruneHistory,
  scheduleMaintenance,
  updateIncident,
} from "../../status-page/incidents";
import { emptyState, type Incident, type Maintenance, type PageDefinition, type StatusState } from "../../core/status-model";
import { siteFiles } from "../../status-page/site";
import { dailyUptime, mergeUptime, type UptimeSamples } from "../../status-page/uptime";
import { readSecretFile } from "../../core/exporter/business-config";
import type { ComponentLog } from "../log";
import { pageDefinition, type StatusConfig } from "../../core/exporter/status-config";
import { registerPublishMetrics } from "./metrics";
import { fetchUptimeSamples } from "./prometheus-uptime";
import type { RetryPolicy } from "./retry";
import { createSilence, expireSilence } from "./silences";
import { createSpacesClient, SpacesBucket } from "./spaces";
import { StateFile } from "./state-file";

// The status page inside the exporter: one state, changed by Alertmanager's webhook and the
// admin API, saved atomically on the data volume before any answer, mirrored to Spaces and
// published there on every change and on a timer.

export interface StatusServiceOptions {
  registry: Registry;
  log: ComponentLog;
  /** Defaults to a client for config.spaces with the keys read from their files. */
  s3?: S3Client;
  /** Defaults to the secret files config names. */
  tokens?: StatusTokens;
  now?: () => Date;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Reads the uptime samples; defaults to Prometheus at config.prometheusUrl. */
  uptimeSamples?: (now: Date) => Promise<UptimeSamples>;
}

export interface StatusTokens {
  webhook: string;
  admin: string;
}

export function readStatusTokens(config: StatusConfig): StatusTokens {
  return { webhook: readSecretFile(config.webhookTokenFile), admin: readSecretFile(config.adminTokenFile) };
}

export class StatusService {
  readonly page: PageDefinition;
  readonly tokens: StatusTokens;
  private state: StatusState;
  private readonly file: StateFile;
  private readonly bucket: SpacesBucket;
  private readonly now: () => Date;
  private readonly fetchImpl: typeof fetch;
  private readonly uptimeSamples: (now: Date) => Promise<UptimeSamples>;
  /** Changes run one after another, so two requests never interleave their writes. */
  private queue: Promise<unknown> = Promise.resolve();
  private publishing: Promise<boolean> | undefined;
  private publishAgain = false;
  private timers: NodeJS.Timeout[] = [];
  /** Where create() found the state; start() logs it, once the exporter listens. */
  private restoredFrom: "data dir" | "spaces" | "empty" = "empty";

  private constructor(private readonly config: StatusConfig, private readonly options: StatusServiceOptions, state: StatusState) {
    this.page = pageDefinition(config);
    this.tokens = options.tokens ?? readStatusTokens(config);
    this.state = state;
    this.file = new StateFile(config.dataDir);
    this.now = options.now ?? (() => new Date());
    this.fetchImpl = options.fetch ?? fetch;
    const s3 =
      options.s3 ??
      createSpacesClient({
        ...config.spaces,
        accessKeyId: readSecretFile(config.spaces.accessKeyIdFile),
        secretAccessKey: readSecretFile(config.spaces.secretAccessKeyFile),
      });
    this.bucket = new SpacesBucket(s3, config.spaces.bucket, registerPublishMetrics(options.registry), options.retry, this.now);
    this.uptimeSamples = options.uptimeSamples ?? ((now) => fetchUptimeSamples(config.prometheusUrl, now, this.fetchImpl));
  }

  /**
   * Restores the state (the local file first; else the Spaces mirror, for a replacement
   * droplet; else empty) and returns the service. A mirror that cannot be read is an error:
   * starting empty would publish an all-clear over a page that may show an outage.
   */
  static async create(config: StatusConfig, options: StatusServiceOptions): Promise<StatusService> {
    const service = new StatusService(config, options, emptyState(options.now?.() ?? new Date()));
    const local = await service.file.read();
    const restored = local ?? (await service.bucket.readStateMirror());
    if (restored) service.state = restored;
    else await service.file.write(service.state);
    service.restoredFrom = local ? "data dir" : restored ? "spaces" : "empty";
    return service;
  }

  get current(): StatusState {
    return this.state;
  }

  /** Runs `change` after earlier changes, saves its state, then publishes in the background. */
  private change<T>(change: (state: StatusState) => Promise<[StatusState, T]> | [StatusState, T]): Promise<T> {
    const run = this.queue.then(async () => {
      const [next, result] = await change(this.state);
      if (next !== this.state) {
        const pruned = pruneHistory(next, this.page.historyDays, this.now());
        await this.file.write(pruned);
        this.state = pruned;
        void this.publish();
      }
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  applyAlerts(notification: AlertNotification): Promise<AlertApplication> {
    return this.change((state) => {
      const result = applyAlertNotification(this.page, state, notification, this.now());
      return [result.ok ? result.state : state, result];
    });
  }

  openIncident(input: OpenIncidentInput): Promise<Incident> {
    return this.change((state) => openIncident(state, input, this.now()));
  }

  updateIncident(id: string, input: IncidentUpdateInput): Promise<Incident> {
    return this.change((state) => updateIncident(state, id, input, this.now()));
  }

  /** Schedules the window and silences its components' alerts for it in Alertmanager. */
  async scheduleMaintenance(input: MaintenanceInput): Promise<Maintenance> {
    const maintenance = await this.change((state) => scheduleMaintenance(state, input, this.now()));
    try {
      const silenceId = await createSilence(this.config.alertmanagerUrl, maintenance, this.fetchImpl);
      return await this.change((state) => changeMaintenance(state, maintenance.id, { silenceId }, this.now()));
    } catch (error) {
      // The window still shows on the page; the operator is told the silence is missing.
      this.options.log.error({ err: error, maintenance: maintenance.id }, "could not create the maintenance silence");
      throw new SilenceError(maintenance, error);
    }
  }

  /**
   * Cancels the window and expires its silence. If Alertmanager cannot be reached the window is
   * cancelled all the same and keeps its silenceId: the periodic pass expires it later, so
   * alerts are not left silenced until the original end.
   */
  async cancelMaintenance(id: string): Promise<Maintenance> {
    const cancelled = await this.change((state) => changeMaintenance(state, id, { cancelled: true }, this.now()));
    return (await this.reconcileSilence(cancelled)) ?? cancelled;
  }

  /**
   * Brings one window's silence in line with it: a live window without a silence gets one (its
   * creation failed when it was scheduled), a cancelled one with a silence has it expired.
   * Failures are logged and left for the next pass. Resolves to the window as saved, if changed.
   */
  private async reconcileSilence(maintenance: Maintenance): Promise<Maintenance | undefined> {
    const url = this.config.alertmanagerUrl;
    try {
      if (maintenance.cancelled && maintenance.silenceId) {
        await expireSilence(url, maintenance.silenceId, this.fetchImpl);
        return await this.change((state) => changeMaintenance(state, maintenance.id, { silenceId: null }, this.now()));
      }
      if (!maintenance.cancelled && !maintenance.silenceId && Date.parse(maintenance.scheduledUntil) > this.now().getTime()) {
        const silenceId = await createSilence(url, maintenance, this.fetchImpl);
        return await this.change((state) => changeMaintenance(state, maintenance.id, { silenceId }, this.now()));
      }
    } catch (error) {
      this.options.log.error({ err: error, maintenance: maintenance.id }, "could not bring the maintenance silence in line; the next pass retries");
    }
    return undefined;
  }

  /** Recomputes the 90-day uptime from Prometheus, keeping the days it no longer holds. */
  async refreshUptime(): Promise<void> {
    const now = this.now();
    const samples = await this.uptimeSamples(now);
    await this.change((state) => [{ ...state, uptime: mergeUptime(state.uptime, dailyUptime(this.page, samples, now)) }, undefined]);
  }

  /**
   * Publishes the current state; a publish requested while one runs is run once after it,
   * so the last change always reaches Spaces. Resolves to whether the last publish succeeded.
   */
  publish(): Promise<boolean> {
    if (this.publishing) {
      this.publishAgain = true;
      return this.publishing;
    }
    const run = async (): Promise<boolean> => {
      let ok: boolean;
      do {
        this.publishAgain = false;
        const state = this.state;
        ok = await this.bucket.publish(siteFiles(this.page, state, this.now()), state);
        // The cause tells whoever answers StatusPagePublishFailing bad keys from a network failure.
        if (!ok) this.options.log.warn({ error: this.bucket.lastError }, "status page publish failed after retries; the next change or tick retries");
      } while (this.publishAgain);
      return ok;
    };
    this.publishing = run().finally(() => (this.publishing = undefined));
    return this.publishing;
  }

  /** Waits for queued changes and the publish they started (tests, shutdown). */
  async settled(): Promise<void> {
    await this.queue;
    while (this.publishing) await this.publishing;
  }

  /** Publishes now and on the interval; refreshes the uptime now and on its interval. */
  start(): void {
    this.options.log.info({ source: this.restoredFrom, incidents: this.state.incidents.length }, "status state restored");
    void this.publish();
    void this.refreshUptimeLogged();
    this.timers.push(setInterval(() => void this.tick(), this.config.publishIntervalSeconds * 1_000));
    this.timers.push(setInterval(() => void this.refreshUptimeLogged(), this.config.uptimeIntervalSeconds * 1_000));
  }

  /**
   * The periodic pass: resolves alerts whose resolution was lost, retries maintenance silences
   * that Alertmanager refused, then publishes (maintenance windows open and close by the clock).
   */
  async tick(): Promise<void> {
    try {
      await this.change((state) => [expireStaleAlerts(this.page, state, this.config.alertStaleSeconds, this.now()), undefined]);
    } catch (error) {
      this.options.log.error({ err: error }, "could not save the status state");
    }
    for (const maintenance of this.state.maintenances) await this.reconcileSilence(maintenance);
    await this.publish();
  }

  private async refreshUptimeLogged(): Promise<void> {
    try {
      await this.refreshUptime();
    } catch (error) {
      this.options.log.warn({ err: error }, "could not read the uptime from Prometheus; keeping the last figures");
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.settled();
  }
}

export class SilenceError extends Error {
  constructor(readonly maintenance: Maintenance, cause: unknown) {
    super(`maintenance ${maintenance.id} is scheduled, but Alertmanager has no silence for it: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
