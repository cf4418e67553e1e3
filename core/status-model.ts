// The status page's model: what the page knows and the Statuspage v2 enums it speaks.
// Everything here is plain data so the state file, the JSON API and the HTML are all
// derived from one value, and every change is a pure function of (state, input, now).
// Words for visitors are not here: status-page/i18n/ says them in each page language.

import type { PageLanguage } from "./page-languages";

/** Statuspage's component statuses, least to most severe (maintenance sits above operational). */
export const COMPONENT_STATUSES = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** Statuspage's incident statuses, in the order an incident usually moves through them. */
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuspage's maintenance statuses. */
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

/** Statuspage's impact / indicator values, least to most severe. */
export const IMPACTS = ["none", "maintenance", "minor", "major", "critical"] as const;
export type Impact = (typeof IMPACTS)[number];

export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ComponentDefinition {
  /** The `component` label alerts carry; also the id in the JSON API. */
  id: string;
  name: string;
  description: string;
  /** Name of the group the component is shown under; absent = top level. */
  group?: string;
}

/** What the model needs from config; the exporter's config section maps onto it. */
export interface PageDefinition {
  id: string;
  title: string;
  /** Where visitors read the page (the CDN or custom domain), for links in feeds and JSON. */
  url: string;
  components: ComponentDefinition[];
  /** Component status an alert of each severity sets. */
  severityStatus: Record<Severity, ComponentStatus>;
  /** A group whose incident was resolved this recently is reopened instead of opening another. */
  reopenWindowSeconds: number;
  /** Resolved incidents older than this leave the state (and the history page). */
  historyDays: number;
  /** The stack's default language: the plain index.html, the feeds' plain names and the Statuspage JSON speak it. */
  language: PageLanguage;
}

/**
 * Text vigil writes itself (for incidents opened from alerts), kept as data so each language's
 * page says it in that language; `name` and `body` beside it hold the stack's default language
 * for readers of the state that do not translate. Component ids are looked up in the page
 * definition when rendered: their names are written by people and shown as written.
 */
export type GeneratedText =
  | { kind: "alertIncidentName"; components: string[] }
  | { kind: "alertInvestigating"; components: string[] }
  | { kind: "alertReturned" }
  | { kind: "alertResolved" }
  | { kind: "impactRaised"; status: ComponentStatus; components: string[] }
  | { kind: "impactLowered"; status: ComponentStatus; components: string[] };

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  /** Set when vigil wrote the body (see GeneratedText); absent for text a person wrote. */
  generated?: GeneratedText;
  createdAt: string;
}

/** Where an incident came from: an Alertmanager group, or a person through the CLI. */
export type IncidentSource = { kind: "alerts"; groupKey: string } | { kind: "manual" };

export interface Incident {
  id: string;
  name: string;
  /** Set when vigil named the incident; absent for a name a person wrote. */
  generatedName?: GeneratedText;
  status: IncidentStatus;
  impact: Exclude<Impact, "maintenance">;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  /** The components it concerns and the status it gives each while open. */
  components: Record<string, ComponentStatus>;
  updates: IncidentUpdate[];
  source: IncidentSource;
}

export interface Maintenance {
  id: string;
  name: string;
  body: string;
  scheduledFor: string;
  scheduledUntil: string;
  componentIds: string[];
  createdAt: string;
  updatedAt: string;
  /** The Alertmanager silence covering the window, once created. */
  silenceId: string | null;
  cancelled: boolean;
}

/** A component alert Alertmanager reported firing, keyed in the state by its fingerprint. */
export interface FiringAlert {
  component: string;
  severity: Severity;
  /**
   * What the alert means for visitors: its `component_status` label, declared per alert in
   * the rule catalog; the severity mapping when an alert does not declare one. Absent in
   * states saved before alerts declared it (the severity mapping applies then too).
   */
  componentStatus?: ComponentStatus;
  alertname: string;
  summary: string;
  startsAt: string;
  groupKey: string;
  /** When Alertmanager last reported it firing (it repeats firing alerts every repeat_interval). */
  lastNotifiedAt: string;
}

/** One day of one component: the fraction of the day it was up, or null when nothing was known. */
export interface DailyUptime {
  /** YYYY-MM-DD in UTC. */
  date: string;
  uptime: number | null;
  /**
   * Seconds of the day Prometheus observed the component: a recomputation that sees less of
   * the day (its data past retention) must not replace the figure kept. Absent in older states.
   */
  observedSeconds?: number;
  /** Seconds of major outage (full weight) and partial outage in the day, for the bar's tooltip. */
  majorOutageSeconds: number;
  partialOutageSeconds: number;
}

