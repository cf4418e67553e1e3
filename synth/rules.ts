import { ruleGroups } from "../alert-rules";
import type { Rule } from "../alert-rules/model";
import { isAlertingRule } from "../alert-rules/model";
import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import type { Timing } from "../core/timing";
import type { Artifact } from "./artifact";
import { yamlArtifact } from "./artifact";

/** Fixed key order, so that a change to one field is a one-line diff. */
export function orderedRule(rule: Rule): Record<string, unknown> {
  if (!isAlertingRule(rule)) {
    return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: rule.labels } : {}) };
  }
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: sortedRecord(rule.labels),
    annotations: sortedRecord(rule.annotations),
  };
}

function sortedRecord(record: Record<string, string | undefined>): Record<string, string> {
  const entries = Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One rule file per group: prometheus/rules/<group>.yml. */
export function ruleArtifacts(config: VigilConfig, placement: Placement, timing: Timing): Artifact[] {
  return ruleGroups(config, timing, placement.externalUrls.grafana).map((group) =>
    yamlArtifact(`prometheus/rules/${group.name}.yml`, {
      groups: [
        {
          name: group.name,
          ...(group.interval ? { interval: group.interval } : {}),
          rules: group.rules.map(orderedRule),
        },
      ],
    }),
  );
}
