import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Artifact } from "./artifact";
import { driftOf, exampleArtifacts, GENERATED_DIR, isClean, writeArtifacts } from "./generated";

const REPO_ROOT = join(__dirname, "..");

const ARTIFACTS: Artifact[] = [
  { path: "alertmanager/alertmanager.yml", content: "route: {}\n" },
  { path: "alertmanager/secrets/key", content: "<<vigil-secret:a.b>>", secret: true },
  { path: "prometheus/prometheus.yml", content: "global: {}\n" },
  { path: "prometheus/rules/self.yml", content: "groups: []\n" },
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-generated-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("driftOf and writeArtifacts", () => {
  it("report an empty directory as missing every file", () => {
    expect(driftOf(ARTIFACTS, dir)).toEqual({ changed: [], missing: ARTIFACTS.map((a) => a.path), stale: [] });
    expect(isClean(driftOf(ARTIFACTS, dir))).toBe(false);
  });

  it("report a directory that does not exist as missing every file", () => {
    const absent = join(dir, "absent");
    expect(driftOf(ARTIFACTS, absent).missing).toEqual(ARTIFACTS.map((a) => a.path));
  });

  it("find nothing to report right after a write, byte for byte", () => {
    writeArtifacts(ARTIFACTS, dir);
    expect(driftOf(ARTIFACTS, dir)).toEqual({ changed: [], missing: [], stale: [] });
    expect(isClean(driftOf(ARTIFACTS, dir))).toBe(true);
    for (const artifact of ARTIFACTS) expect(readFileSync(join(dir, artifact.path), "utf8")).toBe(artifact.content);
  });

  it("report a modified file as changed, and only that file", () => {
    writeArtifacts(ARTIFACTS, dir);
    writeFileSync(join(dir, "prometheus/rules/self.yml"), "groups: []\n# hand edit\n");
    expect(driftOf(ARTIFACTS, dir)).toEqual({ changed: ["prometheus/rules/self.yml"], missing: [], stale: [] });
  });

  it("count a trailing newline as a change", () => {
    writeArtifacts(ARTIFACTS, dir);
    writeFileSync(join(dir, "alertmanager/secrets/key"), "<<vigil-secret:a.b>>\n");
    expect(driftOf(ARTIFACTS, dir).changed).toEqual(["alertmanager/secrets/key"]);
  });

  it("report a deleted file as missing", () => {
    writeArtifacts(ARTIFACTS, dir);
    unlinkSync(join(dir, "prometheus/prometheus.yml"));
    expect(driftOf(ARTIFACTS, dir)).toEqual({ changed: [], missing: ["prometheus/prometheus.yml"], stale: [] });
  });

  it("report an extra file, nested ones included, as stale", () => {
    writeArtifacts(ARTIFACTS, dir);
    writeFileSync(join(dir, "prometheus/rules/old.yml"), "groups: []\n");
    mkdirSync(join(dir, "grafana/dashboards"), { recursive: true });
    writeFileSync(join(dir, "grafana/dashboards/gone.json"), "{}\n");
    const drift = driftOf(ARTIFACTS, dir);
    expect(drift.changed).toEqual([]);
    expect(drift.missing).toEqual([]);
    expect([...drift.stale].sort()).toEqual(["grafana/dashboards/gone.json", "prometheus/rules/old.yml"]);
  });

  it("report all three kinds of drift at once", () => {
    writeArtifacts(ARTIFACTS, dir);
    writeFileSync(join(dir, "alertmanager/alertmanager.yml"), "route: {receiver: x}\n");
    unlinkSync(join(dir, "prometheus/rules/self.yml"));
    writeFileSync(join(dir, "prometheus/extra.yml"), "\n");
    expect(driftOf(ARTIFACTS, dir)).toEqual({
      changed: ["alertmanager/alertmanager.yml"],
      missing: ["prometheus/rules/self.yml"],
      stale: ["prometheus/extra.yml"],
    });
  });

  it("make a drifted directory clean again, removing stale files and restoring the rest", () => {
    writeArtifacts(ARTIFACTS, dir);
    writeFileSync(join(dir, "alertmanager/alertmanager.yml"), "edited\n");
    unlinkSync(join(dir, "prometheus/prometheus.yml"));
    writeFileSync(join(dir, "prometheus/rules/old.yml"), "groups: []\n");
    writeArtifacts(ARTIFACTS, dir);
    expect(isClean(driftOf(ARTIFACTS, dir))).toBe(true);
    expect(existsSync(join(dir, "prometheus/rules/old.yml"))).toBe(false);
    expect(readFileSync(join(dir, "alertmanager/alertmanager.yml"), "utf8")).toBe("route: {}\n");
  });

  it("remove a file that synth stops rendering", () => {
    writeArtifacts(ARTIFACTS, dir);
    const fewer = ARTIFACTS.filter((artifact) => artifact.path !== "prometheus/rules/self.yml");
    expect(driftOf(fewer, dir).stale).toEqual(["prometheus/rules/self.yml"]);
    writeArtifacts(fewer, dir);
    expect(isClean(driftOf(fewer, dir))).toBe(true);
    expect(existsSync(join(dir, "prometheus/rules/self.yml"))).toBe(false);
  });
});

describe("the committed generated/ (the `synth --check` contract)", () => {
  it("matches what synth renders from the example stack, exactly", () => {
    const drift = driftOf(exampleArtifacts(REPO_ROOT), join(REPO_ROOT, GENERATED_DIR));
    // On failure this names the files; `npm run synth` fixes them.
    expect(drift).toEqual({ changed: [], missing: [], stale: [] });
  });

  it("is rendered with placeholders, never secret values", () => {
    const secretFiles = exampleArtifacts(REPO_ROOT).filter((artifact) => artifact.secret);
    expect(secretFiles.length).toBeGreaterThan(0);
    for (const artifact of secretFiles) {
      const committed = readFileSync(join(REPO_ROOT, GENERATED_DIR, artifact.path), "utf8");
      // A secret file holds its placeholder alone; a config that must carry its secret inline
      // (vmauth's auth config) holds placeholders where the values go.
      if (artifact.path.includes("/secrets/")) expect(committed).toMatch(/^<<vigil-secret:[\w.]+>>$/);
      else expect(committed, artifact.path).toMatch(/<<vigil-secret:[\w.]+(\|json)?>>/);
    }
  });

  it("passes `scripts/synth.ts --check`, which exits 0 and says it is up to date", () => {
    const tsx = join(REPO_ROOT, "node_modules", ".bin", "tsx");
    if (!existsSync(tsx)) throw new Error(`${tsx} is missing: run \`npm ci\` first`);
    const result = spawnSync(tsx, ["scripts/synth.ts", "--check"], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.error) throw result.error;
    expect(result.stderr, "synth --check wrote to stderr").not.toMatch(/out of date|changed:|missing:|stale:/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/generated\/ is up to date \(\d+ files\)/);
  });
});
