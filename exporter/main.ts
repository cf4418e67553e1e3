import { parseArgs } from "node:util";
import { loadExporterConfigFile } from "./config";
import { createMetrics } from "./metrics";
import { Readiness } from "./readiness";
import { buildServer } from "./server";

const CONFIG_ENV = "VIGIL_EXPORTER_CONFIG";

function configPathFromCommandLine(): string {
  const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
  const path = values.config ?? process.env[CONFIG_ENV];
  if (!path) throw new Error(`no config file: pass --config <path> or set ${CONFIG_ENV}`);
  return path;
}

async function main(): Promise<void> {
  const config = loadExporterConfigFile(configPathFromCommandLine());
  const readiness = new Readiness();
  const app = buildServer(config, { metrics: createMetrics(config.service), readiness });

  let shuttingDown = false;
  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    // A second signal means whoever sent it is done waiting (Ctrl-C twice, an impatient supervisor).
    if (shuttingDown) {
      app.log.error({ signal }, "second signal while draining; exiting now");
      process.exit(1);
    }
    shuttingDown = true;
    readiness.markDraining();
    app.log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, "shutting down");
    setTimeout(() => {
      app.log.error({ graceSeconds: config.shutdownGraceSeconds }, "in-flight requests outlived the grace period; forcing exit");
      process.exit(1);
    }, config.shutdownGraceSeconds * 1_000);
    try {
      await app.close();
    } catch (error) {
      app.log.error({ err: error }, "error while closing the server");
      process.exit(1);
    }
    app.log.info("stopped");
    // Exit explicitly: a handle some library left open must not turn a clean stop into a forced one.
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void shutDown(signal));
  process.on("SIGINT", (signal) => void shutDown(signal));

  await app.listen({ host: config.listen.host, port: config.listen.port });
  const bound = app.server.address();
  // With port 0 the OS picks the port, so the line carries the one actually bound.
  const port = bound !== null && typeof bound === "object" ? bound.port : config.listen.port;
  app.log.info({ address: `http://${formatHost(config.listen.host)}:${port}`, host: config.listen.host, port }, "listening");
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config), so failures before listen go to stderr as text.
  console.error(`vigil-exporter: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
