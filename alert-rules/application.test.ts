import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { FAST, PRODUCTION } from "../core/timing";
import { ruleArtifacts } from "../synth/rules";
import { exampleRawConfig } from "../test/support/fixtures";
import { applicationRules } from "./application";
import type { AlertingRule } from "./model";
import { isAlertingRule } from "./model";

const EXAMPLE = exampleRawConfig();
const configWith = (alerts: Record<string, unknown>, app: Record<string, unknown> = {}) =>
  parseConfig({ ...EXAMPLE, app: { ...EXAMPLE.app, ...app }, alerts: { ...EXAMPLE.alerts, ...alerts } });

function alert(config: ReturnType<typeof configWith>, name: string, timing = PRODUCTION): AlertingRule {
  const found = applicationRules({ config, timing }).rules.filter(isAlertingRule).find((rule) => rule.alert === name);
  if (!found) throw new Error(`no alert ${name}`);
  return found;
}

describe("application rules", () => {
  it("match 5xx whether the status label holds codes or classes", () => {
    const { expr } = alert(configWith({}), "HighErrorRate");
    expect(expr).toContain('status=~"5([0-9][0-9]|xx)"');
    const regex = /^(?:5([0-9][0-9]|xx))$/; // PromQL anchors its regexes
    expect(["500", "503", "599", "5xx"].filter((status) => regex.test(status))).toHaveLength(4);
    expect(["200", "404", "4xx", "50", "5000", "15xx"].filter((status) => regex.test(status))).toEqual([]);
  });

  it("select the metric and label names config gives", () => {
    const config = configWith(
      {},
      {
        httpMetrics: {
          requestsTotal: "api_requests_total",
          requestDuration: "api_latency_seconds",
          routeLabel: "route",
          methodLabel: "verb",
          statusLabel: "code",
        },
      },
    );
    expect(alert(config, "HighErrorRate").expr).toContain('api_requests_total{job="shop", code=~"5([0-9][0-9]|xx)"}');
    expect(alert(config, "HighLatencyP95").expr).toContain("sum by (job, route, le) (rate(api_latency_seconds_bucket{");
    expect(alert(config, "HighLatencyP95").annotations.summary).toContain("{{ $labels.route }}");
  });

  it("take thresholds and durations from config.alerts.application", () => {
    const config = configWith({
      application: { errorRatio: 0.05, errorWindow: "10m", latencyP95Seconds: 0.5, latencyFor: "20m", regressionRatio: 0.5, regressionFloorSeconds: 0.3 },
    });
    expect(alert(config, "HighErrorRate").expr).toMatch(/\[10m\]\)\)\)\n> 0\.05$/);
    expect(alert(config, "HighErrorRate").for).toBe("10m");
    expect(alert(config, "HighLatencyP95").expr).toMatch(/> 0\.5$/);
    expect(alert(config, "HighLatencyP95").for).toBe("20m");
    expect(alert(config, "LatencyRegression").expr).toContain("> 0.3\n)\n> (1 + 0.5) * histogram_quantile");
  });

  it("hold a route with a latency budget to its own budget, and the others to the default", () => {
    const config = configWith({ application: { routeLatencyBudgets: { "/api/export": 5, '/items/{id}': 2 } } });
    const { expr, annotations } = alert(config, "HighLatencyP95");
    expect(expr).toContain('{job="shop", handler!="/api/export", handler!="/items/{id}"}[5m]))) > 1\n');
    expect(expr).toContain('{job="shop", handler="/api/export"}[5m]))) > 5\n');
    expect(expr).toContain('{job="shop", handler="/items/{id}"}[5m]))) > 2\n');
    expect(annotations.description).toContain(
      '{{ if eq $labels.handler "/api/export" }}5s{{ else if eq $labels.handler "/items/{id}" }}2s{{ else }}1s{{ end }}',
    );
  });

  it("renders the same rule whatever order the budgets were written in", () => {
    const a = alert(configWith({ application: { routeLatencyBudgets: { "/a": 2, "/b": 3 } } }), "HighLatencyP95");
    const b = alert(configWith({ application: { routeLatencyBudgets: { "/b": 3, "/a": 2 } } }), "HighLatencyP95");
    expect(b).toEqual(a);
  });

  it("scale for:, windows and the day-earlier offset under the fast timing", () => {
    const config = configWith({});
    expect(alert(config, "HighErrorRate", FAST).for).toBe("5s");
    expect(alert(config, "HighLatencyP95", FAST).for).toBe("10s");
    expect(alert(config, "LatencyRegression", FAST).expr).toContain("[1m] offset 24m");
  });

  it.each([
    [{ errorRatio: 2 }, "alerts.application.errorRatio: expected a ratio of at most 1 (1 = 100%)"],
    [{ latencyP95Seconds: -1 }, "alerts.application.latencyP95Seconds: expected a number above 0"],
    [{ routeLatencyBudgets: { "/api/export": 0 } }, "alerts.application.routeLatencyBudgets./api/export: expected a number above 0"],
    [{ errorWindow: "0s" }, "alerts.application.errorWindow: expected a duration above zero"],
  ])("reject the bad override %j, naming its path", (application, message) => {
    expect(() => configWith({ application })).toThrow(message);
  });
});

