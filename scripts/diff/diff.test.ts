import { describe, expect, it } from "vitest";
import * as units from "@grafana/grafana-foundation-sdk/units";
import { join } from "node:path";
import type { VigilConfig } from "../../core/config";
import { loadConfigFile } from "../../core/config";
import { dropletPlacement } from "../../core/placement";
import { PRODUCTION } from "../../core/timing";
import { finalizeDashboard, vigilDashboard } from "../../dashboards/defaults";
import { promQuery, row, timeseriesPanel } from "../../dashboards/panels";
import { synth } from "../../synth";
import { normalizedDashboard } from "../../synth/grafana";
import { diffDashboards } from "./dashboards";
import { renderMarkdown } from "./markdown";
import { diffRules } from "./rules";
import type { DashboardJson } from "./snapshot";
import type { Snapshot } from "./snapshot";
import { snapshotFromFiles } from "./snapshot";

// The diff on real edits: snapshots rendered by synth from the example stack (what
// generated/ holds), before and after a change a reviewer would see in a pull request.

const example = loadConfigFile(join(__dirname, "..", "..", "Pulumi.prod.yaml"));

function snapshotOf(config: VigilConfig): Snapshot {
  const files = synth(config, dropletPlacement(), PRODUCTION).map((a) => [`generated/${a.path}`, a.content] as const);
  return snapshotFromFiles(new Map(files));
}

function summary(before: Snapshot, after: Snapshot) {
  return {
    base: "main",
    head: "working tree",
    dashboards: diffDashboards(before.dashboards, after.dashboards),
    rules: diffRules(before.groups, after.groups),
  };
}

/** A copy of a snapshot with one dashboard edited as the code would have changed it. */
function editDashboard(snapshot: Snapshot, uid: string, edit: (model: DashboardJson) => void): Snapshot {
  const dashboards = new Map(snapshot.dashboards);
  const model = structuredClone(dashboards.get(uid)) as DashboardJson;
  edit(model);
  dashboards.set(uid, model);
  return { ...snapshot, dashboards };
}

const panelTitled = (model: DashboardJson, title: string) => {
  const panel = model.panels?.find((p) => p.type !== "row" && p.title === title);
  if (!panel) throw new Error(`no panel ${title}`);
  return panel;
};

describe("the dashboards and rules diff", () => {
  const before = snapshotOf(example);

  it("finds nothing between two renders of the same config", () => {
    const result = summary(before, snapshotOf(example));
    expect(result.dashboards).toEqual({ added: [], removed: [], changed: [] });
    expect(result.rules).toEqual({ added: [], removed: [], changed: [] });
    expect(renderMarkdown(result)).toBe("## Dashboards and alert rules: `main` → this change\n\nNo changes to dashboards or alert rules.\n");
  });

  it("shows a changed query as old and new PromQL side by side, and nothing else", () => {
    const after = editDashboard(before, "vigil-api", (model) => {
      const target = panelTitled(model, "Latency distribution").targets?.[0];
      if (target) target.expr = (target.expr ?? "").replace("increase(", "rate(");
    });
    const result = summary(before, after);
    const [change] = result.dashboards.changed;
    expect(result.dashboards.changed).toHaveLength(1);
    expect(change?.queries).toEqual([
      {
        panel: "Latency distribution",
        refId: "A",
        before: 'sum by (le) (increase(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))',
        after: 'sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))',
      },
    ]);
    expect(change?.moved).toEqual([]);
    expect(renderMarkdown(result)).toContain(
      '| Latency distribution | A | `sum by (le) (increase(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))` | `sum by (le) (rate(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval]))` |',
    );
  });

  it("reports a removed dashboard, and the rules that went with it", () => {
    const after = snapshotOf({ ...example, redis: undefined });
    const result = summary(before, after);
    expect(result.dashboards.removed).toEqual([{ uid: "vigil-redis", title: "shop — Redis", panels: 9 }]);
    expect(result.dashboards.added).toEqual([]);
    expect(result.rules.removed.map((rule) => rule.group)).toEqual(result.rules.removed.map(() => "redis"));
    expect(result.rules.removed.length).toBeGreaterThan(0);
    const markdown = renderMarkdown(result);
    expect(markdown).toContain("- **Removed** shop — Redis (`vigil-redis`), 9 panels");
    expect(markdown).toContain("**Dashboards:** 0 added, 1 removed");
  });

  it("reports a changed alert threshold in the rule's expression and in the panels that draw it", () => {
    const stricter = {
      ...example,
      alerts: { ...example.alerts, application: { ...example.alerts.application, errorRatio: 0.02 } },
    };
    const result = summary(before, snapshotOf(stricter));
    const highErrorRate = result.rules.changed.find((change) => change.rule.name === "HighErrorRate");
    expect(highErrorRate?.changes.map((c) => c.field)).toContain("expr");
    const expr = highErrorRate?.changes.find((c) => c.field === "expr");
    expect(expr?.before).toMatch(/> 0\.01$/);
    expect(expr?.after).toMatch(/> 0\.02$/);
    const thresholds = result.dashboards.changed.flatMap((change) => change.thresholds.map((t) => `${change.uid}: ${t.panel}: ${t.before} → ${t.after}`));
    expect(thresholds).toContain("vigil-api: Errors: green, red ≥ 0.01 → green, red ≥ 0.02");
    expect(thresholds).toContain("vigil-overview: Errors: green, red ≥ 0.01 → green, red ≥ 0.02");
    expect(renderMarkdown(result)).toMatch(/\| \*\*HighErrorRate\*\* \| expr \| `.*> 0\.01` \| `.*> 0\.02` \|/);
  });

  it("reports a changed `for` and severity", () => {
    const slower = { ...example, alerts: { ...example.alerts, targetDownFor: "10m" } };
    const result = summary(before, snapshotOf(slower));
    const targetDown = result.rules.changed.find((change) => change.rule.name === "TargetDown");
    expect(targetDown?.changes.find((c) => c.field === "for")).toEqual({ field: "for", before: "5m", after: "10m" });

    const groups = structuredClone(before.groups);
    const rule = groups.flatMap((g) => g.rules).find((r) => r.alert === "TargetDown");
    if (rule?.labels) rule.labels.severity = "critical";
    const severity = diffRules(before.groups, groups).changed[0]?.changes;
    expect(severity).toEqual([{ field: "severity", before: "warning", after: "critical" }]);
  });

  it("reports added rules with their severity, `for` and expression", () => {
    const groups = structuredClone(before.groups);
    const removed = groups[0]?.rules.pop();
    const diff = diffRules(groups, before.groups);
    expect(diff.added.map((rule) => rule.name)).toEqual([removed?.alert ?? removed?.record]);
    expect(diff.removed).toEqual([]);
  });

  it("calls a renamed panel retitled, not removed and added", () => {
    const after = editDashboard(before, "vigil-redis", (model) => {
      panelTitled(model, "Keys").title = "Keys stored";
    });
    const [change] = summary(before, after).dashboards.changed;
    expect(change?.retitled).toEqual([{ before: "Keys", after: "Keys stored" }]);
    expect(change?.panelsAdded).toEqual([]);
    expect(change?.panelsRemoved).toEqual([]);
  });

  it("reports a changed unit", () => {
    const after = editDashboard(before, "vigil-host", (model) => {
      const defaults = panelTitled(model, "Network").fieldConfig?.defaults;
      if (defaults) defaults.unit = "Bps";
    });
    expect(summary(before, after).dashboards.changed[0]?.units).toEqual([{ panel: "Network", before: "binBps", after: "Bps" }]);
  });
});

