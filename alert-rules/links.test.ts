import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../core/config";
import { PRODUCTION } from "../core/timing";
import { ruleGroups } from "./index";
import { logAlertGroups } from "./logs";
import { isAlertingRule } from "./model";

// The links every notification carries: which alerts lead to the logs, and to which lines.

const config = loadConfigFile(join(__dirname, "..", "Pulumi.prod.yaml"));
const GRAFANA = "http://localhost:3000";
const groups = ruleGroups(config, PRODUCTION, GRAFANA);
const logsUrlsOf = (name: string) =>
  (groups.find((group) => group.name === name)?.rules ?? []).filter(isAlertingRule).map((rule) => rule.annotations.logs_url);

describe("logs links", () => {
  it.each(["endpoints", "application", "slo", "sentry"])("send every %s alert to the application's lines", (name) => {
    const urls = logsUrlsOf(name);
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set([`${GRAFANA}/d/vigil-logs?var-service=${config.app.name}`]));
  });

  it.each(["host", "postgres", "redis", "business", "self"])("leave %s alerts without one: their lines are not the application's", (name) => {
    expect(logsUrlsOf(name).length, `the example stack has ${name} alerts`).toBeGreaterThan(0);
    expect(logsUrlsOf(name).filter((url) => url !== undefined)).toEqual([]);
  });

  it("open LogErrorsHigh at the service it names, its dashboard at that service's error lines", () => {
    const [rule] = logAlertGroups(config, PRODUCTION, GRAFANA).flatMap((group) => group.rules.filter(isAlertingRule));
    expect(rule?.annotations.logs_url).toBe(`${GRAFANA}/d/vigil-logs?var-service={{ $labels.service }}`);
    expect(rule?.annotations.dashboard_url).toMatch(/^http:\/\/localhost:3000\/d\/vigil-logs\?var-service=\{\{ \$labels\.service \}\}&var-level=error/);
  });
});
