import type { AlertingRule, RuleGroup } from "./model";
import { isAlertingRule } from "./model";

// Runbook (and dashboard) links are added here, in one pass over every group, so no alert
// carries them by hand and none can be forgotten (kubernetes-mixin's add-runbook-links).

export function runbookUrl(baseUrl: string, alert: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${alert}.md`;
}

export function withRunbookLinks(groups: RuleGroup[], baseUrl: string): RuleGroup[] {
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) => (isAlertingRule(rule) ? addRunbook(rule, baseUrl) : rule)),
  }));
}

function addRunbook(rule: AlertingRule, baseUrl: string): AlertingRule {
  if (rule.annotations.runbook_url) return rule;
  return { ...rule, annotations: { ...rule.annotations, runbook_url: runbookUrl(baseUrl, rule.alert) } };
}
