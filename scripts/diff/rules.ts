import type { RuleGroupJson, RuleJson } from "./snapshot";

// What changed in the committed alert and recording rules: rules added and removed, and
// for the others the expression, `for`, severity, and any other label or annotation.
// Rules are matched by name (an alert's name is what Alertmanager and the runbooks know it
// by); a name used twice is matched in order of appearance.

export interface RuleView {
  name: string;
  kind: "alert" | "record";
  group: string;
  expr: string;
  for: string | undefined;
  severity: string | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleFieldChange {
  field: "expr" | "for" | "severity" | "group" | `label ${string}` | `annotation ${string}`;
  before: string | undefined;
  after: string | undefined;
}

export interface RuleChange {
  rule: RuleView;
  changes: RuleFieldChange[];
}

export interface RulesDiff {
  added: RuleView[];
  removed: RuleView[];
  changed: RuleChange[];
}

function view(group: string, rule: RuleJson): RuleView {
  const { severity, ...labels } = rule.labels ?? {};
  return {
    name: rule.alert ?? rule.record ?? "",
    kind: rule.alert !== undefined ? "alert" : "record",
    group,
    expr: rule.expr,
    for: rule.for,
    severity,
    labels,
    annotations: rule.annotations ?? {},
  };
}

/** Every rule, keyed by kind, name and occurrence ("alert:TargetDown#0"). */
function keyed(groups: RuleGroupJson[]): Map<string, RuleView> {
  const seen = new Map<string, number>();
  const rules = new Map<string, RuleView>();
  for (const group of groups) {
    for (const rule of group.rules) {
      const ruleView = view(group.name, rule);
      const base = `${ruleView.kind}:${ruleView.name}`;
      const occurrence = seen.get(base) ?? 0;
      seen.set(base, occurrence + 1);
      rules.set(`${base}#${occurrence}`, ruleView);
    }
  }
  return rules;
}

function recordChanges(
  field: (key: string) => RuleFieldChange["field"],
  before: Record<string, string>,
  after: Record<string, string>,
): RuleFieldChange[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .filter((key) => before[key] !== after[key])
    .map((key) => ({ field: field(key), before: before[key], after: after[key] }));
}

export function diffRules(before: RuleGroupJson[], after: RuleGroupJson[]): RulesDiff {
  const old = keyed(before);
  const now = keyed(after);
  const diff: RulesDiff = { added: [], removed: [], changed: [] };
  for (const [key, rule] of old) if (!now.has(key)) diff.removed.push(rule);
  for (const [key, rule] of now) {
    const was = old.get(key);
    if (!was) {
      diff.added.push(rule);
      continue;
    }
    const changes: RuleFieldChange[] = [];
    for (const field of ["expr", "for", "severity", "group"] as const) {
      if (was[field] !== rule[field]) changes.push({ field, before: was[field], after: rule[field] });
    }
    changes.push(...recordChanges((k) => `label ${k}`, was.labels, rule.labels));
    changes.push(...recordChanges((k) => `annotation ${k}`, was.annotations, rule.annotations));
    if (changes.length > 0) diff.changed.push({ rule, changes });
  }
  return diff;
}
