// The rules of vigil's dashboard lint (lint.ts checks them), and how a dashboard declares
// that it breaks one on purpose. Definitions (defaults.ts) declare exceptions and the lint
// reads what defaults.ts builds, so the rules sit apart from both and imports run one way.

export const LINT_RULES = {
  "template-datasource": 'one Prometheus data source variable, named "datasource", labelled "Data source"; besides it at most the logs one, named "logs"',
  "panel-datasource": "every panel reads from the ${datasource} (PromQL) or ${logs} (LogsQL) variable, and its queries from the panel's",
  "target-rate-interval": "rate, irate and increase take $__rate_interval as their window",
  "target-counter-agg": "counters (_total) are only read through rate, irate or increase",
  "panel-title-description": "every panel has a title and a description",
  "panel-units": "every panel has a unit Grafana knows",
  "uid-stable": "a dashboard's uid comes from its file name and no two dashboards share one",
  "panel-ids": "panel ids are derived from the panel's title, so they are stable and unique",
  "alert-dashboard-links": "every dashboard_url an alert carries points to a dashboard that exists",
  "unused-exception": "every declared exception still excuses a violation",
} as const;
export type LintRule = keyof typeof LINT_RULES;

/** A rule a dashboard breaks on purpose, declared in its definition. */
export interface LintException {
  rule: LintRule;
  /** The panel's title. */
  panel: string;
  /** Why the rule does not fit this panel, for the reviewer. */
  reason: string;
}
