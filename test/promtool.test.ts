// The rendered configs checked by the real tools that will load them: promtool (Prometheus
// 2.42) and amtool (Alertmanager 0.25) from Debian's packages. Both the committed
// generated/ (what the droplet gets) and a local, fast render (what the local stack and the
// e2e suite run) must pass; a broken file must fail, so the checks are known to bite.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { VigilConfig } from "../core/config";
import { loadConfigFile, parseConfig } from "../core/config";
import type { Run } from "./support/binaries";
import { renderLocalInto, runTool, tempDirsRemovedAfterAll } from "./support/binaries";
import { minimalRawConfig } from "./support/fixtures";

const REPO_ROOT = join(__dirname, "..");
const GENERATED = join(REPO_ROOT, "generated");

function expectSuccess(result: Run): void {
  expect(result.status, result.output).toBe(0);
}

function ruleFiles(prometheusDir: string): string[] {
  const dir = join(prometheusDir, "rules");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yml"))
    .sort()
    .map((name) => join(dir, name));
  if (files.length === 0) throw new Error(`no rule files in ${dir}`);
  return files;
}

const checkConfig = (file: string) => runTool("promtool", ["check", "config", file]);
const checkRules = (files: string[]) => runTool("promtool", ["check", "rules", "--lint=all", "--lint-fatal", ...files]);
const checkAlertmanager = (file: string) => runTool("amtool", ["check-config", file]);
/** The receivers Alertmanager's routing tree picks for an alert with these labels. */
function receiversFor(file: string, labels: string[]): string {
  const result = runTool("amtool", ["config", "routes", "test", `--config.file=${file}`, ...labels]);
  expectSuccess(result);
  // amtool warns on stderr that --config.file overrides --alertmanager.url; stdout holds the answer.
  return result.output
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("Warning:"))
    .join("\n")
    .trim();
}

const tempDir = tempDirsRemovedAfterAll();

/** Renders for the local stack into a fresh directory, secrets filled, as the local stack would. */
function renderLocal(config: VigilConfig): string {
  const root = tempDir("vigil-local-render-");
  renderLocalInto(root, config, 42_000);
  return root;
}

describe("the committed generated/", () => {
  it("passes `promtool check config` for prometheus.yml, its rule files included", () => {
    const result = checkConfig(join(GENERATED, "prometheus", "prometheus.yml"));
    expectSuccess(result);
    expect(result.output).toMatch(/SUCCESS: [1-9]\d* rule files found/);
  });

  it("passes `promtool check rules --lint=all --lint-fatal` for every rule file", () => {
    expectSuccess(checkRules(ruleFiles(join(GENERATED, "prometheus"))));
  });

  it("holds the example stack's DigitalOcean discovery jobs, so the check above reads them", () => {
    const document = parseYaml(readFileSync(join(GENERATED, "prometheus", "prometheus.yml"), "utf8")) as {
      scrape_configs: Array<{ job_name: string; digitalocean_sd_configs?: unknown[] }>;
    };
    const discovering = document.scrape_configs.filter((job) => job.digitalocean_sd_configs !== undefined).map((job) => job.job_name);
    expect(discovering.sort()).toEqual(["node-app-hosts", "shop"]);
  });

  it("passes `amtool check-config` for alertmanager.yml", () => {
    const result = checkAlertmanager(join(GENERATED, "alertmanager", "alertmanager.yml"));
    expectSuccess(result);
    expect(result.output).toContain("SUCCESS");
  });

  it("routes Watchdog to the heartbeat alone and a warning to Slack", () => {
    const file = join(GENERATED, "alertmanager", "alertmanager.yml");
    expect(receiversFor(file, ["alertname=Watchdog", "severity=none"])).toBe("heartbeat");
    expect(receiversFor(file, ["alertname=TargetDown", "severity=warning", "job=node"])).toBe("slack");
  });
});

describe("a local render with fast timing (what the local stack runs)", () => {
  let root: string;
  beforeAll(() => {
    root = renderLocal(loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml")));
  });

  it("passes `promtool check config`, its rule files included", () => {
    const result = checkConfig(join(root, "prometheus", "prometheus.yml"));
    expectSuccess(result);
    expect(result.output).toMatch(/SUCCESS: [1-9]\d* rule files found/);
  });

  it("passes `promtool check rules --lint=all --lint-fatal`", () => {
    expectSuccess(checkRules(ruleFiles(join(root, "prometheus"))));
  });

  it("passes `amtool check-config`", () => {
    expectSuccess(checkAlertmanager(join(root, "alertmanager", "alertmanager.yml")));
  });

  it("passes `amtool check-config` with only email and no heartbeat, Watchdog going nowhere", () => {
    const bare = parseConfig(minimalRawConfig());
    const bareRoot = renderLocal(bare);
    expectSuccess(checkAlertmanager(join(bareRoot, "alertmanager", "alertmanager.yml")));
    expectSuccess(checkConfig(join(bareRoot, "prometheus", "prometheus.yml")));
    expect(receiversFor(join(bareRoot, "alertmanager", "alertmanager.yml"), ["alertname=Watchdog"])).toBe(
      "blackhole",
    );
  });
});

describe("the checks can fail (negative controls)", () => {
  it("promtool rejects a rule with a broken expression and an unparsable `for:`", () => {
    const dir = tempDir("vigil-broken-rules-");
    const file = join(dir, "broken.yml");
    writeFileSync(
      file,
      ["groups:", "  - name: broken", "    rules:", "      - alert: Broken", "        expr: up ==", "        for: 5 minutes", ""].join(
        "\n",
      ),
    );
    const result = checkRules([file]);
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toContain("broken.yml");
  });

  it("promtool --lint-fatal rejects a file whose only fault is a lint finding (a duplicate rule)", () => {
    const dir = tempDir("vigil-lint-rules-");
    const file = join(dir, "duplicate.yml");
    const rule = ["      - alert: Twice", "        expr: up == 0", "        labels:", "          severity: warning"];
    writeFileSync(file, ["groups:", "  - name: duplicate", "    rules:", ...rule, ...rule, ""].join("\n"));
    expectSuccess(runTool("promtool", ["check", "rules", file]));
    const result = checkRules([file]);
    expect(result.status, result.output).not.toBe(0);
    expect(result.output.toLowerCase()).toContain("duplicate");
  });

  it("promtool check config rejects a config whose rule file is broken", () => {
    const dir = tempDir("vigil-broken-config-");
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", "bad.yml"), "groups:\n  - name: bad\n    rules:\n      - alert: Bad\n        expr: rate(\n");
    writeFileSync(join(dir, "prometheus.yml"), "rule_files:\n  - rules/*.yml\n");
    const result = checkConfig(join(dir, "prometheus.yml"));
    expect(result.status, result.output).not.toBe(0);
  });

  it("promtool check config rejects a DigitalOcean discovery with a key it does not know", () => {
    const dir = tempDir("vigil-broken-discovery-");
    writeFileSync(join(dir, "prometheus.yml"), "scrape_configs:\n  - job_name: hosts\n    digitalocean_sd_configs:\n      - prot: 9100\n");
    const result = checkConfig(join(dir, "prometheus.yml"));
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toContain("prot");
  });

  it("amtool rejects a route to a receiver that does not exist", () => {
    const dir = tempDir("vigil-broken-am-");
    const file = join(dir, "alertmanager.yml");
    writeFileSync(file, "route:\n  receiver: page\nreceivers:\n  - name: blackhole\n");
    const result = checkAlertmanager(file);
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toContain("page");
  });
});
