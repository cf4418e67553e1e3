import type { DashboardChange, DashboardsDiff } from "./dashboards";
import type { RuleFieldChange, RulesDiff, RuleView } from "./rules";

// The reviewer's summary as GitHub-flavoured markdown: one section for dashboards, one for
// rules, tables with before and after side by side, readable without opening the JSON.

/** Inline code in a table cell: pipes escaped, line breaks folded (PromQL spans lines). */
function code(text: string | undefined): string {
  if (text === undefined) return "—";
  const flat = text.replace(/\s*\n\s*/g, " ").trim().replace(/\|/g, "\\|");
  return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

/** Plain text in a table cell. */
function cell(text: string | undefined): string {
  if (text === undefined) return "—";
  return text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

function dashboardSection(change: DashboardChange): string[] {
  const lines = [`#### ${change.title} (\`${change.uid}\`)`, ""];
  if (change.previousTitle !== undefined) lines.push(`Retitled from “${change.previousTitle}”.`, "");

  const rows: string[][] = [
    ...change.rowsAdded.map((row) => ["row added", cell(row), ""]),
    ...change.rowsRemoved.map((row) => ["row removed", cell(row), ""]),
    ...change.panelsAdded.map((p) => ["added", cell(p.title), cell(`${p.type} in ${p.row ? `row “${p.row}”` : "the top row"}`)]),
    ...change.panelsRemoved.map((p) => ["removed", cell(p.title), cell(`${p.type}, was in ${p.row ? `row “${p.row}”` : "the top row"}`)]),
    ...change.retitled.map((r) => ["retitled", cell(r.after), cell(`was “${r.before}”`)]),
    ...change.moved.map((m) => ["moved", cell(m.panel), cell(`${m.from} → ${m.to}`)]),
    ...change.typeChanged.map((c) => ["type", cell(c.panel), `${code(c.before)} → ${code(c.after)}`]),
    ...change.units.map((c) => ["unit", cell(c.panel), `${code(c.before)} → ${code(c.after)}`]),
    ...change.thresholds.map((c) => ["thresholds", cell(c.panel), `${cell(c.before)} → ${cell(c.after)}`]),
  ];
  if (rows.length > 0) lines.push(...table(["Change", "Panel", "Details"], rows), "");

  if (change.queries.length > 0) {
    lines.push(
      "Queries changed:",
      "",
      ...table(
        ["Panel", "Query", "Before", "After"],
        change.queries.map((q) => [cell(q.panel), q.refId, code(q.before), code(q.after)]),
      ),
      "",
    );
  }
  return lines;
}

function dashboardsSection(diff: DashboardsDiff): string[] {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return ["### Dashboards", "", "No changes.", ""];
  const lines = ["### Dashboards", ""];
  for (const d of diff.added) lines.push(`- **Added** ${d.title} (\`${d.uid}\`), ${plural(d.panels, "panel")}`);
  for (const d of diff.removed) lines.push(`- **Removed** ${d.title} (\`${d.uid}\`), ${plural(d.panels, "panel")}`);
  if (diff.added.length + diff.removed.length > 0) lines.push("");
  for (const change of diff.changed) lines.push(...dashboardSection(change));
  return lines;
}

function ruleName(rule: RuleView): string {
  return `${rule.kind === "alert" ? "" : "recording rule "}**${rule.name}**`;
}

function ruleFacts(rule: RuleView): string {
  const facts = [
    rule.severity ? `severity ${rule.severity}` : undefined,
    rule.for ? `for ${rule.for}` : undefined,
    `group ${rule.group}`,
  ].filter(Boolean);
  return facts.join(", ");
}

function fieldCell(change: RuleFieldChange, side: "before" | "after"): string {
  const value = change[side];
  return change.field === "expr" ? code(value) : cell(value);
}

function rulesSection(diff: RulesDiff): string[] {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return ["### Alert rules", "", "No changes.", ""];
  const lines = ["### Alert rules", ""];
  const listed = [
    ...diff.added.map((rule) => ["added", ruleName(rule), cell(ruleFacts(rule)), code(rule.expr)]),
    ...diff.removed.map((rule) => ["removed", ruleName(rule), cell(ruleFacts(rule)), code(rule.expr)]),
  ];
  if (listed.length > 0) lines.push(...table(["Change", "Rule", "Details", "Expression"], listed), "");
  if (diff.changed.length > 0) {
    lines.push(
      "Changed:",
      "",
      ...table(
        ["Rule", "Field", "Before", "After"],
        diff.changed.flatMap(({ rule, changes }) =>
          changes.map((change) => [ruleName(rule), change.field, fieldCell(change, "before"), fieldCell(change, "after")]),
        ),
      ),
      "",
    );
  }
  return lines;
}

export interface Summary {
  /** What the comparison starts from (the git ref given on the command line). */
  base: string;
  /** What it ends at: a git ref, or the working tree. */
  head: string;
  dashboards: DashboardsDiff;
  rules: RulesDiff;
}

export function renderMarkdown(summary: Summary): string {
  const { dashboards, rules } = summary;
  const heading = `## Dashboards and alert rules: \`${summary.base}\` → ${summary.head === "working tree" ? "this change" : `\`${summary.head}\``}`;
  const counts = [
    `**Dashboards:** ${dashboards.added.length} added, ${dashboards.removed.length} removed, ${dashboards.changed.length} changed`,
    `**Rules:** ${rules.added.length} added, ${rules.removed.length} removed, ${rules.changed.length} changed`,
  ].join(" · ");
  const nothing =
    dashboards.added.length + dashboards.removed.length + dashboards.changed.length +
      rules.added.length + rules.removed.length + rules.changed.length === 0;
  if (nothing) return `${heading}\n\nNo changes to dashboards or alert rules.\n`;
  return [heading, "", counts, "", ...dashboardsSection(dashboards), ...rulesSection(rules)].join("\n").trimEnd() + "\n";
}
