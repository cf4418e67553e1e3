import { generatedText } from "./i18n";
import { openIncident, updateIncident } from "./incidents";
import {
  type ComponentStatus,
  COMPONENT_STATUS_LABEL,
  declaredStatus,
  type FiringAlert,
  type GeneratedText,
  type Incident,
  isOpen,
  type PageDefinition,
  SEVERITIES,
  type Severity,
  statusOfAlert,
  type StatusState,
  worseStatus,
} from "../core/status-model";

// How Alertmanager's notifications move the page. Each alert with a `component` label sets
// that component's status while it fires, as the alert declares (its `component_status`
// label). A component has at most one open incident: alerts join it and leave it, raising
// and lowering its impact in place, and it resolves when the last of them stops firing.
//
// The status route groups by component, and a notification lists every alert of its group
// that Alertmanager lets through: an alert it holds back (inhibited by a worse one, or
// silenced) is missing from the list, so the page treats a missing alert as not firing.

/** The part of Alertmanager's webhook payload (version 4) the model reads. */
export interface AlertNotification {
  groupKey: string;
  alerts: Array<{
    status: "firing" | "resolved";
    labels: Record<string, string>;
    startsAt: string;
    fingerprint: string;
  }>;
}

export type AlertApplication =
  | { ok: true; state: StatusState; opened: Incident[]; resolved: Incident[] }
  | { ok: false; unknownComponents: string[] };

/** The severity label as the model knows it; anything else counts as the mildest. */
function severityOf(label: string | undefined): Severity {
  return SEVERITIES.find((severity) => severity === label) ?? "info";
}

/** Components named by alerts in the notification that the page does not define. */
export function unknownComponentsIn(page: PageDefinition, notification: AlertNotification): string[] {
  const known = new Set(page.components.map((component) => component.id));
  const named = notification.alerts.map((alert) => alert.labels.component).filter((id): id is string => Boolean(id));
  return [...new Set(named.filter((id) => !known.has(id)))].sort();
}

/**
 * Applies one notification. A notification naming an unknown component changes nothing
 * (the caller answers 422): half-applying it would leave an incident inconsistent.
 */
export function applyAlertNotification(page: PageDefinition, state: StatusState, notification: AlertNotification, now: Date): AlertApplication {
  const unknownComponents = unknownComponentsIn(page, notification);
  if (unknownComponents.length > 0) return { ok: false, unknownComponents };

  const firingAlerts = { ...state.firingAlerts };
  const touched = new Set<string>();
  const listed = new Set(notification.alerts.map((alert) => alert.fingerprint));
  for (const [fingerprint, alert] of Object.entries(firingAlerts)) {
    // Held back by Alertmanager (inhibited or silenced) since the group's last notification.
    if (alert.groupKey === notification.groupKey && !listed.has(fingerprint)) {
      delete firingAlerts[fingerprint];
      touched.add(alert.component);
    }
  }
  for (const alert of notification.alerts) {
    const component = alert.labels.component;
    if (!component) continue;
    touched.add(component);
    const known = firingAlerts[alert.fingerprint];
    if (alert.status === "firing") {
      firingAlerts[alert.fingerprint] = {
        component,
        severity: severityOf(alert.labels.severity),
        ...withDeclaredStatus(alert.labels[COMPONENT_STATUS_LABEL]),
        alertname: alert.labels.alertname ?? "",
        summary: "",
        startsAt: alert.startsAt,
        groupKey: notification.groupKey,
        lastNotifiedAt: now.toISOString(),
      };
    } else if (known && Date.parse(alert.startsAt) >= Date.parse(known.startsAt)) {
      // A resolution older than the firing we hold (delivered out of order after the alert
      // fired again) must not clear the newer firing.
      delete firingAlerts[alert.fingerprint];
    }
  }

  // Alertmanager repeats a firing group every repeat_interval: a repeat that changes nothing
  // visible keeps the page's updated_at, so "Updated" tells visitors when something changed.
  const visibleChange = firingSignature(page, state.firingAlerts) !== firingSignature(page, firingAlerts);
  const next: StatusState = { ...state, firingAlerts, updatedAt: visibleChange ? now.toISOString() : state.updatedAt };
  return { ok: true, ...followComponents(page, next, touched, notification.groupKey, now) };
}

/** Each touched component's incident brought in line with its firing alerts. */
function followComponents(page: PageDefinition, state: StatusState, components: Set<string>, groupKey: string, now: Date): { state: StatusState; opened: Incident[]; resolved: Incident[] } {
  let next = state;
  const opened: Incident[] = [];
  const resolved: Incident[] = [];
  for (const component of [...components].sort()) {
    const change = followComponent(page, next, component, groupKey, now);
    next = change.state;
    if (change.opened) opened.push(change.opened);
    if (change.resolved) resolved.push(change.resolved);
  }
  return { state: next, opened, resolved };
}

function withDeclaredStatus(label: string | undefined): { componentStatus?: ComponentStatus } {
  const status = declaredStatus(label);
  return status ? { componentStatus: status } : {};
}

interface ComponentChange {
  state: StatusState;
  opened?: Incident;
  resolved?: Incident;
}

/** The status the component's firing alerts give it, from every group. */
function alertStatusOf(page: PageDefinition, state: StatusState, component: string): ComponentStatus {
  let status: ComponentStatus = "operational";
  for (const alert of Object.values(state.firingAlerts)) {
    if (alert.component === component) status = worseStatus(status, statusOfAlert(page, alert));
  }
  return status;
}

