import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as units from "@grafana/grafana-foundation-sdk/units";
import type { DashboardFile } from "../core/dashboard-uids";
import { dashboardUid, dashboardUrl } from "../core/dashboard-uids";
import { allPanels, panelId, panelIdSeed, targetsOf } from "./defaults";
import type { LintException, LintRule } from "./lint-rules";
import { LOGS_DATASOURCE } from "./logs-queries";
import { DATASOURCE } from "./panels";
import { promqlReferences } from "./promql";

// vigil's dashboard lint, modelled on grafana/dashboard-linter and run over the built
// dashboard objects (dashboards/lint.test.ts runs it in `npm test`). A dashboard that breaks
// a rule on purpose declares it next to its layout, with the reason (LintException; the
// rules are listed in lint-rules.ts).

export interface Violation {
  rule: LintRule;
  /** The dashboard's uid (or the alert's group, for alert-dashboard-links). */
  dashboard: string;
  panel?: string;
  message: string;
}

/**
 * What the alert-link rule reads of a rule group: its name, and each alerting rule's name
 * and dashboard_url (recording rules carry neither). A shape of its own, so the lint takes
 * the groups alert-rules builds without depending on that folder.
 */
export interface LintRuleGroup {
  name: string;
  rules: ReadonlyArray<{ alert: string; annotations: { dashboard_url?: string } } | { record: string }>;
}

/** What the lint needs to know of a built dashboard. */
export interface LintTarget {
  file: DashboardFile;
  model: dashboard.Dashboard;
  exceptions?: LintException[];
}

const RATE_FUNCTIONS = new Set(["rate", "irate", "increase"]);
const KNOWN_UNITS = new Set<unknown>(Object.values(units));
/** Grafana's custom unit syntax: "suffix:req", "currency:€", "si:B"… */
const CUSTOM_UNIT = /^(suffix|prefix|si|count|currency|time):.+$/;

type AnyPanel = dashboard.Panel | dashboard.RowPanel;

function isRow(panel: AnyPanel): panel is dashboard.RowPanel {
  return panel.type === "row";
}

/** The data source variables a panel may read from: Prometheus's, or the logs' (LogsQL). */
const VARIABLE_DATASOURCES = [DATASOURCE, LOGS_DATASOURCE];

function variableDatasource(ref: { type?: string; uid?: string } | undefined) {
  return VARIABLE_DATASOURCES.find((known) => ref?.type === known.type && ref?.uid === known.uid);
}

/** The PromQL of a panel's Prometheus queries (a LogsQL query is not PromQL). */
function exprsOf(panel: dashboard.Panel): Array<{ refId: string; expr: string }> {
  return targetsOf(panel)
    .filter((target) => target.datasource?.type === DATASOURCE.type)
    .map((target) => ({ refId: target.refId ?? "?", expr: target.expr ?? "" }));
}

/** Rules about one panel's queries. */
function queryViolations(panel: dashboard.Panel): Array<Omit<Violation, "dashboard">> {
  const found: Array<Omit<Violation, "dashboard">> = [];
  const title = panel.title ?? "";
  for (const { refId, expr } of exprsOf(panel)) {
    const { metrics, ranges } = promqlReferences(expr);
    for (const range of ranges) {
      if (range.function && RATE_FUNCTIONS.has(range.function) && range.range !== "$__rate_interval") {
        found.push({
          rule: "target-rate-interval",
          panel: title,
          message: `query ${refId}: ${range.function}(…[${range.range}]) should use [$__rate_interval]`,
        });
      }
    }
    for (const reference of metrics) {
      if (reference.metric.endsWith("_total") && !reference.within.some((name) => RATE_FUNCTIONS.has(name))) {
        found.push({
          rule: "target-counter-agg",
          panel: title,
          message: `query ${refId}: counter ${reference.metric} is read without rate(), irate() or increase()`,
        });
      }
    }
  }
  return found;
}

