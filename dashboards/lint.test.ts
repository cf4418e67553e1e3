import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as units from "@grafana/grafana-foundation-sdk/units";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ruleGroups } from "../alert-rules";
import { logAlertGroups } from "../alert-rules/logs";
import type { RuleGroup } from "../alert-rules/model";
import type { VigilConfig } from "../core/config";
import { loadConfigFile, parseConfig, rawFromDocument } from "../core/config";
import { VICTORIA_LOGS_DATASOURCE_TYPE } from "../core/catalog";
import { DASHBOARD_FILES, dashboardUid } from "../core/dashboard-uids";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { LOCAL_CONFIG_FILE, localConfigAt } from "../scripts/local/config";
import { allPanels, finalizeDashboard, panelId, vigilDashboard } from "./defaults";
import type { BuiltDashboard } from "./index";
import { buildDashboards } from "./index";
import type { LintTarget, Violation } from "./lint";
import { formatViolations, lintAlertLinks, lintAll, lintDashboard, lintUids } from "./lint";
import type { LintException } from "./lint-rules";
import { LINT_RULES } from "./lint-rules";
import { LOGS_DATASOURCE, logsDatasourceVariable, logStatsQuery } from "./logs-queries";
import { promQuery, row, statPanel, timeseriesPanel } from "./panels";

const ROOT = join(__dirname, "..");
const GRAFANA_URL = dropletPlacement().externalUrls.grafana;

const exampleConfig = loadConfigFile(join(ROOT, "Pulumi.prod.yaml"));
/** The example stack's dashboards, built once for the tests that only read them. */
const exampleDashboards = buildDashboards(exampleConfig);

/** The local stack's config with made-up ports (no dashboard query contains a port). */
function localConfig(extra: Record<string, unknown> = {}): VigilConfig {
  const raw = localConfigAt(18_000);
  return parseConfig({ ...raw, ...extra }, LOCAL_CONFIG_FILE);
}

