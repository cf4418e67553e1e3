import { CLIENT_SCRIPT } from "./client-script";
import { cspHash, escapeHtml, timeElement } from "./escape";
import {
  componentStatuses,
  type ComponentDefinition,
  type ComponentStatus,
  type DailyUptime,
  type Incident,
  isOpen,
  type Maintenance,
  maintenanceStatus,
  overallStatus,
  type PageDefinition,
  STATUS_LABELS,
  type StatusState,
  worseStatus,
} from "../core/status-model";
import { API_PATHS, groupId } from "./statuspage-api";
import { STYLE } from "./style";
import { formatUptime, periodUptime } from "./uptime";

// The published HTML snapshots: complete without JavaScript. Pure: the same state and `now`
// always give the same bytes, so an unchanged page is not uploaded again.

export const FEED_PATHS = { rss: "history.rss", atom: "history.atom" } as const;

interface Document {
  title: string;
  body: string;
  /** Whether the page carries the refresh script (the history page does not need it). */
  script: boolean;
}

/**
 * SECURITY: the CSP allows only this page's own inline style and script, by hash (no
 * 'unsafe-inline'), fetches to its own origin, and nothing else: injected markup that got
 * past escaping still could not run or load anything.
 */
export function contentSecurityPolicy(script: boolean): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(STYLE)}`,
    `script-src ${script ? cspHash(CLIENT_SCRIPT) : "'none'"}`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function layout(page: PageDefinition, document: Document): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(document.script)}">
<title>${escapeHtml(document.title)}</title><link rel="icon" href="data:,">
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(page.title)} incidents (RSS)" href="${FEED_PATHS.rss}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(page.title)} incidents (Atom)" href="${FEED_PATHS.atom}">
<style>${STYLE}</style></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><h1><a href="index.html">${escapeHtml(page.title)}</a></h1></header>
<main id="main">${document.body}</main>
<footer><a href="history.html">Incident history</a> · <a href="${FEED_PATHS.rss}">RSS</a> · <a href="${FEED_PATHS.atom}">Atom</a> · <a href="${API_PATHS.summary}">JSON API</a> · Times in UTC</footer>
${document.script ? `<script>${CLIENT_SCRIPT}</script>` : ""}</body></html>
`;
}

const UPDATE_LABELS: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  postmortem: "Postmortem",
};

export function incidentArticle(incident: Incident): string {
  const updates = [...incident.updates]
    .reverse()
    .map((update) => `<li><strong>${UPDATE_LABELS[update.status] ?? escapeHtml(update.status)}</strong> — ${escapeHtml(update.body)} ${timeElement(update.createdAt)}</li>`)
    .join("");
  return `<article class="card" id="${escapeHtml(incident.id)}"><h3>${escapeHtml(incident.name)}</h3><ol class="timeline">${updates}</ol></article>`;
}

function maintenanceArticle(page: PageDefinition, maintenance: Maintenance, now: Date): string {
  const names = maintenance.componentIds.map((id) => page.components.find((component) => component.id === id)?.name ?? id).join(", ");
  const status = maintenanceStatus(maintenance, now) === "in_progress" ? "In progress" : "Scheduled";
  return `<article class="card" id="${escapeHtml(maintenance.id)}"><h3>${escapeHtml(maintenance.name)}</h3><p><strong>${status}</strong> · ${timeElement(maintenance.scheduledFor)} – ${timeElement(maintenance.scheduledUntil)}</p><p>${escapeHtml(maintenance.body)}</p><p class="muted">Affects ${escapeHtml(names)}</p></article>`;
}

function barClass(day: DailyUptime): string {
  if (day.uptime === null) return "u-none";
  if (day.majorOutageSeconds > 0) return "u-major";
  if (day.partialOutageSeconds > 0) return "u-minor";
  return "u-ok";
}

