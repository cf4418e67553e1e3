// Helpers for the tests that check rendered files with the real tools from Debian's packages
// (promtool, amtool): running a tool, temporary directories, and a local render to check.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { VigilConfig } from "../../core/config";
import { secretsOf } from "../../core/config";
import { consecutivePorts, localPlacement } from "../../core/placement";
import { FAST } from "../../core/timing";
import { synth } from "../../synth";
import { writeArtifacts } from "../../synth/generated";
import { fillSecrets } from "../../synth/secrets";

const REPO_ROOT = join(__dirname, "..", "..");

/** The Debian package that installs each tool (scripts/setup.sh installs them all). */
const DEBIAN_PACKAGES = { promtool: "prometheus", amtool: "prometheus-alertmanager", vmalert: "victoria-metrics", vmauth: "victoria-metrics" } as const;
export type DebianTool = keyof typeof DEBIAN_PACKAGES;

export interface Run {
  status: number | null;
  /** stdout, then stderr. */
  output: string;
}

/**
 * Runs a Debian-packaged tool in the repository root; a missing binary fails the test with
 * what to install.
 */
export function runTool(tool: DebianTool, args: string[]): Run {
  const result = spawnSync(tool, args, { encoding: "utf8", cwd: REPO_ROOT });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`${tool} is not installed: run \`bash scripts/setup.sh\` (Debian package ${DEBIAN_PACKAGES[tool]})`);
    }
    throw result.error;
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * A maker of temporary directories that are all removed after the test file's tests. It
 * registers that afterAll hook itself: call it once, at the top level of a test file.
 */
export function tempDirsRemovedAfterAll(): (prefix: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Renders a config for the local placement into `root` with fast timing, secrets filled, as
 * the local stack does: a secret without a value (Pulumi ciphertext) becomes `local-<path>`.
 * The services listen on consecutive ports from `firstPort`, in the order of PORT_NAMES.
 */
export function renderLocalInto(root: string, config: VigilConfig, firstPort: number): void {
  const ports = consecutivePorts(firstPort);
  const values = new Map([...secretsOf(config)].map(([path, secret]) => [path, secret.reveal() ?? `local-${path}`]));
  const artifacts = synth(config, localPlacement(root, ports), FAST).map((artifact) => ({
    ...artifact,
    content: fillSecrets(artifact.content, values),
  }));
  writeArtifacts(artifacts, root);
}
