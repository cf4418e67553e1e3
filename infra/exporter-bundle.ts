import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BuildOptions } from "esbuild";
import { buildSync } from "esbuild";

const repoRoot = resolve(__dirname, "..");
const entryPoint = resolve(repoRoot, "exporter", "main.ts");

// Everything, node_modules included, goes into one file so the droplet needs only `node main.js`:
// no npm install there, and the code that runs is exactly the code that was tested. The one
// set of options serves the file build (tests, the local stack, the bench) and the in-memory
// build the Pulumi program uploads, so what is tested is what is deployed.
export const EXPORTER_BUILD_OPTIONS: BuildOptions = {
  entryPoints: [entryPoint],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: false,
  sourcemap: false,
  // Paths in the bundle's comments are relative to this; pinning it keeps the output byte-identical
  // whichever directory the build runs from, so the upload does not churn.
  absWorkingDir: repoRoot,
};

/** The bundle as text, built in memory: what the program uploads. */
export function exporterBundleText(): string {
  const result = buildSync({ ...EXPORTER_BUILD_OPTIONS, write: false, logLevel: "silent" });
  const [bundle] = result.outputFiles;
  if (!bundle) throw new Error("esbuild produced no output for exporter/main.ts");
  return bundle.text;
}

/** Where the program writes the bundle the exporter container gets (git-ignored dist/). */
export const DEPLOYED_BUNDLE_FILE = resolve(repoRoot, "dist", "pulumi", "vigil-exporter.js");

/**
 * Builds the exporter bundle to a file and returns its path and sha256. The container
 * uploads it with `source` and `sourceHash`: the state keeps the hash, not the ~MB of code,
 * and a changed bundle (a changed hash) replaces the container.
 */
export function writeExporterBundle(file: string = DEPLOYED_BUNDLE_FILE): { path: string; hash: string } {
  const text = exporterBundleText();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { path: file, hash: createHash("sha256").update(text).digest("hex") };
}
