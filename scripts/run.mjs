#!/usr/bin/env node
// Entry point for the README's commands. Plain JavaScript so that it runs before
// node_modules exists: it installs npm packages when they are missing, then hands
// over to the TypeScript entry (through tsx) or to vitest.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [command, ...rest] = process.argv.slice(2);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) {
    console.error(`vigil: could not run ${cmd}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

function ensureNodeModules() {
  if (existsSync(join(root, "node_modules", ".package-lock.json"))) return;
  console.log("vigil: node_modules is missing; running npm ci");
  if (run("npm", ["ci", "--no-audit", "--no-fund"]) !== 0) {
    console.error("vigil: npm ci failed; fix the error above and run the command again");
    process.exit(1);
  }
}

function ensureDebianPackages() {
  if (run("bash", [join(root, "scripts", "setup.sh")]) !== 0) {
    console.error("vigil: scripts/setup.sh could not install the Debian packages listed above");
    process.exit(1);
  }
}

/**
 * Runs a long-lived child and forwards SIGINT/SIGTERM to it, staying alive until it has
 * stopped everything it started, so the prompt returns only when the stack is down.
 */
function runSupervised(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  process.on("SIGINT", () => forward("SIGINT"));
  process.on("SIGTERM", () => forward("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const tsx = join(root, "node_modules", ".bin", "tsx");
const vitest = join(root, "node_modules", ".bin", "vitest");

switch (command) {
  case "local":
    ensureNodeModules();
    ensureDebianPackages();
    // node --import tsx rather than the tsx CLI: one process between npm and the stack.
    runSupervised(process.execPath, ["--import", "tsx", "scripts/local.ts", ...rest]);
    break;
  case "synth":
    ensureNodeModules();
    process.exit(run(tsx, ["scripts/synth.ts", ...rest]));
  case "dashboards-diff":
    ensureNodeModules();
    process.exit(run(tsx, ["scripts/dashboards-diff.ts", ...rest]));
  case "build-exporter":
    ensureNodeModules();
    process.exit(run(tsx, ["scripts/build-exporter.ts", ...rest]));
  case "bench":
    ensureNodeModules();
    ensureDebianPackages();
    process.exit(run(tsx, ["bench/run.ts", ...rest]));
  case "test":
    ensureNodeModules();
    ensureDebianPackages();
    process.exit(run(vitest, ["run", ...rest]));
  default:
    console.error(`usage: node scripts/run.mjs <local|synth|dashboards-diff|build-exporter|test> [args]`);
    process.exit(2);
}
