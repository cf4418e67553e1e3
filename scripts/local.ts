// `npm run local`: the whole stack on this machine, on loopback. Shows each service as
// it becomes ready, prints the URLs, and on Ctrl-C or SIGTERM stops everything it started.
// `npm run local -- --fast` uses the fast timing profile (alerts fire within seconds).
import { ConfigError } from "../infra/config";
import { TIMINGS } from "../synth/timing";
import { startLocalStack } from "./local/stack";
import type { LocalStack } from "./local/stack";

async function main(): Promise<void> {
  const timing = process.argv.includes("--fast") ? TIMINGS.fast : TIMINGS.production;
  console.log(`vigil: starting the local stack (${timing.name} timings) …`);

  let stack: LocalStack | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nvigil: ${signal} received, stopping every service …`);
    await stack?.stop();
    console.log("vigil: stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  stack = await startLocalStack({
    timing,
    onProgress: (message) => console.log(`  ${message}`),
    onNotification: (line) => console.log(`  page → ${line}`),
  });
  if (stopping) return;

  console.log("\nvigil: the local stack is up\n");
  for (const [name, url] of Object.entries(stack.urls)) console.log(`  ${name.padEnd(16)} ${url}`);
  for (const [name, reason] of Object.entries(stack.skipped)) console.log(`\n  ${name} not started: ${reason}`);
  console.log(`\n  configs and logs: ${stack.dir}`);
  console.log("\nNotifications Alertmanager sends are printed below. Ctrl-C stops everything.\n");
}

main().catch((error) => {
  console.error(`vigil: ${error instanceof ConfigError ? error.message : (error as Error).stack ?? error}`);
  process.exit(1);
});
