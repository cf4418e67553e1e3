// The log alerts (alert-rules/logs.ts, rendered by synth/logs/vmalert-rules.ts) checked by the
// vmalert that will load them: Debian's, the release the droplet's image pins. `-dryRun`
// parses every group and each LogsQL expression and exits, without a datasource. Both the
// committed generated/ and a local, fast render must pass; a broken one must fail, so the
// check is known to bite.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../core/config";
import { localConfigAt } from "../scripts/local/config";
import { renderLocalInto, runTool, tempDirsRemovedAfterAll } from "./support/binaries";

const REPO_ROOT = join(__dirname, "..");
const COMMITTED = join(REPO_ROOT, "generated", "vmalert", "rules", "logs.yml");
const tempDir = tempDirsRemovedAfterAll();

function dryRun(file: string) {
  return runTool("vmalert", ["-dryRun", `-rule=${file}`]);
}

describe("vmalert -dryRun", () => {
  it("accepts the committed log alerts", () => {
    const result = dryRun(COMMITTED);
    expect(result.status, result.output).toBe(0);
    const groups = (parseYaml(readFileSync(COMMITTED, "utf8")) as { groups: Array<{ type: string; rules: Array<{ alert: string }> }> }).groups;
    expect(groups.map((group) => group.type)).toEqual(["vlogs"]);
    expect(groups.flatMap((group) => group.rules.map((rule) => rule.alert))).toEqual(["LogErrorsHigh"]);
  });

  it("accepts a local, fast render", () => {
    const dir = tempDir("vigil-vmalert-");
    renderLocalInto(dir, parseConfig(localConfigAt(21_000)), 21_000);
    const result = dryRun(join(dir, "vmalert", "rules", "logs.yml"));
    expect(result.status, result.output).toBe(0);
  });

  it("refuses a broken LogsQL expression, and LogsQL read as PromQL", () => {
    const dir = tempDir("vigil-vmalert-broken-");
    const committed = readFileSync(COMMITTED, "utf8");
    const broken = join(dir, "broken.yml");
    writeFileSync(broken, committed.replace("count() as errors", "count( as errors"));
    const result = dryRun(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/bad LogsQL expr/);
    const asPromql = join(dir, "promql.yml");
    writeFileSync(asPromql, committed.replace("type: vlogs", "type: prometheus"));
    expect(dryRun(asPromql).status).not.toBe(0);
  });
});
