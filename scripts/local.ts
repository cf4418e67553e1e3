// `npm run local`: the whole stack on this machine, on loopback. Shows each service as
// it becomes ready, prints the URLs, and on Ctrl-C or SIGTERM stops everything it started.
// `npm run local -- --fast` uses the fast timing profile (alerts fire within seconds).
import { ConfigError } from "../core/config";
import { TIMINGS } from "../core/timing";
import type { LocalStack } from "./local/stack";
import { startLocalStack } from "./local/stack";

async function main(): Promise<void> {
  const timing = process.argv.includes("--fast") ? TIMINGS.fast : TIMINGS.production;
  console.log(`vigil: starting the local stack (${timing.name} timings) …`);

  let stack: LocalStack | undefined;
  let stopping = false;
  // Ctrl-C while services are still starting aborts the startup, which stops what was
  // started and removes the temp dir before startLocalStack rejects.
  const startup = new AbortController();
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nvigil: ${signal} received, stopping every service …`);
    if (!stack) return startup.abort(new Error(`${signal} during startup`));
    await stack.stop();
    console.log("vigil: stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    stack = await startLocalStack({
      timing,
      signal: startup.signal,
      onProgress: (message) => console.log(`  ${message}`),
      onNotification: (line) => console.log(`  page → ${line}`),
    });
  } catch (error) {
    if (!startup.signal.aborted) throw error;
    console.log("vigil: stopped");
    process.exit(0);
  }
  if (stopping) {
    // The signal came as the last service became ready: the stack is complete, so stop it.
    await stack.stop();
    console.log("vigil: stopped");
    process.exit(0);
  }

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