// The example stack sets no route budget, so the committed rules (application.test.yaml)
// cannot show one at work: this renders rules with a budget and runs promtool on them.
describe("a route latency budget, under promtool", () => {
  const PROMTOOL_TEST = `
rule_files: [application.yml]
evaluation_interval: 15s
tests:
  # /api/orders (default budget 1s) and /api/export (budget 5s) both at p95 2.4s: only
  # /api/orders is over its budget.
  - interval: 15s
    input_series:
${histogram("/api/orders", [10, 20, 100, 100, 100])}
${histogram("/api/export", [10, 20, 100, 100, 100])}
    alert_rule_test:
      - eval_time: 11m
        alertname: HighLatencyP95
        exp_alerts:
          - exp_labels: {severity: warning, component: shop, component_status: degraded_performance, job: shop, handler: /api/orders}
            exp_annotations:
              summary: p95 latency of shop /api/orders is 2.406s.
              description: 95% of requests to /api/orders (shop) took up to 2.406s over the last 5m, above the route's budget of 1s, for 10m.
              runbook_url: https://github.com/example-org/shop-monitoring/blob/main/docs/runbooks/HighLatencyP95.md
              dashboard_url: http://localhost:3000/d/vigil-api
              logs_url: http://localhost:3000/d/vigil-logs?var-service=shop
  # /api/export at p95 9.6s is over its own budget of 5s, and the description says 5s.
  - interval: 15s
    input_series:
${histogram("/api/export", [0, 0, 10, 100, 100])}
    alert_rule_test:
      - eval_time: 11m
        alertname: HighLatencyP95
        exp_alerts:
          - exp_labels: {severity: warning, component: shop, component_status: degraded_performance, job: shop, handler: /api/export}
            exp_annotations:
              summary: p95 latency of shop /api/export is 9.583s.
              description: 95% of requests to /api/export (shop) took up to 9.583s over the last 5m, above the route's budget of 5s, for 10m.
              runbook_url: https://github.com/example-org/shop-monitoring/blob/main/docs/runbooks/HighLatencyP95.md
              dashboard_url: http://localhost:3000/d/vigil-api
              logs_url: http://localhost:3000/d/vigil-logs?var-service=shop
`;

  it("fires for each route against its own budget", () => {
    const config = configWith({ application: { routeLatencyBudgets: { "/api/export": 5 } } });
    const rules = ruleArtifacts(config, dropletPlacement(), PRODUCTION).find((a) => a.path === "prometheus/rules/application.yml");
    const dir = mkdtempSync(join(tmpdir(), "vigil-route-budget-"));
    try {
      writeFileSync(join(dir, "application.yml"), rules!.content);
      writeFileSync(join(dir, "budget.test.yaml"), PROMTOOL_TEST);
      const result = spawnSync("promtool", ["test", "rules", "budget.test.yaml"], { cwd: dir, encoding: "utf8" });
      if (result.error) throw new Error(`promtool is not installed: run \`bash scripts/setup.sh\`: ${result.error.message}`);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Bucket series (le 0.5, 1, 2.5, 10, +Inf) growing by these counts every 15s. */
function histogram(handler: string, perStep: number[]): string {
  return ["0.5", "1", "2.5", "10", "+Inf"]
    .map(
      (le, i) =>
        `      - series: 'http_request_duration_seconds_bucket{job="shop", instance="10.110.0.5:8000", component="shop", handler="${handler}", method="GET", le="${le}"}'\n        values: "0+${perStep[i]}x100"`,
    )
    .join("\n");
}
