import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleArtifacts } from "../synth/generated";

// The command as a reviewer (or CI) runs it, against a throwaway git repository with two
// commits of generated/: the example stack's files, then an edit to a dashboard and a rule.

const ROOT = join(__dirname, "..");
const SCRIPT = join(ROOT, "scripts", "dashboards-diff.ts");

let repo: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=vigil test", "-c", "user.email=test@example.com", ...args], {
    cwd: repo,
    encoding: "utf8",
  });
}

function write(path: string, content: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
}

function diff(...args: string[]) {
  // tsx from this repository: the temporary one has no node_modules.
  const result = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [SCRIPT, ...args], { cwd: repo, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "vigil-diff-"));
  git("init", "--quiet", "--initial-branch=main");
  for (const artifact of exampleArtifacts(ROOT)) write(`generated/${artifact.path}`, artifact.content);
  git("add", "-A");
  git("commit", "--quiet", "-m", "example stack");

  // The second commit: a tightened query, a removed dashboard, a faster TargetDown.
  const api = join("generated", "grafana", "dashboards", "vigil-api.json");
  const apiJson = execFileSync("git", ["show", `HEAD:${api}`], { cwd: repo, encoding: "utf8" });
  write(api, apiJson.replace('increase(http_request_duration_seconds_bucket{job=\\"shop\\"}', 'rate(http_request_duration_seconds_bucket{job=\\"shop\\"}'));
  git("rm", "--quiet", join("generated", "grafana", "dashboards", "vigil-redis.json"));
  const self = join("generated", "prometheus", "rules", "self.yml");
  write(self, execFileSync("git", ["show", `HEAD:${self}`], { cwd: repo, encoding: "utf8" }).replace(/(alert: TargetDown\n[\s\S]*?for: )5m/, "$12m"));
  git("add", "-A");
  git("commit", "--quiet", "-m", "edits");
}, 60_000);

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe("npm run dashboards:diff", () => {
  it("summarises two commits as markdown", () => {
    const result = diff("HEAD~1", "HEAD");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("## Dashboards and alert rules: `HEAD~1` → `HEAD`");
    expect(result.stdout).toContain("**Dashboards:** 0 added, 1 removed, 1 changed · **Rules:** 0 added, 0 removed, 1 changed");
    expect(result.stdout).toContain("- **Removed** shop — Redis (`vigil-redis`), 9 panels");
    expect(result.stdout).toContain("#### shop — API performance (`vigil-api`)");
    expect(result.stdout).toContain(
      '| Latency distribution | A | `sum by (le) (increase(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))` | `sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))` |',
    );
    expect(result.stdout).toContain("| **TargetDown** | for | 5m | 2m |");
  });

  it("compares a ref with the working tree when no second ref is given", () => {
    expect(diff("HEAD").stdout).toContain("No changes to dashboards or alert rules.");
    const slo = join("generated", "grafana", "dashboards", "vigil-slo.json");
    write(slo, execFileSync("git", ["show", `HEAD:${slo}`], { cwd: repo, encoding: "utf8" }).replace('"title": "Burn rate"', '"title": "Burn rates"'));
    const result = diff("HEAD");
    expect(result.stdout).toContain("## Dashboards and alert rules: `HEAD` → this change");
    expect(result.stdout).toContain("| retitled | Burn rates | was “Burn rate” |");
    git("checkout", "--quiet", "--", slo);
  });

  it("says which ref it does not know, and how to use it", () => {
    const unknown = diff("no-such-branch");
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown git ref "no-such-branch"');
    const usage = diff();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: npm run dashboards:diff -- <git-ref> [<head-ref>]");
  });
});
