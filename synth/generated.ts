import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadConfigFile } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import type { Artifact } from "./artifact";
import { synth } from "./index";

// generated/ is what production gets, committed so that reviewers read it in pull
// requests: always rendered from the example stack, with the droplet placement and
// production timings.

export const EXAMPLE_STACK_FILE = "Pulumi.prod.yaml";
export const GENERATED_DIR = "generated";

export function exampleArtifacts(root: string): Artifact[] {
  return synth(loadConfigFile(join(root, EXAMPLE_STACK_FILE)), dropletPlacement(), PRODUCTION);
}

function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

export interface Drift {
  /** Files whose content differs from what synth renders. */
  changed: string[];
  /** Files synth renders that are not in the directory. */
  missing: string[];
  /** Files in the directory that synth no longer renders. */
  stale: string[];
}

export function driftOf(artifacts: Artifact[], dir: string): Drift {
  const onDisk = new Set(filesUnder(dir));
  const drift: Drift = { changed: [], missing: [], stale: [] };
  for (const artifact of artifacts) {
    if (!onDisk.has(artifact.path)) drift.missing.push(artifact.path);
    else if (readFileSync(join(dir, artifact.path), "utf8") !== artifact.content) drift.changed.push(artifact.path);
    onDisk.delete(artifact.path);
  }
  drift.stale = [...onDisk];
  return drift;
}

export function isClean(drift: Drift): boolean {
  return drift.changed.length + drift.missing.length + drift.stale.length === 0;
}

/** Writes the artifacts and removes files synth no longer renders. */
export function writeArtifacts(artifacts: Artifact[], dir: string): void {
  for (const stale of driftOf(artifacts, dir).stale) rmSync(join(dir, stale));
  for (const artifact of artifacts) {
    const target = join(dir, artifact.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, artifact.content);
  }
}
