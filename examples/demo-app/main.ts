// Runs the demo application: `main.ts --port <n> [--metrics-json '<DemoAppOptions JSON>']`.
import { buildDemoApp, DEFAULT_DEMO_OPTIONS, startSyntheticTraffic } from "./server";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argument("port") ?? "8000");
  const options = { ...DEFAULT_DEMO_OPTIONS, ...JSON.parse(argument("metrics-json") ?? "{}") };
  const app = buildDemoApp(options);
  await app.listen({ host: "127.0.0.1", port });
  console.log(`demo app listening on http://127.0.0.1:${port}`);
  const stopTraffic = startSyntheticTraffic(`http://127.0.0.1:${port}`);
  const shutdown = () => {
    stopTraffic();
    app.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