export interface StatusState {
  version: 1;
  /** Bumped by every change; ids are minted from it, so they stay unique across restarts. */
  sequence: number;
  updatedAt: string;
  incidents: Incident[];
  maintenances: Maintenance[];
  firingAlerts: Record<string, FiringAlert>;
  uptime: Record<string, DailyUptime[]>;
}

export function emptyState(now: Date): StatusState {
  return { version: 1, sequence: 0, updatedAt: now.toISOString(), incidents: [], maintenances: [], firingAlerts: {}, uptime: {} };
}

/** The worse of two statuses. */
export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return COMPONENT_STATUSES.indexOf(a) >= COMPONENT_STATUSES.indexOf(b) ? a : b;
}

export function worseImpact<T extends Impact>(a: T, b: T): T {
  return IMPACTS.indexOf(a) >= IMPACTS.indexOf(b) ? a : b;
}

/** The impact an incident has when its worst component is in this status. */
export const IMPACT_OF_STATUS: Record<ComponentStatus, Exclude<Impact, "maintenance">> = {
  operational: "none",
  under_maintenance: "none",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

/**
 * The label an alert declares its public meaning with (a ComponentStatus). A label, not an
 * annotation, so that Prometheus's ALERTS series carries it and the uptime history counts
 * each alert as the page showed it.
 */
export const COMPONENT_STATUS_LABEL = "component_status";

/** Statuses an alert may declare: maintenance is the page's own (windows), never an alert's. */
export const ALERT_COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage"] as const satisfies readonly ComponentStatus[];
export type AlertComponentStatus = (typeof ALERT_COMPONENT_STATUSES)[number];

/** A declared status label's value, if it is one an alert may declare. */
export function declaredStatus(label: string | undefined): ComponentStatus | undefined {
  return ALERT_COMPONENT_STATUSES.find((status) => status === label);
}

/** What a firing alert does to its component: as declared, else by severity (config). */
export function statusOfAlert(page: PageDefinition, alert: Pick<FiringAlert, "severity" | "componentStatus">): ComponentStatus {
  return alert.componentStatus ?? page.severityStatus[alert.severity];
}

export const DEFAULT_SEVERITY_STATUS: Record<Severity, ComponentStatus> = {
  critical: "major_outage",
  warning: "partial_outage",
  info: "degraded_performance",
};

/** Mints the next id (stable, sortable, unique per state) and bumps the sequence. */
export function nextId(state: StatusState, prefix: string): [StatusState, string] {
  const sequence = state.sequence + 1;
  return [{ ...state, sequence }, `${prefix}${sequence.toString(36).padStart(6, "0")}`];
}

export function isOpen(incident: Incident): boolean {
  return incident.status !== "resolved" && incident.status !== "postmortem";
}

/** A maintenance's status at `now`, derived from its window. */
export function maintenanceStatus(maintenance: Maintenance, now: Date): MaintenanceStatus {
  const start = Date.parse(maintenance.scheduledFor);
  const end = Date.parse(maintenance.scheduledUntil);
  if (maintenance.cancelled || now.getTime() >= end) return "completed";
  return now.getTime() >= start ? "in_progress" : "scheduled";
}

/**
 * Each defined component's status at `now`: the worst of its firing alerts (severity mapped
 * through config), the open incidents that name it, and a maintenance in progress.
 */
export function componentStatuses(page: PageDefinition, state: StatusState, now: Date): Record<string, ComponentStatus> {
  const statuses: Record<string, ComponentStatus> = Object.fromEntries(page.components.map((component) => [component.id, "operational" as ComponentStatus]));
  const raise = (id: string, status: ComponentStatus) => {
    const current = statuses[id];
    if (current !== undefined) statuses[id] = worseStatus(current, status);
  };
  for (const alert of Object.values(state.firingAlerts)) raise(alert.component, statusOfAlert(page, alert));
  for (const incident of state.incidents.filter(isOpen)) {
    for (const [id, status] of Object.entries(incident.components)) raise(id, status);
  }
  for (const maintenance of state.maintenances) {
    if (maintenanceStatus(maintenance, now) !== "in_progress") continue;
    for (const id of maintenance.componentIds) raise(id, "under_maintenance");
  }
  return statuses;
}

export interface OverallStatus {
  indicator: Impact;
}

const INDICATOR_OF_STATUS: Record<ComponentStatus, Impact> = {
  operational: "none",
  under_maintenance: "maintenance",
  degraded_performance: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

/** The page's indicator: the worst component status or open incident impact. */
export function overallStatus(statuses: Record<string, ComponentStatus>, state: StatusState): OverallStatus {
  let indicator: Impact = "none";
  for (const status of Object.values(statuses)) indicator = worseImpact(indicator, INDICATOR_OF_STATUS[status]);
  for (const incident of state.incidents.filter(isOpen)) indicator = worseImpact<Impact>(indicator, incident.impact);
  return { indicator };
}
