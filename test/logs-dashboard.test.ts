// The Logs dashboard's LogsQL (dashboards/logs.ts) checked by a real LogsQL parser. No
// VictoriaLogs runs here (Debian does not package it), but Debian's vmalert links VictoriaLogs'
// own query parser for its vlogs rules, and `-dryRun` parses each rule's expression and exits.
// Every logs query of every dashboard, its Grafana variables filled in the ways Grafana fills
// them (All, one value, several, an empty text box, a value with regex metacharacters), goes
// through it as a rule; a broken query must fail, so the check is known to bite.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadConfigFile } from "../core/config";
import { LOGS_VARIABLES } from "../core/dashboard-uids";
import { allPanels } from "../dashboards/defaults";
import { buildDashboards } from "../dashboards/index";
import type { LogsQuery } from "../dashboards/logs-queries";
import { LOGS_DATASOURCE } from "../dashboards/logs-queries";
import { runTool, tempDirsRemovedAfterAll } from "./support/binaries";

const REPO_ROOT = join(__dirname, "..");
const tempDir = tempDirsRemovedAfterAll();
const built = buildDashboards(loadConfigFile(join(REPO_ROOT, "Pulumi.prod.yaml")));

interface FoundQuery {
  dashboard: string;
  panel: string;
  query: LogsQuery;
  variables: string[];
}

function logsQueries(): FoundQuery[] {
  return built.flatMap(({ model }) =>
    allPanels(model)
      .filter((panel): panel is dashboard.Panel => panel.type !== "row")
      .flatMap((panel) =>
        ((panel.targets ?? []) as unknown as LogsQuery[])
          .filter((target) => target.datasource?.type === LOGS_DATASOURCE.type)
          .map((query) => ({
            dashboard: model.uid ?? "",
            panel: panel.title ?? "",
            query,
            variables: (model.templating?.list ?? []).map((variable) => variable.name ?? ""),
          })),
      ),
  );
}

/** Grafana's regex format: metacharacters escaped, several values as (a|b), All as the allValue. */
function regexFormat(values: string[] | "All"): string {
  if (values === "All") return ".*";
  const escaped = values.map((value) => value.replace(/[\\^$*+?.()|[\]{}/]/g, "\\$&"));
  return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join("|")})`;
}

type Fill = Record<string, string[] | "All">;

const FILLS: Array<[string, Fill]> = [
  ["everything at All, the text boxes empty", { [LOGS_VARIABLES.service]: "All", level: "All", [LOGS_VARIABLES.requestId]: [""], [LOGS_VARIABLES.userId]: [""], search: [""] }],
  [
    "one service, two levels, a request id and a user id",
    { [LOGS_VARIABLES.service]: ["demo"], level: ["error", "warn"], [LOGS_VARIABLES.requestId]: ["4bf92f3577b34da6"], [LOGS_VARIABLES.userId]: ["u-42"], search: [""] },
  ],
  [
    "text with regex metacharacters, quotes and backslashes",
    { [LOGS_VARIABLES.service]: ["shop.api", "vigil-exporter"], level: ["50"], [LOGS_VARIABLES.requestId]: [""], [LOGS_VARIABLES.userId]: ['a"b'], search: ["GET /orders/(id)?x=1 \\d"] },
  ],
];

function filled(expr: string, fill: Fill): string {
  return expr.replace(/\$\{(\w+):regex\}|\$(\w+)/g, (whole, formatted: string | undefined, plain: string | undefined) => {
    const name = formatted ?? plain ?? "";
    const value = fill[name];
    if (value === undefined) throw new Error(`${expr}: no value for variable ${name}`);
    return formatted ? regexFormat(value) : value === "All" ? "*" : value.join(",");
  });
}

/** A vlogs rule file: vmalert wants each expression to end in a stats pipe, so log-line queries get one. */
function ruleFile(exprs: string[]): string {
  const rules = exprs.map((expr, index) => ({ alert: `LogsPanel${index}`, expr: / \| stats /.test(expr) ? expr : `${expr} | stats count() as lines` }));
  return stringify({ groups: [{ name: "logs-dashboard", type: "vlogs", interval: "1m", rules }] });
}

function dryRun(exprs: string[]) {
  const file = join(tempDir("vigil-logsql-"), "rules.yml");
  writeFileSync(file, ruleFile(exprs));
  return runTool("vmalert", ["-dryRun", `-rule=${file}`]);
}

describe("the Logs dashboard's LogsQL", () => {
  const found = logsQueries();

  it("has log lines and stats over time, all on the logs variable", () => {
    expect(found.map((f) => `${f.dashboard} › ${f.panel}: ${f.query.queryType}`)).toEqual([
      "vigil-logs › Log lines by level: statsRange",
      "vigil-logs › Error lines by service: statsRange",
      "vigil-logs › Log lines: instant",
    ]);
  });

  it("names only variables its dashboard defines", () => {
    for (const { query, variables, panel } of found) {
      const used = [...query.expr.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g)].map((match) => match[1] ?? match[2] ?? "");
      expect(used.filter((name) => !variables.includes(name)), panel).toEqual([]);
    }
  });

  it.each(FILLS)("parses with %s", (_name, fill) => {
    const result = dryRun(found.map(({ query }) => filled(query.expr, fill)));
    expect(result.status, result.output).toBe(0);
  });

  it("refuses a broken query, so the check bites", () => {
    const [first] = found;
    const [, everything] = FILLS[0] ?? [];
    if (!first || !everything) throw new Error("no logs query to break");
    const broken = filled(first.query.expr, everything).replace("_stream:{", "_stream:{{");
    const result = dryRun([broken]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/bad LogsQL expr/);
  });
});