/**
 * Brings the component's incident in line with its firing alerts: opens one (or continues one
 * that resolved moments ago), changes its impact in place with an update saying so, or
 * resolves it. An open incident a person wrote about the component is theirs: alerts do not
 * open a second one beside it, nor change or resolve it.
 */
function followComponent(page: PageDefinition, state: StatusState, component: string, groupKey: string, now: Date): ComponentChange {
  const status = alertStatusOf(page, state, component);
  const open = state.incidents.find((incident) => isOpen(incident) && component in incident.components);
  if (open?.source.kind === "manual") return { state };

  if (!open) {
    if (status === "operational") return { state };
    const components = { [component]: status };
    const recent = recentlyResolved(state, component, page.reopenWindowSeconds, now);
    if (recent) {
      // Flapping: the same component failing again soon after it recovered continues the
      // incident visitors already read, instead of opening a second one.
      const [reopened, incident] = updateIncident(state, recent.id, { status: "investigating", ...says(page, { kind: "alertReturned" }), components }, now);
      return { state: reopened, opened: incident };
    }
    const name: GeneratedText = { kind: "alertIncidentName", components: [component] };
    const body: GeneratedText = { kind: "alertInvestigating", components: [component] };
    const input = { name: defaultWords(page, name), body: defaultWords(page, body), components, generated: { name, body } };
    const [withIncident, incident] = openIncident(state, input, now, { kind: "alerts", groupKey });
    return { state: withIncident, opened: incident };
  }

  if (status === "operational") {
    const rest = Object.fromEntries(Object.entries(open.components).filter(([id]) => id !== component));
    if (Object.keys(rest).length === 0) {
      const [withResolution, incident] = updateIncident(state, open.id, { status: "resolved", ...says(page, { kind: "alertResolved" }) }, now);
      return { state: withResolution, resolved: incident };
    }
    return { state: changeImpact(page, state, open, rest, now) };
  }
  if (open.components[component] === status) return { state };
  return { state: changeImpact(page, state, open, { ...open.components, [component]: status }, now) };
}

/**
 * New component statuses for an open incident. When its worst status moves, visitors read
 * why in an update ("Impact raised to partial outage"); the incident keeps its status.
 */
function changeImpact(page: PageDefinition, state: StatusState, incident: Incident, components: Record<string, ComponentStatus>, now: Date): StatusState {
  const before = worstOf(incident.components);
  const after = worstOf(components);
  const ids = Object.keys(components).sort();
  if (before === after) {
    const updated = { ...incident, components, updatedAt: now.toISOString() };
    return { ...state, updatedAt: now.toISOString(), incidents: state.incidents.map((each) => (each.id === incident.id ? updated : each)) };
  }
  const raised = worseStatus(before, after) === after;
  const text: GeneratedText = { kind: raised ? "impactRaised" : "impactLowered", status: after, components: ids };
  return updateIncident(state, incident.id, { status: incident.status, ...says(page, text), components }, now)[0];
}

function worstOf(components: Record<string, ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = "operational";
  for (const status of Object.values(components)) worst = worseStatus(worst, status);
  return worst;
}

/** An update's body and the data it was written from. */
function says(page: PageDefinition, text: GeneratedText): { body: string; generated: GeneratedText } {
  return { body: defaultWords(page, text), generated: text };
}

/** What the page shows of the firing alerts: which fire, for which component, how badly. */
function firingSignature(page: PageDefinition, alerts: Record<string, FiringAlert>): string {
  return Object.entries(alerts)
    .map(([fingerprint, alert]) => `${fingerprint}:${alert.component}:${statusOfAlert(page, alert)}`)
    .sort()
    .join(",");
}

function recentlyResolved(state: StatusState, component: string, windowSeconds: number, now: Date): Incident | undefined {
  const since = now.getTime() - windowSeconds * 1_000;
  return state.incidents
    .filter((incident) => incident.source.kind === "alerts" && component in incident.components && incident.resolvedAt !== null && Date.parse(incident.resolvedAt) >= since)
    .at(-1);
}

// Public words only: alert summaries are written for engineers (thresholds, instances), so
// the page says what visitors experience and leaves the details to the people on call. The
// stored words are the stack's default language; each language's page says them afresh.
function defaultWords(page: PageDefinition, text: GeneratedText): string {
  return generatedText(text, page, page.language);
}

/**
 * Resolves alerts Alertmanager has not repeated for `maxAgeSeconds`: a resolution lost
 * while the exporter was down must not leave the public page showing an outage for ever.
 * Alertmanager repeats firing alerts every repeat_interval (15 minutes on the status route),
 * so an alert silent for several intervals has stopped firing.
 */
export function expireStaleAlerts(page: PageDefinition, state: StatusState, maxAgeSeconds: number, now: Date): StatusState {
  const cutoff = now.getTime() - maxAgeSeconds * 1_000;
  const stale = Object.entries(state.firingAlerts).filter(([, alert]) => Date.parse(alert.lastNotifiedAt) < cutoff);
  if (stale.length === 0) return state;
  const firingAlerts = Object.fromEntries(Object.entries(state.firingAlerts).filter(([, alert]) => Date.parse(alert.lastNotifiedAt) >= cutoff));
  const components = new Set(stale.map(([, alert]) => alert.component));
  return followComponents(page, { ...state, firingAlerts, updatedAt: now.toISOString() }, components, "", now).state;
}
