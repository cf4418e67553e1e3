import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../core/config";
import { FAST, PRODUCTION } from "../core/timing";
import { ruleGroups } from "./index";
import { runbookUrl } from "./links";
import { logAlertGroups } from "./logs";
import type { AlertingRule } from "./model";
import { isAlertingRule } from "./model";

const REPO_ROOT = join(__dirname, "..");
const RUNBOOK_DIR = join(REPO_ROOT, "docs", "runbooks");
const config = loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml"));

// Prometheus's groups and vmalert's log alerts alike: every alert has its runbook.
const alerts: AlertingRule[] = [...ruleGroups(config, PRODUCTION, "http://localhost:3000"), ...logAlertGroups(config, PRODUCTION, "http://localhost:3000")].flatMap((group) =>
  group.rules.filter(isAlertingRule),
);
const alertNames = alerts.map((alert) => alert.alert);
const runbookFiles = readdirSync(RUNBOOK_DIR).filter((name) => name.endsWith(".md"));

describe("runbooks", () => {
  it("the catalog has alerts to check", () => {
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alertNames).size).toBe(alertNames.length);
  });

  it.each(alertNames.map((name) => [name, name]))("%s has docs/runbooks/%s.md", (name) => {
    expect(existsSync(join(RUNBOOK_DIR, `${name}.md`)), `docs/runbooks/${name}.md is missing`).toBe(true);
  });

  it("every runbook file belongs to an alert", () => {
    const orphans = runbookFiles.map((file) => file.replace(/\.md$/, "")).filter((name) => !alertNames.includes(name));
    expect(orphans, "runbooks without an alert").toEqual([]);
  });

  it.each(alerts.map((alert) => [alert.alert, alert] as const))(
    "%s's runbook is titled with its name, quotes its expression and covers meaning, impact, confirming, fixing and silencing",
    (name, alert) => {
      const text = readFileSync(join(RUNBOOK_DIR, `${name}.md`), "utf8");
      expect(text.split("\n")[0]).toBe(`# ${name}`);
      // A rule change that leaves its runbook behind shows up here.
      // A one-line expression in a code span, a multi-line one in a fenced block; either
      // way the runbook shows the PromQL the alert really evaluates.
      const quoted = alert.expr.includes("\n") ? `\`\`\`promql\n${alert.expr}\n\`\`\`` : `\`${alert.expr}\``;
      expect(text, `${name}.md does not quote the current expression as ${quoted}`).toContain(quoted);
      for (const heading of ["## What it means", "## Impact", "## How to confirm", "## How to fix", "## How to silence"]) {
        expect(text, `${name}.md lacks "${heading}"`).toContain(heading);
      }
    },
  );
});

describe("every alert", () => {
  it.each(alerts.map((alert) => [alert.alert, alert] as const))("%s has a severity label", (name, alert) => {
    const expected = name === "Watchdog" ? ["none"] : ["critical", "warning", "info"];
    expect(expected).toContain(alert.labels.severity);
  });

  it.each(alerts.map((alert) => [alert.alert, alert] as const))(
    "%s has a summary, a description and a runbook_url ending in /<AlertName>.md",
    (name, alert) => {
      expect(alert.annotations.summary?.trim()).toBeTruthy();
      expect(alert.annotations.description?.trim()).toBeTruthy();
      expect(alert.annotations.runbook_url).toBe(`${config.alerting.runbookBaseUrl}/${name}.md`);
      expect(alert.annotations.runbook_url?.endsWith(`/${name}.md`)).toBe(true);
    },
  );

  it("keeps the same names and links under the fast timing the e2e suite runs", () => {
    const fast = [...ruleGroups(config, FAST, "http://localhost:3000"), ...logAlertGroups(config, FAST, "http://localhost:3000")].flatMap((group) =>
      group.rules.filter(isAlertingRule),
    );
    expect(fast.map((alert) => [alert.alert, alert.annotations.runbook_url])).toEqual(
      alerts.map((alert) => [alert.alert, alert.annotations.runbook_url]),
    );
  });
});

describe("runbookUrl", () => {
  it("joins the base URL and the alert name with exactly one slash", () => {
    expect(runbookUrl("https://example.com/runbooks", "TargetDown")).toBe("https://example.com/runbooks/TargetDown.md");
    expect(runbookUrl("https://example.com/runbooks//", "TargetDown")).toBe(
      "https://example.com/runbooks/TargetDown.md",
    );
  });
});
