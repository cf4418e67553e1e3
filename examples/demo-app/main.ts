// Runs the demo application:
//   main.ts --port <n> [--metrics-json '<DemoAppOptions>'] [--backend-json '<BackendOptions>']
//           [--traffic-per-second <n>] [--tls-port <n> --tls-cert <file> --tls-key <file>]
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { parseArgs } from "node:util";
import { startBackend, type BackendOptions } from "./backend";
import { buildDemoApp, DEFAULT_DEMO_OPTIONS, startSyntheticTraffic } from "./server";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8000" },
      "metrics-json": { type: "string", default: "{}" },
      "backend-json": { type: "string", default: "{}" },
      "traffic-per-second": { type: "string", default: "5" },
      "tls-port": { type: "string" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
    },
    strict: true,
  });
  const port = Number(values.port);
  const options = { ...DEFAULT_DEMO_OPTIONS, ...JSON.parse(values["metrics-json"]) };
  const backend = startBackend(JSON.parse(values["backend-json"]) as BackendOptions);
  const app = buildDemoApp(options, { ...backend, logStream: process.stdout });
  await app.listen({ host: "127.0.0.1", port });
  console.log(`demo app listening on http://127.0.0.1:${port}`);
  // The same app over HTTPS too, as the public URL users (and the probe) open.
  let tls: Server | undefined;
  if (values["tls-port"] && values["tls-cert"] && values["tls-key"]) {
    const server = createServer({ cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"]) }, (request, response) =>
      app.routing(request, response),
    );
    await new Promise<void>((resolve) => server.listen(Number(values["tls-port"]), "127.0.0.1", resolve));
    console.log(`demo app listening on https://127.0.0.1:${values["tls-port"]}`);
    tls = server;
  }
  const stopTraffic = startSyntheticTraffic(`http://127.0.0.1:${port}`, Number(values["traffic-per-second"]));
  const shutdown = () => {
    stopTraffic();
    tls?.closeAllConnections();
    tls?.close();
    void Promise.allSettled([app.close(), backend.stop()]).then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
