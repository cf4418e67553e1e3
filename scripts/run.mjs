#!/usr/bin/env node
// Entry point for the README's commands. Plain JavaScript so that it runs before
// node_modules exists: it installs npm packages when they are missing, then hands
// over to the TypeScript entry (through tsx), or to dependency-cruiser and vitest.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { constants as osConstants } from "node:os";
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

/** Whether node_modules is missing, or older than the lockfile (a pull changed the dependencies). */
function nodeModulesOutdated() {
  const installed = join(root, "node_modules", ".package-lock.json");
  if (!existsSync(installed)) return "missing";
  return statSync(join(root, "package-lock.json")).mtimeMs > statSync(installed).mtimeMs ? "older than package-lock.json" : "";
}

function ensureNodeModules() {
  const why = nodeModulesOutdated();
  if (!why) return;
  // To stderr, and npm's own output too: a command's stdout (say, the dashboards diff's
  // markdown) must stay clean when a fresh checkout installs first.
  console.error(`vigil: node_modules is ${why}; running npm ci`);
  if (run("npm", ["ci", "--no-audit", "--no-fund"], { stdio: ["ignore", process.stderr, "inherit"] }) !== 0) {
    console.error("vigil: npm ci failed; fix the error above and run the command again");
    process.exit(1);
  }
}

function ensureDebianPackages() {
  if (run("bash", [join(root, "scripts", "setup.sh")]) !== 0) {
    console.error("vigil: scripts/setup.sh could not install the Debian packages listed above");
    process.exit(1);
  }
  ensurePinnedBinaries();
}

/**
 * The monitoring binaries at the versions core/catalog.ts pins, fetched into a cache when
 * missing (scripts/pinned-binaries.ts), their directory put first on PATH for every child
 * (the tests, the local stack, the bench), ahead of any older release the machine has.
 */
function ensurePinnedBinaries() {
  const result = spawnSync(tsx, ["scripts/pinned-binaries.ts"], { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (result.status !== 0) {
    console.error("vigil: the pinned monitoring binaries could not be fetched (see above)");
    process.exit(1);
  }
  process.env.PATH = `${result.stdout.trim()}:${process.env.PATH ?? ""}`;
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
  // A child killed by a signal exits as shells report it: 128 + the signal's number.
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal ? osConstants.signals[signal] ?? 0 : 0)));
}

const tsx = join(root, "node_modules", ".bin", "tsx");
const vitest = join(root, "node_modules", ".bin", "vitest");
const depcruise = join(root, "node_modules", ".bin", "depcruise");

/**
 * The floors (.dependency-cruiser.cjs): every import of the repository checked against the rules.
 * A wrong arrow prints dependency-cruiser's own report (the rule, both files, why the rule exists).
 */
function checkLayers() {
  // depcruise exits with the number of violations; 256 of them would wrap round to 0.
  if (run(depcruise, ["--config", ".dependency-cruiser.cjs", "--output-type", "err-long", "."]) === 0) return 0;
  console.error("vigil: an import breaks the floors' rules above (.dependency-cruiser.cjs)");
  return 1;
}

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
  case "status":
    ensureNodeModules();
    process.exit(run(tsx, ["scripts/status.ts", ...rest]));
  case "bench":
    ensureNodeModules();
    ensureDebianPackages();
    process.exit(run(tsx, ["bench/run.ts", ...rest]));
  case "layers":
    ensureNodeModules();
    process.exit(checkLayers());
  case "test": {
    ensureNodeModules();
    // Before the Debian packages and vitest: a wrong import fails in seconds.
    if (checkLayers() !== 0) process.exit(1);
    ensureDebianPackages();
    process.exit(run(vitest, ["run", ...rest]));
  }
  default:
    console.error(`usage: node scripts/run.mjs <local|synth|dashboards-diff|build-exporter|status|bench|layers|test> [args]`);
    process.exit(2);
}