/** The example stack with the SaaS preset switched on, so its panels are linted too. */
function presetConfig(): VigilConfig {
  const raw = rawFromDocument(parseYaml(readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8"))) as Record<string, unknown>;
  const business = (raw.business as Record<string, unknown> | undefined) ?? {};
  return parseConfig({ ...raw, business: { ...business, saasPreset: true } }, "example with the preset");
}

function targets(built: BuiltDashboard[]): LintTarget[] {
  return built.map(({ definition, model, exceptions }) => ({ file: definition.file, model, exceptions }));
}

function lintConfig(config: VigilConfig): Violation[] {
  const groups = [...ruleGroups(config, PRODUCTION, GRAFANA_URL), ...logAlertGroups(config, PRODUCTION, GRAFANA_URL)];
  return lintAll(targets(buildDashboards(config)), groups, GRAFANA_URL);
}

describe("vigil's dashboards", () => {
  it.each([
    ["the example stack", () => exampleConfig],
    ["the example stack with the SaaS preset", presetConfig],
    ["the local stack", () => localConfig()],
  ])("pass every lint rule for %s", (_name, config) => {
    const violations = lintConfig(config());
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it("are all ten, one per file in DASHBOARD_FILES, for the example stack", () => {
    expect(exampleDashboards.map((b) => b.definition.file).sort()).toEqual([...DASHBOARD_FILES].sort());
    expect(exampleDashboards.map((b) => b.model.uid).sort()).toEqual(DASHBOARD_FILES.map(dashboardUid).sort());
  });

  it("link the overview to every other dashboard", () => {
    const overview = exampleDashboards.find((b) => b.definition.file === "overview")?.model;
    const urls = (overview?.links ?? []).map((link) => link.url);
    for (const other of exampleDashboards.filter((b) => b.definition.file !== "overview")) {
      expect(urls).toContain(`/d/${other.model.uid}`);
    }
  });

  it("share one link set to all vigil dashboards", () => {
    for (const { model } of exampleDashboards) {
      expect(model.links?.filter((link) => link.type === "dashboards")).toEqual([
        expect.objectContaining({ tags: ["vigil"], asDropdown: true }),
      ]);
    }
  });

  it("build to the same objects every time", () => {
    expect(JSON.stringify(buildDashboards(exampleConfig).map((b) => b.model))).toBe(
      JSON.stringify(buildDashboards(exampleConfig).map((b) => b.model)),
    );
  });

  it("leave out the PostgreSQL and Redis dashboards when the config has no database to watch", () => {
    const config = { ...localConfig(), postgres: undefined, redis: undefined };
    const files = buildDashboards(config).map((b) => b.definition.file);
    expect(files).not.toContain("postgres");
    expect(files).not.toContain("redis");
    const overview = buildDashboards(config).find((b) => b.definition.file === "overview")?.model;
    expect(overview?.links?.map((link) => link.url)).not.toContain("/d/vigil-postgres");
  });

  it("take the application's metric and label names from config", () => {
    const config = localConfig({
      app: {
        name: "shop",
        publicUrl: "http://127.0.0.1:1/",
        metricsTargets: ["127.0.0.1:1"],
        httpMetrics: { requestsTotal: "shop_requests_total", requestDuration: "shop_latency_seconds", routeLabel: "path" },
      },
    });
    const api = JSON.stringify(buildDashboards(config).find((b) => b.definition.file === "api")?.model);
    expect(api).toContain('shop_requests_total{job=\\"shop\\"');
    expect(api).toContain("shop_latency_seconds_bucket");
    expect(api).toContain("sum by (path)");
    expect(api).not.toContain("http_requests_total");
  });
});

// Each rule, shown to catch what it is there for, on a dashboard built with the same
// defaults as the real ones and one thing broken.

function board(build: (b: dashboard.DashboardBuilder) => dashboard.DashboardBuilder, config = exampleConfig) {
  return finalizeDashboard(build(vigilDashboard(config, "api", "Lint fixture")).build());
}

const GOOD = { title: "Requests", description: "Requests per second.", unit: units.RequestsPerSecond };
const goodQuery = () => promQuery('sum(rate(http_requests_total{job="shop"}[$__rate_interval]))');

function lintOne(model: dashboard.Dashboard, exceptions: LintException[] = []): Violation[] {
  return lintDashboard({ file: "api", model, exceptions });
}

const rulesOf = (violations: Violation[]) => violations.map((violation) => violation.rule);

describe("the lint", () => {
  it("passes a dashboard built with the shared factories", () => {
    expect(lintOne(board((b) => b.withRow(row("Traffic")).withPanel(timeseriesPanel(GOOD, [goodQuery()]))))).toEqual([]);
  });

  it("template-datasource: wants the datasource variable, labelled Data source", () => {
    const model = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    const missing = { ...model, templating: { list: [] } };
    const mislabelled = {
      ...model,
      templating: { list: [new dashboard.DatasourceVariableBuilder("datasource").label("Prometheus").type("prometheus").build()] },
    };
    const twice = {
      ...model,
      templating: { list: [...(model.templating?.list ?? []), new dashboard.DatasourceVariableBuilder("ds").label("Data source").type("prometheus").build()] },
    };
    for (const broken of [missing, mislabelled, twice]) expect(rulesOf(lintOne(broken))).toEqual(["template-datasource"]);
  });

  it("panel-datasource: refuses a panel or a query bound to a fixed data source", () => {
    const fixed = { type: "prometheus", uid: "vigil-prometheus" };
    const panelFixed = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()]).datasource(fixed)));
    const queryFixed = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery().datasource(fixed)])));
    expect(rulesOf(lintOne(panelFixed))).toEqual(["panel-datasource"]);
    expect(lintOne(queryFixed)).toEqual([expect.objectContaining({ rule: "panel-datasource", message: expect.stringContaining("query A") })]);
  });

  it("panel-datasource: takes a LogsQL panel on the logs variable, and refuses one that mixes data sources", () => {
    const logsPanel = () => timeseriesPanel(GOOD, [logStatsQuery("* | stats count() as lines", "")], LOGS_DATASOURCE);
    const withLogsVariable = (build: (b: dashboard.DashboardBuilder) => dashboard.DashboardBuilder) =>
      board((b) => build(b.withVariable(logsDatasourceVariable())));
    expect(lintOne(withLogsVariable((b) => b.withPanel(logsPanel())))).toEqual([]);
    // A LogsQL query under a Prometheus panel, and a logs panel bound to a fixed uid.
    const mixed = withLogsVariable((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery(), logStatsQuery("* | stats count() as lines", "")])));
    expect(lintOne(mixed)).toEqual([expect.objectContaining({ rule: "panel-datasource", message: expect.stringContaining("query B") })]);
    const fixed = withLogsVariable((b) => b.withPanel(logsPanel().datasource({ type: LOGS_DATASOURCE.type, uid: "vigil-logs" })));
    expect(lintOne(fixed)).toEqual([expect.objectContaining({ rule: "panel-datasource", message: expect.stringContaining("the panel reads from") })]);
  });

  it("template-datasource: allows the logs variable beside Prometheus's, and no other", () => {
    const model = board((b) => b.withVariable(logsDatasourceVariable()).withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    expect(lintOne(model)).toEqual([]);
    const renamed = board((b) =>
      b.withVariable(new dashboard.DatasourceVariableBuilder("vlogs").label("Logs").type(VICTORIA_LOGS_DATASOURCE_TYPE)).withPanel(timeseriesPanel(GOOD, [goodQuery()])),
    );
    const loki = board((b) => b.withVariable(new dashboard.DatasourceVariableBuilder("logs").label("Logs").type("loki")).withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    for (const broken of [renamed, loki]) expect(rulesOf(lintOne(broken))).toEqual(["template-datasource"]);
  });

  it("reads LogsQL as LogsQL: a stats pipe over a counter-like field name is no PromQL violation", () => {
    const query = logStatsQuery('level:~`^(error)$` | stats by (service) count() as requests_total', "{{service}}");
    const model = board((b) => b.withVariable(logsDatasourceVariable()).withPanel(timeseriesPanel(GOOD, [query], LOGS_DATASOURCE)));
    expect(lintOne(model)).toEqual([]);
  });

  it("target-rate-interval: catches rate, irate and increase over a fixed window", () => {
    const model = board((b) =>
      b.withPanel(
        timeseriesPanel(GOOD, [
          promQuery('sum(rate(http_requests_total{job="shop"}[5m]))'),
          promQuery('sum(irate(http_requests_total{job="shop"}[1m]))'),
          promQuery('sum(increase(http_requests_total{job="shop", status=~"5.."}[1h]))'),
          // Not rate(): a fixed window is the point of predict_linear.
          promQuery("predict_linear(node_filesystem_avail_bytes[6h], 86400)"),
        ]),
      ),
    );
    const violations = lintOne(model);
    expect(rulesOf(violations)).toEqual(["target-rate-interval", "target-rate-interval", "target-rate-interval"]);
    expect(violations.map((v) => v.message)).toEqual([
      "query A: rate(…[5m]) should use [$__rate_interval]",
      "query B: irate(…[1m]) should use [$__rate_interval]",
      "query C: increase(…[1h]) should use [$__rate_interval]",
    ]);
  });

  it("target-counter-agg: catches a counter read without rate, irate or increase", () => {
    const model = board((b) =>
      b.withPanel(
        timeseriesPanel(GOOD, [
          promQuery('sum(http_requests_total{job="shop"})'),
          promQuery('count by (instance) (node_cpu_seconds_total{mode="idle"})'),
          // Fine: inside rate(), and a label named like a counter is not a metric.
          promQuery('sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))'),
          promQuery('sum by (errors_total) (rate(x_total{label="y_total"}[$__rate_interval]))'),
        ]),
      ),
    );
    expect(lintOne(model).map((v) => v.message)).toEqual([
      "query A: counter http_requests_total is read without rate(), irate() or increase()",
      "query B: counter node_cpu_seconds_total is read without rate(), irate() or increase()",
    ]);
  });

  it("panel-title-description: wants a title and a description", () => {
    const noDescription = board((b) => b.withPanel(timeseriesPanel({ ...GOOD, description: " " }, [goodQuery()])));
    const noTitle = board((b) => b.withPanel(timeseriesPanel({ ...GOOD, title: "" }, [goodQuery()])));
    expect(rulesOf(lintOne(noDescription))).toEqual(["panel-title-description"]);
    expect(rulesOf(lintOne(noTitle))).toContain("panel-title-description");
  });

  it("panel-units: wants a unit, and one Grafana knows", () => {
    const none = board((b) => b.withPanel(statPanel({ ...GOOD, unit: "" }, goodQuery())));
    const unknown = board((b) => b.withPanel(statPanel({ ...GOOD, unit: "requests" }, goodQuery())));
    const custom = board((b) => b.withPanel(statPanel({ ...GOOD, unit: "suffix: req" }, goodQuery())));
    expect(lintOne(none).map((v) => v.message)).toEqual(["the panel has no unit"]);
    expect(lintOne(unknown).map((v) => v.message)).toEqual(['unit "requests" is not a Grafana unit']);
    expect(lintOne(custom)).toEqual([]);
  });

  it("panel-ids: catches an id set by hand or shared", () => {
    const model = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])).withPanel(statPanel({ ...GOOD, title: "Other" }, goodQuery())));
    const panels = allPanels(model);
    (panels[0] as dashboard.Panel).id = 7;
    (panels[1] as dashboard.Panel).id = 7;
    const violations = lintOne(model);
    expect(rulesOf(violations)).toEqual(["panel-ids", "panel-ids", "panel-ids"]);
    expect(violations[2]?.message).toBe('id 7 is also "Requests"\'s');
  });

  it("panel-ids: ids come from titles, so adding a panel renumbers nothing", () => {
    const before = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    const after = board((b) => b.withPanel(statPanel({ ...GOOD, title: "New" }, goodQuery())).withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    const idOf = (model: dashboard.Dashboard) => allPanels(model).find((p) => p.title === "Requests")?.id;
    expect(idOf(after)).toBe(idOf(before));
    expect(idOf(before)).toBe(panelId("Requests"));
  });

  it("refuses two panels with one title when it assigns ids", () => {
    expect(() => board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])).withPanel(statPanel(GOOD, goodQuery())))).toThrow(
      'two panels are titled "Requests"',
    );
  });

  it("uid-stable: catches a uid not derived from the file, and a uid used twice", () => {
    const model = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    expect(lintUids([{ file: "api", model }])).toEqual([]);
    expect(rulesOf(lintUids([{ file: "api", model: { ...model, uid: "api-v2" } }]))).toEqual(["uid-stable"]);
    expect(rulesOf(lintUids([{ file: "api", model }, { file: "slo", model }]))).toEqual(["uid-stable", "uid-stable"]);
  });

  it("alert-dashboard-links: catches a dashboard_url that points to no dashboard", () => {
    const model = board((b) => b.withPanel(timeseriesPanel(GOOD, [goodQuery()])));
    const group = (url: string): RuleGroup => ({
      name: "application",
      rules: [
        {
          alert: "HighErrorRate",
          expr: "vector(1)",
          labels: { severity: "warning" },
          annotations: { summary: "s", description: "d", dashboard_url: url },
        },
      ],
    });
    expect(lintAlertLinks([{ file: "api", model }], [group(`${GRAFANA_URL}/d/vigil-api`)], GRAFANA_URL)).toEqual([]);
    const broken = lintAlertLinks([{ file: "api", model }], [group(`${GRAFANA_URL}/d/vigil-apis`)], GRAFANA_URL);
    expect(broken).toEqual([expect.objectContaining({ rule: "alert-dashboard-links", dashboard: "application", panel: "HighErrorRate" })]);
    expect(rulesOf(lintAlertLinks([{ file: "api", model }], [group("http://elsewhere/d/vigil-api")], GRAFANA_URL))).toEqual([
      "alert-dashboard-links",
    ]);
  });

  it("excuses a violation declared as an exception, and reports exceptions that excuse nothing", () => {
    const model = board((b) => b.withPanel(timeseriesPanel(GOOD, [promQuery('sum(rate(x_total{job="a"}[1d]))')])));
    const excuse: LintException = { rule: "target-rate-interval", panel: "Requests", reason: "a day is the unit" };
    expect(lintOne(model, [excuse])).toEqual([]);
    const stale: LintException = { rule: "panel-units", panel: "Requests", reason: "no longer needed" };
    expect(rulesOf(lintOne(model, [excuse, stale]))).toEqual(["unused-exception"]);
    expect(rulesOf(lintOne(model, [{ ...excuse, reason: "" }]))).toEqual(["unused-exception"]);
  });

  it("names every rule it checks", () => {
    expect(Object.keys(LINT_RULES)).toEqual([
      "template-datasource",
      "panel-datasource",
      "target-rate-interval",
      "target-counter-agg",
      "panel-title-description",
      "panel-units",
      "uid-stable",
      "panel-ids",
      "alert-dashboard-links",
      "unused-exception",
    ]);
  });
});