function panelViolations(panel: AnyPanel): Array<Omit<Violation, "dashboard">> {
  const found: Array<Omit<Violation, "dashboard">> = [];
  const title = panel.title ?? "";
  if (!title.trim()) found.push({ rule: "panel-title-description", panel: title, message: `a ${panel.type} panel has no title` });
  if (isRow(panel)) return found;

  if (!panel.description?.trim()) {
    found.push({ rule: "panel-title-description", panel: title, message: "the panel has no description" });
  }
  const unit = panel.fieldConfig?.defaults?.unit;
  if (!unit) found.push({ rule: "panel-units", panel: title, message: "the panel has no unit" });
  else if (!KNOWN_UNITS.has(unit) && !CUSTOM_UNIT.test(unit)) {
    found.push({ rule: "panel-units", panel: title, message: `unit "${unit}" is not a Grafana unit` });
  }
  const source = variableDatasource(panel.datasource);
  if (!source) {
    found.push({ rule: "panel-datasource", panel: title, message: `the panel reads from ${JSON.stringify(panel.datasource)}, not \${datasource} or \${logs}` });
  }
  for (const target of targetsOf(panel)) {
    const targetSource = variableDatasource(target.datasource);
    if (targetSource === undefined || (source && targetSource !== source)) {
      found.push({
        rule: "panel-datasource",
        panel: title,
        message: `query ${target.refId ?? "?"} reads from ${JSON.stringify(target.datasource)}, not the panel's ${source ? JSON.stringify(source.uid) : "data source variable"}`,
      });
    }
  }
  return [...found, ...queryViolations(panel)];
}

function templateViolations(model: dashboard.Dashboard): Array<Omit<Violation, "dashboard">> {
  const variables = model.templating?.list ?? [];
  const datasources = variables.filter((variable) => variable.type === "datasource");
  const prometheus = datasources.filter((variable) => variable.query === DATASOURCE.type);
  const good = prometheus.filter((variable) => variable.name === "datasource" && variable.label === "Data source");
  // Besides Prometheus's, a dashboard may pick the logs data source, by the one name panels use.
  const others = datasources.filter((variable) => variable.query !== DATASOURCE.type);
  const badOthers = others.filter((variable) => !(variable.query === LOGS_DATASOURCE.type && `\${${variable.name}}` === LOGS_DATASOURCE.uid));
  const describe = (list: typeof datasources) => JSON.stringify(list.map(({ name, label, query }) => ({ name, label, query })));
  const found: Array<Omit<Violation, "dashboard">> = [];
  if (prometheus.length !== 1 || good.length !== 1) {
    found.push({
      rule: "template-datasource",
      message:
        prometheus.length === 0
          ? "the dashboard has no Prometheus data source variable"
          : `expected one data source variable named "datasource", labelled "Data source", of type prometheus; found ${describe(prometheus)}`,
    });
  }
  if (badOthers.length > 0 || others.length > 1) {
    found.push({
      rule: "template-datasource",
      message: `the only other data source variable may be the logs one (${LOGS_DATASOURCE.uid}, type ${LOGS_DATASOURCE.type}); found ${describe(others)}`,
    });
  }
  return found;
}

function idViolations(model: dashboard.Dashboard): Array<Omit<Violation, "dashboard">> {
  const found: Array<Omit<Violation, "dashboard">> = [];
  const seen = new Map<number, string>();
  for (const panel of allPanels(model)) {
    const title = panel.title ?? "";
    const expected = panelId(panelIdSeed(panel));
    if (panel.id !== expected) {
      found.push({ rule: "panel-ids", panel: title, message: `id ${String(panel.id)} is not the one derived from the title (${expected})` });
    }
    if (panel.id !== undefined) {
      const other = seen.get(panel.id);
      if (other !== undefined) found.push({ rule: "panel-ids", panel: title, message: `id ${panel.id} is also "${other}"'s` });
      seen.set(panel.id, title);
    }
  }
  return found;
}

