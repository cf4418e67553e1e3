import { z } from "zod";
import { duration as promDuration, labelName, METRIC_NAME_PATTERN } from "../core/prometheus-names";
import { ALERT_COMPONENT_STATUSES, type AlertComponentStatus } from "../core/status-model";

// The typed model of Prometheus rule files. Rules are built as plain objects by the area
// modules and checked here, so a typo in a label or a missing annotation fails at synth
// time rather than when Prometheus loads the file on the droplet.

export const SEVERITIES = ["critical", "warning", "info", "none"] as const;
export type Severity = (typeof SEVERITIES)[number];


export const alertingRuleSchema = z
  .object({
    alert: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "alert names are UpperCamelCase"),
    expr: z.string().min(1),
    for: promDuration.optional(),
    labels: z
      .object({
        severity: z.enum(SEVERITIES),
        component: z.string().min(1).optional(),
        /** What the alert means for the status page's visitors (COMPONENT_STATUS_LABEL). */
        component_status: z.enum(ALERT_COMPONENT_STATUSES).optional(),
      })
      .catchall(z.string()),
    annotations: z
      .object({
        summary: z.string().min(1),
        description: z.string().min(1),
        runbook_url: z.url().optional(),
        dashboard_url: z.string().min(1).optional(),
        /** The Logs dashboard at the lines of the service the alert is about (links.ts). */
        logs_url: z.string().min(1).optional(),
      })
      .catchall(z.string()),
  })
  .strict()
  // Paging severity and public impact differ (a fast error-budget burn pages, yet most
  // requests still succeed), so each alert about a component says what visitors experience.
  .refine((rule) => rule.labels.component === undefined || rule.labels.component_status !== undefined, {
    path: ["labels", "component_status"],
    message: "an alert with a `component` declares the status it gives that component on the status page",
  });

/** The labels of an alert about a status-page component: which one, and what visitors experience. */
export interface VisitorLabels {
  component: string;
  component_status: AlertComponentStatus;
}

export function forVisitors(component: string, status: AlertComponentStatus): VisitorLabels {
  return { component, component_status: status };
}

export const recordingRuleSchema = z
  .object({
    record: z.string().regex(METRIC_NAME_PATTERN),
    expr: z.string().min(1),
    labels: z.record(labelName, z.string()).optional(),
  })
  .strict();

export const ruleGroupSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    interval: promDuration.optional(),
    rules: z.array(z.union([alertingRuleSchema, recordingRuleSchema])).min(1),
  })
  .strict();

export type AlertingRule = z.infer<typeof alertingRuleSchema>;
export type RecordingRule = z.infer<typeof recordingRuleSchema>;
export type Rule = AlertingRule | RecordingRule;
export type RuleGroup = z.infer<typeof ruleGroupSchema>;

export function isAlertingRule(rule: Rule): rule is AlertingRule {
  return "alert" in rule;
}

/** Checks a group; the error names the group and the rule. */
export function validateGroup(group: RuleGroup): RuleGroup {
  const result = ruleGroupSchema.safeParse(group);
  if (!result.success) {
    // A rule that fits neither shape fails the union as a whole; checked against the shape it
    // claims (an `alert` key means an alerting rule), its error names the field that is wrong.
    const issues = result.error.issues.flatMap((issue) => {
      const index = issue.path[1];
      const rule = issue.code === "invalid_union" && issue.path.length === 2 && typeof index === "number" ? group.rules[index] : undefined;
      if (!rule) return [issue];
      const specific = (isAlertingRule(rule) ? alertingRuleSchema : recordingRuleSchema).safeParse(rule);
      return specific.success ? [issue] : specific.error.issues.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
    });
    result.error.issues.splice(0, result.error.issues.length, ...issues);
    const where = (path: readonly PropertyKey[]) => {
      const index = path[1];
      const rule = typeof index === "number" ? group.rules[index] : undefined;
      const name = rule ? (isAlertingRule(rule) ? rule.alert : rule.record) : "";
      return `${group.name}${name ? `/${name}` : ""} ${path.slice(2).join(".")}`.trim();
    };
    throw new Error(
      `invalid rule group ${group.name}:\n${result.error.issues.map((i) => `  ${where(i.path)}: ${i.message}`).join("\n")}`,
    );
  }
  return result.data;
}
