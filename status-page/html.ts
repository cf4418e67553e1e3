import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";
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
  type StatusState,
  worseStatus,
} from "../core/status-model";
import { clientScript } from "./client-script";
import { cspHash, escapeHtml } from "./escape";
import {
  fill,
  formatDay,
  formatDays,
  formatDaysAgo,
  formatList,
  formatMonth,
  formatTime,
  formatUptimeFigure,
  incidentName,
  LANGUAGE_NAMES,
  type Messages,
  messagesFor,
  type Template,
  updateBody,
} from "./i18n";
import { FEED_PATHS, HTML_PATHS, localizedPath, SUMMARY_PATH } from "./paths";
import { groupId } from "./statuspage-api";
import { STYLE } from "./style";
import { periodUptime } from "./uptime";

// The published HTML snapshots, one per language: complete without JavaScript. Pure: the
// same state, `now` and language always give the same bytes, so an unchanged page is not
// uploaded again.

/** Which of the two pages a document is (its name in every language, for links between them). */
type PageKind = keyof typeof HTML_PATHS;

interface Document {
  kind: PageKind;
  title: string;
  body: string;
  /** The page's refresh script, if it has one (the history page does not need it). */
  script?: string;
}

/**
 * SECURITY: the CSP allows only this page's own inline style and script, by hash (no
 * 'unsafe-inline'), fetches to its own origin, and nothing else: injected markup that got
 * past escaping still could not run or load anything.
 */
export function contentSecurityPolicy(script: string | undefined): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(STYLE)}`,
    `script-src ${script === undefined ? "'none'" : cspHash(script)}`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A template's text escaped for HTML, its placeholders replaced by HTML given as is. */
function fillHtml<P extends string>(template: Template<P>, values: Record<P, string>): string {
  // Escaping leaves the {name} placeholders as they are, so the result is still the template.
  return fill(escapeHtml(template as string) as unknown as Template<P>, values);
}

/** A <time> element with the machine-readable instant and the language's human form (zone stated). */
export function timeElement(iso: string, language: PageLanguage): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(iso, language))}</time>`;
}

/**
 * Search engines learn the other languages from the alternates (absolute, as they require);
 * x-default is the plain name, the stack's default language.
 */
function alternates(page: PageDefinition, kind: PageKind): string {
  const base = page.url.replace(/\/$/, "");
  const links = PAGE_LANGUAGES.map((language) => `<link rel="alternate" hreflang="${language}" href="${escapeHtml(`${base}/${localizedPath(HTML_PATHS[kind], language)}`)}">`);
  return [...links, `<link rel="alternate" hreflang="x-default" href="${escapeHtml(`${base}/${HTML_PATHS[kind]}`)}">`].join("");
}

/**
 * Plain links, so switching works without JavaScript; each name is marked in its own language.
 * The list sits in a closed <details>: the browser neither lays out nor shapes closed content, so
 * the first render draws only the current language's name instead of loading Han and Hangul
 * fonts for every page (measured: about half the page's first layout, in the status-page bench).
 */
function languageSwitcher(messages: Messages, current: PageLanguage, kind: PageKind): string {
  const items = PAGE_LANGUAGES.map((language) => {
    const attributes = `href="${localizedPath(HTML_PATHS[kind], language)}" hreflang="${language}" lang="${language}"${language === current ? ' aria-current="page"' : ""}`;
    return `<li><a ${attributes}>${escapeHtml(LANGUAGE_NAMES[language])}</a></li>`;
  });
  const label = escapeHtml(messages.page.languages);
  return `<nav class="languages" aria-label="${label}"><details><summary>${label}: <span lang="${current}">${escapeHtml(LANGUAGE_NAMES[current])}</span></summary><ul>${items.join("")}</ul></details></nav>`;
}

