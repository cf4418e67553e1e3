import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BuildOptions } from "esbuild";
import { build, buildSync } from "esbuild";

const repoRoot = resolve(__dirname, "..");
const entryPoint = resolve(repoRoot, "exporter", "main.ts");
export const DEFAULT_EXPORTER_BUNDLE = resolve(repoRoot, "dist", "exporter", "main.js");

export interface ExporterBundle {
  outFile: string;
  bytes: number;
}

// Everything, node_modules included, goes into one file so the droplet needs only `node main.js`:
// no npm install there, and the code that runs is exactly the code that was tested. The one
// set of options serves the file build (tests, the local stack, the bench) and the in-memory
// build the Pulumi program uploads, so what is tested is what is deployed.
const EXPORTER_BUILD_OPTIONS: BuildOptions = {
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

export async function buildExporter(outFile: string = DEFAULT_EXPORTER_BUNDLE): Promise<ExporterBundle> {
  await build({ ...EXPORTER_BUILD_OPTIONS, outfile: outFile, logLevel: "warning" });
  return { outFile, bytes: statSync(outFile).size };
}

/** The same bundle as text, built in memory (the Pulumi program uploads it). */
export function exporterBundleText(): string {
  const result = buildSync({ ...EXPORTER_BUILD_OPTIONS, write: false, logLevel: "silent" });
  const [bundle] = result.outputFiles;
  if (!bundle) throw new Error("esbuild produced no output for exporter/main.ts");
  return bundle.text;
}

async function runFromCommandLine(): Promise<void> {
  const { values } = parseArgs({ options: { outfile: { type: "string" } }, strict: true });
  const bundle = await buildExporter(values.outfile ? resolve(values.outfile) : DEFAULT_EXPORTER_BUNDLE);
  const kib = (bundle.bytes / 1024).toFixed(1);
  const shown = relative(process.cwd(), bundle.outFile);
  console.log(`vigil: exporter bundle ${shown.startsWith("..") ? bundle.outFile : shown} (${kib} KiB)`);
}

// Run only as a script (`tsx scripts/build-exporter.ts`), not when a test imports buildExporter.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) {
  runFromCommandLine().catch((error: unknown) => {
    console.error(`vigil: exporter build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
