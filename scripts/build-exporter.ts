import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const repoRoot = resolve(__dirname, "..");
const entryPoint = resolve(repoRoot, "exporter", "main.ts");
export const DEFAULT_EXPORTER_BUNDLE = resolve(repoRoot, "dist", "exporter", "main.js");

export interface ExporterBundle {
  outFile: string;
  bytes: number;
}

// Everything, node_modules included, goes into one file so the droplet needs only `node main.js`:
// no npm install there, and the code that runs is exactly the code that was tested.
export async function buildExporter(outFile: string = DEFAULT_EXPORTER_BUNDLE): Promise<ExporterBundle> {
  await build({
    entryPoints: [entryPoint],
    outfile: outFile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: false,
    sourcemap: false,
    logLevel: "warning",
    // Paths in the bundle's comments are relative to this; pinning it keeps the output byte-identical
    // whichever directory the build runs from.
    absWorkingDir: repoRoot,
  });
  return { outFile, bytes: statSync(outFile).size };
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