/** Drops excused violations; an exception that excuses nothing is itself reported. */
function applyExceptions(violations: Violation[], exceptions: LintException[], uid: string): Violation[] {
  const used = new Set<LintException>();
  const kept = violations.filter((violation) => {
    const excuse = exceptions.find((e) => e.rule === violation.rule && e.panel === (violation.panel ?? ""));
    if (excuse) used.add(excuse);
    return !excuse;
  });
  for (const exception of exceptions) {
    if (!exception.reason.trim()) {
      kept.push({ rule: "unused-exception", dashboard: uid, panel: exception.panel, message: `the ${exception.rule} exception gives no reason` });
    } else if (!used.has(exception)) {
      kept.push({
        rule: "unused-exception",
        dashboard: uid,
        panel: exception.panel,
        message: `the ${exception.rule} exception excuses nothing any more; remove it`,
      });
    }
  }
  return kept;
}

/** The per-dashboard rules, with the dashboard's declared exceptions applied. */
export function lintDashboard(target: LintTarget): Violation[] {
  const uid = target.model.uid ?? "";
  const violations: Violation[] = [
    ...templateViolations(target.model),
    ...allPanels(target.model).flatMap(panelViolations),
    ...idViolations(target.model),
  ].map((violation) => ({ ...violation, dashboard: uid }));
  return applyExceptions(violations, target.exceptions ?? [], uid);
}

/** uid-stable: uids derived from the file name, unique across dashboards. */
export function lintUids(targets: LintTarget[]): Violation[] {
  const found: Violation[] = [];
  const files = new Map<string, DashboardFile>();
  for (const { file, model } of targets) {
    const uid = model.uid ?? "";
    if (uid !== dashboardUid(file)) {
      found.push({ rule: "uid-stable", dashboard: uid, message: `uid "${uid}" is not dashboardUid("${file}") = "${dashboardUid(file)}"` });
    }
    const other = files.get(uid);
    if (other !== undefined) found.push({ rule: "uid-stable", dashboard: uid, message: `uid "${uid}" is used by ${other} and ${file}` });
    files.set(uid, file);
  }
  return found;
}

/**
 * alert-dashboard-links: each alert's dashboard_url is the dashboardUrl of a built dashboard
 * (optionally followed by a slug, query or fragment).
 */
export function lintAlertLinks(targets: LintTarget[], groups: LintRuleGroup[], grafanaUrl: string): Violation[] {
  const urls = targets.map((target) => dashboardUrl(grafanaUrl, target.file));
  const pointsToDashboard = (url: string) =>
    urls.some((dashboard) => url.startsWith(dashboard) && /^(?:$|[/?#])/.test(url.slice(dashboard.length)));
  const uids = new Set(targets.map((target) => target.model.uid));
  const found: Violation[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      if (!("alert" in rule)) continue;
      const url = rule.annotations.dashboard_url;
      if (url === undefined) continue;
      if (!pointsToDashboard(url)) {
        found.push({
          rule: "alert-dashboard-links",
          dashboard: group.name,
          panel: rule.alert,
          message: `${rule.alert}'s dashboard_url ${url} points to no dashboard (built: ${[...uids].join(", ")})`,
        });
      }
    }
  }
  return found;
}

/** Every rule over every dashboard and the alerts that link to them. */
export function lintAll(targets: LintTarget[], groups: LintRuleGroup[], grafanaUrl: string): Violation[] {
  return [...targets.flatMap(lintDashboard), ...lintUids(targets), ...lintAlertLinks(targets, groups, grafanaUrl)];
}

export function formatViolations(violations: Violation[]): string {
  return violations
    .map((v) => `${v.dashboard}${v.panel ? ` › ${v.panel}` : ""}: [${v.rule}] ${v.message}`)
    .join("\n");
}
