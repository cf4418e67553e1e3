import { parseArgs } from "node:util";
import { readBusinessSecrets, readSecretFile } from "../core/exporter/business-config";
import { loadExporterConfigFile } from "../core/exporter/config";
import { createBusinessRuntime, type BusinessRuntime } from "./business/runtime";
import { createLogger } from "./log";
import { createMetrics, UNMATCHED_ROUTE } from "./metrics";
import { Readiness } from "./readiness";
import { SentryRelay } from "./relay/relay";
import { createErrorReporter } from "./sentry";
import { buildIngestServer, buildInternalServer } from "./server";
import { StatusService } from "./status/service";

const CONFIG_ENV = "VIGIL_EXPORTER_CONFIG";

function configPathFromCommandLine(): string {
  const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
  const path = values.config ?? process.env[CONFIG_ENV];
  if (!path) throw new Error(`no config file: pass --config <path> or set ${CONFIG_ENV}`);
  return path;
}

async function main(): Promise<void> {
  const config = loadExporterConfigFile(configPathFromCommandLine());
  // One logger for the process, made before anything that logs: both listeners write their
  // request lines through it, and the business runtime and the status page their own.
  const log = createLogger(config);
  const reporter = createErrorReporter(
    config.sentry ? { dsn: readSecretFile(config.sentry.dsnFile), environment: config.sentry.environment } : undefined,
  );
  const readiness = new Readiness();
  const metrics = createMetrics(config.service);
  let business: BusinessRuntime | undefined;
  if (config.business) {
    business = createBusinessRuntime(config.business, readBusinessSecrets(config.business), {
      metrics,
      readiness,
      defaultLabels: { service: config.service },
      log,
      onFailure: (error, metric) => reporter.capture(error, { metric }),
    });
  }
  // The status page restores its state (data dir, else the Spaces mirror) before the webhook
  // can change it; it publishes once the listeners are up.
  const status = config.status
    ? await StatusService.create(config.status, {
        registry: metrics.registry,
        log,
      })
    : undefined;
  // The Sentry relay counts on the shared registry, so its series come out of the same /metrics.
  const relay = config.relay ? new SentryRelay(config.relay, metrics.registry) : undefined;
  const deps = { metrics, readiness, logger: log, ...(business ? { business } : {}), ...(status ? { status } : {}), ...(relay ? { relay } : {}) };
  const app = buildInternalServer(config, deps);
  const ingest = buildIngestServer(config, deps);
  for (const server of [app, ingest]) {
    server.addHook("onError", async (request, reply, error) => {
      // A client's bad request (4xx) is the client's problem; only the exporter's own failures
      // are worth an event, or one broken caller floods the Sentry project.
      if (reply.statusCode < 500 && (error as { statusCode?: number }).statusCode !== undefined) return;
      reporter.capture(error, { route: request.routeOptions.url ?? UNMATCHED_ROUTE });
    });
  }

  let shuttingDown = false;
  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    // A second signal means whoever sent it is done waiting (Ctrl-C twice, an impatient supervisor).
    if (shuttingDown) {
      log.error({ signal }, "second signal while draining; exiting now");
      process.exit(1);
    }
    shuttingDown = true;
    readiness.markDraining();
    log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, "shutting down");
    setTimeout(() => {
      log.error({ graceSeconds: config.shutdownGraceSeconds }, "in-flight requests outlived the grace period; forcing exit");
      process.exit(1);
    }, config.shutdownGraceSeconds * 1_000);
    try {
      // Requests first, then the queries in flight, then the connections they used.
      await Promise.all([app.close(), ingest.close()]);
      await business?.stop();
      await status?.stop();
      await relay?.close();
      await reporter.flush();
    } catch (error) {
      log.error({ err: error }, "error while closing the server");
      process.exit(1);
    }
    log.info("stopped");
    // Exit explicitly: a handle some library left open must not turn a clean stop into a forced one.
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void shutDown(signal));
  process.on("SIGINT", (signal) => void shutDown(signal));

  await app.listen({ host: config.listen.host, port: config.listen.port });
  await ingest.listen({ host: config.ingest.host, port: config.ingest.port });
  business?.collector.start();
  status?.start();
  // With port 0 the OS picks the port, so each line carries the one actually bound.
  for (const [listener, server, wanted] of [["internal", app, config.listen], ["ingest", ingest, config.ingest]] as const) {
    const bound = server.server.address();
    const port = bound !== null && typeof bound === "object" ? bound.port : wanted.port;
    log.info({ listener, address: `http://${formatHost(wanted.host)}:${port}`, host: wanted.host, port }, "listening");
  }
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config), so failures before listen go to stderr as text.
  console.error(`vigil-exporter: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