// Moves, on a dashboard built the way the real ones are: same builder, finalize pass and
// normalization as synth, two layouts of the same panels.

const panel = (title: string) =>
  timeseriesPanel({ title, description: `${title}.`, unit: units.Short }, [promQuery(`sum(rate(${title.toLowerCase()}_total[$__rate_interval]))`)]);

function layout(rows: Array<[string, string[]]>): DashboardJson {
  const board = vigilDashboard(example, "api", "Moves");
  for (const [rowTitle, titles] of rows) {
    board.withRow(row(rowTitle));
    for (const title of titles) board.withPanel(panel(title));
  }
  return normalizedDashboard(finalizeDashboard(board.build())) as DashboardJson;
}

function moves(before: DashboardJson, after: DashboardJson) {
  const diff = diffDashboards(new Map([["vigil-api", before]]), new Map([["vigil-api", after]]));
  return diff.changed[0];
}

describe("moved panels", () => {
  const original = layout([
    ["Traffic", ["Requests", "Errors", "Latency", "Saturation"]],
    ["Details", ["Routes"]],
  ]);

  it("reports the panel that changed places, not the ones that shifted around it", () => {
    const change = moves(original, layout([
      ["Traffic", ["Latency", "Requests", "Errors", "Saturation"]],
      ["Details", ["Routes"]],
    ]));
    expect(change?.moved).toEqual([{ panel: "Latency", from: "row “Traffic”, 12×8 at (0, 9)", to: "row “Traffic”, 12×8 at (0, 1)" }]);
    expect(change?.queries).toEqual([]);
  });

  it("reports a panel moved to another row", () => {
    const change = moves(original, layout([
      ["Traffic", ["Requests", "Errors", "Latency"]],
      ["Details", ["Routes", "Saturation"]],
    ]));
    expect(change?.moved.map((m) => m.panel)).toEqual(["Saturation"]);
    expect(change?.moved[0]?.to).toBe("row “Details”, 12×8 at (12, 18)");
  });

  it("does not call panels moved when one is added above them", () => {
    const change = moves(original, layout([
      ["Traffic", ["Throughput", "Requests", "Errors", "Latency", "Saturation"]],
      ["Details", ["Routes"]],
    ]));
    expect(change?.panelsAdded.map((p) => p.title)).toEqual(["Throughput"]);
    expect(change?.moved).toEqual([]);
  });
});