function layout(page: PageDefinition, language: PageLanguage, document: Document): string {
  const messages = messagesFor(language);
  const rss = localizedPath(FEED_PATHS.rss, language);
  const atom = localizedPath(FEED_PATHS.atom, language);
  const feedTitle = escapeHtml(fill(messages.feed.title, { title: page.title }));
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(document.script)}">
<title>${escapeHtml(document.title)}</title><link rel="icon" href="data:,">
${alternates(page, document.kind)}
<link rel="alternate" type="application/rss+xml" title="${feedTitle} (RSS)" href="${rss}">
<link rel="alternate" type="application/atom+xml" title="${feedTitle} (Atom)" href="${atom}">
<style>${STYLE}</style></head>
<body><a class="skip" href="#main">${escapeHtml(messages.page.skipToContent)}</a>
<header><h1><a href="${localizedPath(HTML_PATHS.index, language)}">${escapeHtml(page.title)}</a></h1>${languageSwitcher(messages, language, document.kind)}</header>
<main id="main">${document.body}</main>
<footer><a href="${localizedPath(HTML_PATHS.history, language)}">${escapeHtml(messages.page.incidentHistory)}</a> · <a href="${rss}">RSS</a> · <a href="${atom}">Atom</a> · <a href="${SUMMARY_PATH}">${escapeHtml(messages.page.jsonApi)}</a> · ${escapeHtml(messages.page.timesInUtc)}</footer>
${document.script === undefined ? "" : `<script>${document.script}</script>`}</body></html>
`;
}

export function incidentArticle(page: PageDefinition, incident: Incident, language: PageLanguage): string {
  const messages = messagesFor(language);
  const updates = [...incident.updates]
    .reverse()
    .map((update) => `<li><strong>${escapeHtml(messages.incidentStatus[update.status])}</strong> — ${escapeHtml(updateBody(update, page, language))} ${timeElement(update.createdAt, language)}</li>`)
    .join("");
  return `<article class="card" id="${escapeHtml(incident.id)}"><h3>${escapeHtml(incidentName(incident, page, language))}</h3><ol class="timeline">${updates}</ol></article>`;
}

function maintenanceArticle(page: PageDefinition, maintenance: Maintenance, now: Date, language: PageLanguage): string {
  const messages = messagesFor(language);
  const names = formatList(maintenance.componentIds.map((id) => page.components.find((component) => component.id === id)?.name ?? id), language);
  const status = messages.maintenanceStatus[maintenanceStatus(maintenance, now) === "in_progress" ? "in_progress" : "scheduled"];
  return `<article class="card" id="${escapeHtml(maintenance.id)}"><h3>${escapeHtml(maintenance.name)}</h3><p><strong>${escapeHtml(status)}</strong> · ${timeElement(maintenance.scheduledFor, language)} – ${timeElement(maintenance.scheduledUntil, language)}</p><p>${escapeHtml(maintenance.body)}</p><p class="muted">${escapeHtml(fill(messages.page.affects, { components: names }))}</p></article>`;
}

function barClass(day: DailyUptime): string {
  if (day.uptime === null) return "u-none";
  if (day.majorOutageSeconds > 0) return "u-major";
  if (day.partialOutageSeconds > 0) return "u-minor";
  return "u-ok";
}

function uptimeFigure(uptime: number | null, messages: Messages, language: PageLanguage): string {
  return uptime === null ? messages.page.noData : formatUptimeFigure(uptime, language);
}

function uptimeBars(days: DailyUptime[], language: PageLanguage): string {
  if (days.length === 0) return "";
  const messages = messagesFor(language);
  const figure = uptimeFigure(periodUptime(days), messages, language);
  const bars = days.map((day) => `<i class="${barClass(day)}" title="${escapeHtml(fill(messages.page.dayUptime, { date: formatDay(day.date, language), figure: uptimeFigure(day.uptime, messages, language) }))}"></i>`).join("");
  const label = fill(messages.page.uptimeSummary, { period: formatDays(days.length, language), figure });
  return `<div class="bars" role="img" aria-label="${escapeHtml(label)}">${bars}</div><div class="legend" aria-hidden="true"><span>${escapeHtml(formatDaysAgo(days.length, language))}</span><span>${escapeHtml(fill(messages.page.uptimeFigure, { figure }))}</span><span>${escapeHtml(messages.page.today)}</span></div>`;
}

function statusLabel(status: ComponentStatus, messages: Messages): string {
  return `<span class="st s-${status}">${escapeHtml(messages.componentStatus[status])}</span>`;
}

function componentItem(component: ComponentDefinition, status: ComponentStatus, uptime: DailyUptime[], language: PageLanguage): string {
  return `<div class="component" data-component="${escapeHtml(component.id)}"><div class="row"><span>${escapeHtml(component.name)}</span>${statusLabel(status, messagesFor(language))}</div>${component.description ? `<p class="muted">${escapeHtml(component.description)}</p>` : ""}${uptimeBars(uptime, language)}</div>`;
}

function componentsList(page: PageDefinition, state: StatusState, statuses: Record<string, ComponentStatus>, language: PageLanguage): string {
  const items: string[] = [];
  const doneGroups = new Set<string>();
  for (const component of page.components) {
    const item = (member: ComponentDefinition) => componentItem(member, statuses[member.id] ?? "operational", state.uptime[member.id] ?? [], language);
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
      `<li class="group"><details open><summary data-component="${escapeHtml(groupId(component.group))}"><span>${escapeHtml(component.group)}</span>${statusLabel(status, messagesFor(language))}</summary><ul>${members.map((member) => `<li>${item(member)}</li>`).join("")}</ul></details></li>`,
    );
  }
  return `<ul class="components">${items.join("")}</ul>`;
}

/** index.html in one language: the overall status, open incidents, maintenance, components with their uptime. */
export function renderStatusPage(page: PageDefinition, state: StatusState, now: Date, language: PageLanguage = page.language): string {
  const messages = messagesFor(language);
  const statuses = componentStatuses(page, state, now);
  const { indicator } = overallStatus(statuses, state);
  const description = messages.indicator[indicator];
  const open = state.incidents.filter(isOpen).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const maintenance = state.maintenances.filter((item) => maintenanceStatus(item, now) !== "completed").sort((a, b) => (a.scheduledFor < b.scheduledFor ? -1 : 1));
  const body = `
