// Runs the demo application:
//   main.ts --port <n> [--metrics-json '<DemoAppOptions>'] [--backend-json '<BackendOptions>']
//           [--traffic-per-second <n>]
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
    },
    strict: true,
  });
  const port = Number(values.port);
  const options = { ...DEFAULT_DEMO_OPTIONS, ...JSON.parse(values["metrics-json"]) };
  const backend = startBackend(JSON.parse(values["backend-json"]) as BackendOptions);
  const app = buildDemoApp(options, backend);
  await app.listen({ host: "127.0.0.1", port });
  console.log(`demo app listening on http://127.0.0.1:${port}`);
  const stopTraffic = startSyntheticTraffic(`http://127.0.0.1:${port}`, Number(values["traffic-per-second"]));
  const shutdown = () => {
    stopTraffic();
    void Promise.allSettled([app.close(), backend.stop()]).then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
