import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { EXPORTER_BUILD_OPTIONS } from "../infra/exporter-bundle";

export const DEFAULT_EXPORTER_BUNDLE = resolve(__dirname, "..", "dist", "exporter", "main.js");

export interface ExporterBundle {
  outFile: string;
  bytes: number;
}

/** The bundle as a file, with the options the Pulumi program's in-memory build uses (tests, the local stack, the bench). */
export async function buildExporter(outFile: string = DEFAULT_EXPORTER_BUNDLE): Promise<ExporterBundle> {
  await build({ ...EXPORTER_BUILD_OPTIONS, outfile: outFile, logLevel: "warning" });
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