<section id="overall" class="overall i-${indicator}" role="status" aria-live="polite"><h2 id="overall-text">${escapeHtml(description)}</h2><p>${fillHtml(messages.page.updated, { time: `<span id="updated">${timeElement(state.updatedAt, language)}</span>` })}</p></section>
<section id="incidents" aria-labelledby="incidents-heading"${open.length === 0 ? " hidden" : ""}><h2 id="incidents-heading">${escapeHtml(messages.page.activeIncidents)}</h2><div id="incident-list">${open.map((incident) => incidentArticle(page, incident, language)).join("")}</div></section>
${maintenance.length > 0 ? `<section aria-labelledby="maintenance-heading"><h2 id="maintenance-heading">${escapeHtml(messages.page.scheduledMaintenance)}</h2>${maintenance.map((item) => maintenanceArticle(page, item, now, language)).join("")}</section>` : ""}
<section aria-labelledby="components-heading"><h2 id="components-heading">${escapeHtml(messages.page.components)}</h2>${componentsList(page, state, statuses, language)}</section>`;
  return layout(page, language, { kind: "index", title: fill(messages.page.statusTitle, { title: page.title, status: description }), body, script: clientScript(language) });
}

/** history.html in one language: every incident kept, newest first, grouped by month. */
export function renderHistoryPage(page: PageDefinition, state: StatusState, language: PageLanguage = page.language): string {
  const messages = messagesFor(language);
  const incidents = [...state.incidents].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  // Grouped by the UTC month's ISO form, named in the language when shown.
  const months = new Map<string, Incident[]>();
  for (const incident of incidents) {
    const month = incident.createdAt.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), incident]);
  }
  const sections = [...months.entries()]
    .map(([month, items]) => `<section><h2>${escapeHtml(formatMonth(`${month}-01T00:00:00Z`, language))}</h2>${items.map((incident) => incidentArticle(page, incident, language)).join("")}</section>`)
    .join("");
  const body = `<h2>${escapeHtml(messages.page.incidentHistory)}</h2>${sections || `<p class="muted">${escapeHtml(messages.page.noIncidents)}</p>`}`;
  return layout(page, language, { kind: "history", title: fill(messages.page.historyTitle, { title: page.title }), body });
}
