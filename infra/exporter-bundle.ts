import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { exporterBundleText } from "../scripts/build-exporter";

/** Where the program writes the bundle the exporter container gets (git-ignored dist/). */
export const DEPLOYED_BUNDLE_FILE = resolve(__dirname, "..", "dist", "pulumi", "vigil-exporter.js");

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
