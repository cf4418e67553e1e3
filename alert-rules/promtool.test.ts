import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { ruleGroups } from "./index";
import { isAlertingRule } from "./model";

// Runs every promtool unit test file beside the rules (alert-rules/<area>.test.yaml, which
// test the committed generated/ rules with production timings), and checks that each
// alert has at least one case where it fires and one where it must not.

const HERE = __dirname;
const REPO_ROOT = join(HERE, "..");
const testFiles = readdirSync(HERE).filter((name) => name.endsWith(".test.yaml")).sort();

function promtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync("promtool", args, { cwd: HERE, encoding: "utf8" });
  if (result.error) {
    throw new Error(`promtool is not installed: run \`bash scripts/setup.sh\` (Debian package prometheus): ${result.error.message}`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface AlertRuleTest {
  alertname: string;
  exp_alerts?: unknown[] | null;
}
interface PromtoolTestFile {
  tests: Array<{ alert_rule_test?: AlertRuleTest[] }>;
}

describe("promtool test rules", () => {
  it("has test files to run", () => {
    expect(testFiles.length).toBeGreaterThan(0);
  });

  it.each(testFiles)("%s passes", (file) => {
    const { status, output } = promtool(["test", "rules", file]);
    expect(status, output).toBe(0);
  });

  it("covers every alert with a case where it fires and one where it must not", () => {
    const config = loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml"));
    const alerts = ruleGroups(config, PRODUCTION, dropletPlacement().externalUrls.grafana).flatMap((group) =>
      group.rules.filter(isAlertingRule),
    );
    const fires = new Set<string>();
    const staysQuiet = new Set<string>();
    for (const file of testFiles) {
      const document = parseYaml(readFileSync(join(HERE, file), "utf8")) as PromtoolTestFile;
      for (const test of document.tests) {
        for (const check of test.alert_rule_test ?? []) {
          ((check.exp_alerts ?? []).length > 0 ? fires : staysQuiet).add(check.alertname);
        }
      }
    }
    const missingFiring = alerts.filter((alert) => !fires.has(alert.alert)).map((alert) => alert.alert);
    // Watchdog always fires by design: there is no input under which it must be quiet.
    const missingQuiet = alerts
      .filter((alert) => alert.labels.severity !== "none" && !staysQuiet.has(alert.alert))
      .map((alert) => alert.alert);
    expect(missingFiring, "alerts with no promtool case where they fire").toEqual([]);
    expect(missingQuiet, "alerts with no promtool case where they must not fire").toEqual([]);
  });

  it("fails on a wrong expectation (the check can fail)", () => {
    const wrong = readFileSync(join(HERE, "self.test.yaml"), "utf8").replace("severity: warning", "severity: critical");
    const dir = mkdtempSync(join(tmpdir(), "vigil-promtool-"));
    try {
      const file = join(dir, "self.test.yaml");
      writeFileSync(file, wrong.replace("../generated/", `${REPO_ROOT}/generated/`));
      const { status } = promtool(["test", "rules", file]);
      expect(status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
