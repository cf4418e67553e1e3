import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

// What the diff compares: the dashboards and rule files synth committed under generated/,
// read either from a git ref (`git show <ref>:<path>`) or from the working tree.

export const DASHBOARDS_DIR = "generated/grafana/dashboards";
export const RULES_DIR = "generated/prometheus/rules";

/** A dashboard as committed (normalized JSON); only the fields the diff reads are typed. */
export interface DashboardJson {
  uid: string;
  title?: string;
  panels?: PanelJson[];
}

export interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: Array<{ refId?: string; expr?: string }>;
  fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: Array<{ value: number | null; color: string }> } } };
  /** A collapsed row's panels. */
  panels?: PanelJson[];
}

export interface RuleJson {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroupJson {
  /** The rule file the group is in, e.g. prometheus/rules/slo.yml. */
  file: string;
  name: string;
  rules: RuleJson[];
}

export interface Snapshot {
  /** Keyed by uid. */
  dashboards: Map<string, DashboardJson>;
  groups: RuleGroupJson[];
}

/** Builds a snapshot from file contents keyed by their path under the repository root. */
export function snapshotFromFiles(files: Map<string, string>): Snapshot {
  const dashboards = new Map<string, DashboardJson>();
  const groups: RuleGroupJson[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (path.startsWith(`${DASHBOARDS_DIR}/`) && path.endsWith(".json")) {
      const model = JSON.parse(content) as DashboardJson;
      dashboards.set(model.uid ?? path, model);
    } else if (path.startsWith(`${RULES_DIR}/`) && /\.ya?ml$/.test(path)) {
      const document = (parseYaml(content) ?? {}) as { groups?: Array<{ name: string; rules?: RuleJson[] }> };
      for (const group of document.groups ?? []) {
        groups.push({ file: path.slice("generated/".length), name: group.name, rules: group.rules ?? [] });
      }
    }
  }
  return { dashboards, groups };
}

function git(repo: string, args: string[]): string {
  return execFileSync("git", args, { cwd: repo, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

export function repositoryRoot(cwd: string): string {
  return git(cwd, ["rev-parse", "--show-toplevel"]).trim();
}

/** The commit a ref names; throws a readable error for a ref git does not know. */
export function resolveRef(repo: string, ref: string): string {
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new Error(`unknown git ref "${ref}" (fetch it first, e.g. git fetch origin main)`);
  }
}

/** generated/ as committed at `ref`; a ref from before generated/ existed is an empty snapshot. */
export function snapshotAtRef(repo: string, ref: string): Snapshot {
  const commit = resolveRef(repo, ref);
  const paths = git(repo, ["ls-tree", "-r", "--name-only", commit, "--", DASHBOARDS_DIR, RULES_DIR])
    .split("\n")
    .filter(Boolean);
  return snapshotFromFiles(new Map(paths.map((path) => [path, git(repo, ["show", `${commit}:${path}`])])));
}

function filesIn(root: string, dir: string): string[] {
  try {
    return readdirSync(join(root, dir)).map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
}

/** generated/ as it is in the working tree. */
export function snapshotOfWorkingTree(root: string): Snapshot {
  const paths = [...filesIn(root, DASHBOARDS_DIR), ...filesIn(root, RULES_DIR)];
  return snapshotFromFiles(new Map(paths.map((path) => [path, readFileSync(join(root, path), "utf8")])));
}