function uptimeBars(days: DailyUptime[]): string {
  if (days.length === 0) return "";
  const figure = formatUptime(periodUptime(days));
  const bars = days.map((day) => `<i class="${barClass(day)}" title="${day.date}: ${formatUptime(day.uptime)}"></i>`).join("");
  return `<div class="bars" role="img" aria-label="Uptime over the last ${days.length} days: ${figure}">${bars}</div><div class="legend" aria-hidden="true"><span>${days.length} days ago</span><span>${figure} uptime</span><span>Today</span></div>`;
}

function componentItem(component: ComponentDefinition, status: ComponentStatus, uptime: DailyUptime[]): string {
  return `<div class="component" data-component="${escapeHtml(component.id)}"><div class="row"><span>${escapeHtml(component.name)}</span><span class="st s-${status}">${STATUS_LABELS[status]}</span></div>${component.description ? `<p class="muted">${escapeHtml(component.description)}</p>` : ""}${uptimeBars(uptime)}</div>`;
}

function componentsList(page: PageDefinition, state: StatusState, statuses: Record<string, ComponentStatus>): string {
  const items: string[] = [];
  const doneGroups = new Set<string>();
  for (const component of page.components) {
    const item = (member: ComponentDefinition) => componentItem(member, statuses[member.id] ?? "operational", state.uptime[member.id] ?? []);
    if (!component.group) {
      items.push(`<li>${item(component)}</li>`);
      continue;
    }
    if (doneGroups.has(component.group)) continue;
    doneGroups.add(component.group);
    const members = page.components.filter((member) => member.group === component.group);
    let status: ComponentStatus = "operational";
    for (const member of members) status = worseStatus(status, statuses[member.id] ?? "operational");
    items.push(
      `<li class="group"><details open><summary data-component="${escapeHtml(groupId(component.group))}"><span>${escapeHtml(component.group)}</span><span class="st s-${status}">${STATUS_LABELS[status]}</span></summary><ul>${members.map((member) => `<li>${item(member)}</li>`).join("")}</ul></details></li>`,
    );
  }
  return `<ul class="components">${items.join("")}</ul>`;
}

/** index.html: the overall status, open incidents, maintenance, components with their uptime. */
export function renderStatusPage(page: PageDefinition, state: StatusState, now: Date): string {
  const statuses = componentStatuses(page, state, now);
  const overall = overallStatus(statuses, state);
  const open = state.incidents.filter(isOpen).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const maintenance = state.maintenances.filter((item) => maintenanceStatus(item, now) !== "completed").sort((a, b) => (a.scheduledFor < b.scheduledFor ? -1 : 1));
  const body = `
<section id="overall" class="overall i-${overall.indicator}" role="status" aria-live="polite"><h2 id="overall-text">${overall.description}</h2><p>Updated <span id="updated">${timeElement(state.updatedAt)}</span></p></section>
<section id="incidents" aria-labelledby="incidents-heading"${open.length === 0 ? " hidden" : ""}><h2 id="incidents-heading">Active incidents</h2><div id="incident-list">${open.map(incidentArticle).join("")}</div></section>
${maintenance.length > 0 ? `<section aria-labelledby="maintenance-heading"><h2 id="maintenance-heading">Scheduled maintenance</h2>${maintenance.map((item) => maintenanceArticle(page, item, now)).join("")}</section>` : ""}
<section aria-labelledby="components-heading"><h2 id="components-heading">Components</h2>${componentsList(page, state, statuses)}</section>`;
  return layout(page, { title: `${page.title}: ${overall.description}`, body, script: true });
}

/** history.html: every incident kept, newest first, grouped by month. */
export function renderHistoryPage(page: PageDefinition, state: StatusState): string {
  const incidents = [...state.incidents].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const months = new Map<string, Incident[]>();
  for (const incident of incidents) {
    const month = new Date(incident.createdAt).toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
    months.set(month, [...(months.get(month) ?? []), incident]);
  }
  const sections = [...months.entries()].map(([month, items]) => `<section><h2>${escapeHtml(month)}</h2>${items.map(incidentArticle).join("")}</section>`).join("");
  const body = `<h2>Incident history</h2>${sections || '<p class="muted">No incidents reported.</p>'}`;
  return layout(page, { title: `${page.title}: incident history`, body, script: false });
}
