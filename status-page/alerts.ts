import { openIncident, updateIncident } from "./incidents";
import {
  type ComponentStatus,
  type FiringAlert,
  type Incident,
  isOpen,
  type PageDefinition,
  SEVERITIES,
  type Severity,
  STATUS_LABELS,
  type StatusState,
  worseStatus,
} from "../core/status-model";

// How Alertmanager's notifications move the page: each alert with a `component` label sets
// that component's status while it fires; each notification group is one incident, opened
// when the group starts firing and resolved when nothing in it fires any more.

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
 * (the caller answers 422): half-applying it would leave a group's incident inconsistent.
 */
export function applyAlertNotification(page: PageDefinition, state: StatusState, notification: AlertNotification, now: Date): AlertApplication {
  const unknownComponents = unknownComponentsIn(page, notification);
  if (unknownComponents.length > 0) return { ok: false, unknownComponents };

  const firingAlerts = { ...state.firingAlerts };
  for (const alert of notification.alerts) {
    const component = alert.labels.component;
    if (!component) continue;
    const known = firingAlerts[alert.fingerprint];
    if (alert.status === "firing") {
      firingAlerts[alert.fingerprint] = {
        component,
        severity: severityOf(alert.labels.severity),
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
  const visibleChange = firingSignature(state.firingAlerts) !== firingSignature(firingAlerts);
  let next: StatusState = { ...state, firingAlerts, updatedAt: visibleChange ? now.toISOString() : state.updatedAt };
  const opened: Incident[] = [];
  const resolved: Incident[] = [];
  const firingInGroup = Object.values(firingAlerts).filter((alert) => alert.groupKey === notification.groupKey);
  const openIncident_ = next.incidents.find((incident) => isOpen(incident) && incident.source.kind === "alerts" && incident.source.groupKey === notification.groupKey);

  if (firingInGroup.length > 0) {
    const components = componentsOf(page, firingInGroup);
    if (openIncident_) {
      if (JSON.stringify(openIncident_.components) !== JSON.stringify(components)) {
        next = { ...next, incidents: next.incidents.map((incident) => (incident === openIncident_ ? { ...incident, components, updatedAt: now.toISOString() } : incident)) };
      }
    } else {
      const recent = recentlyResolved(next, notification.groupKey, page.reopenWindowSeconds, now);
      if (recent) {
        // Flapping: the same group firing again soon after it cleared continues the
        // incident visitors already read, instead of opening a second one.
        const [reopened, incident] = updateIncident(next, recent.id, { status: "investigating", body: "The problem has returned. We are investigating.", components }, now);
        next = reopened;
        opened.push(incident);
      } else {
        const [withIncident, incident] = openIncident(next, { name: incidentName(page, components), body: investigatingBody(page, components), components }, now, { kind: "alerts", groupKey: notification.groupKey });
        next = withIncident;
        opened.push(incident);
      }
    }
  } else if (openIncident_) {
    const [withResolution, incident] = updateIncident(next, openIncident_.id, { status: "resolved", body: "This incident has been resolved." }, now);
    next = withResolution;
    resolved.push(incident);
  }
  return { ok: true, state: next, opened, resolved };
}

/** What the page shows of the firing alerts: which fire, for which component, how badly. */
function firingSignature(alerts: Record<string, FiringAlert>): string {
  return Object.entries(alerts)
    .map(([fingerprint, alert]) => `${fingerprint}:${alert.component}:${alert.severity}`)
    .sort()
    .join(",");
}

/** The worst status each component gets from the group's firing alerts. */
function componentsOf(page: PageDefinition, alerts: FiringAlert[]): Record<string, ComponentStatus> {
  const components: Record<string, ComponentStatus> = {};
  for (const alert of alerts) {
    const status = page.severityStatus[alert.severity];
    const current = components[alert.component];
    components[alert.component] = current ? worseStatus(current, status) : status;
  }
  return components;
}

function recentlyResolved(state: StatusState, groupKey: string, windowSeconds: number, now: Date): Incident | undefined {
  const since = now.getTime() - windowSeconds * 1_000;
  return state.incidents
    .filter((incident) => incident.source.kind === "alerts" && incident.source.groupKey === groupKey && incident.resolvedAt !== null && Date.parse(incident.resolvedAt) >= since)
    .at(-1);
}

function componentNames(page: PageDefinition, components: Record<string, ComponentStatus>): string {
  const names = Object.keys(components).map((id) => page.components.find((component) => component.id === id)?.name ?? id);
  return names.join(", ");
}

// Public words only: alert summaries are written for engineers (thresholds, instances), so
// the page says what visitors experience and leaves the details to the people on call.
function incidentName(page: PageDefinition, components: Record<string, ComponentStatus>): string {
  let worst: ComponentStatus = "operational";
  for (const status of Object.values(components)) worst = worseStatus(worst, status);
  return `${STATUS_LABELS[worst]} of ${componentNames(page, components)}`;
}

function investigatingBody(page: PageDefinition, components: Record<string, ComponentStatus>): string {
  return `We are investigating problems with ${componentNames(page, components)}.`;
}

/**
 * Resolves alerts Alertmanager has not repeated for `maxAgeSeconds`: a resolution lost
 * while the exporter was down must not leave the public page showing an outage for ever.
 * Alertmanager repeats firing alerts every repeat_interval (15 minutes on the status route),
 * so an alert silent for several intervals has stopped firing.
 */
export function expireStaleAlerts(page: PageDefinition, state: StatusState, maxAgeSeconds: number, now: Date): StatusState {
  const cutoff = now.getTime() - maxAgeSeconds * 1_000;
  const staleByGroup = new Map<string, AlertNotification["alerts"]>();
  for (const [fingerprint, alert] of Object.entries(state.firingAlerts)) {
    if (Date.parse(alert.lastNotifiedAt) >= cutoff) continue;
    const resolution = { status: "resolved" as const, labels: { component: alert.component }, startsAt: alert.startsAt, fingerprint };
    staleByGroup.set(alert.groupKey, [...(staleByGroup.get(alert.groupKey) ?? []), resolution]);
  }
  let next = state;
  for (const [groupKey, alerts] of staleByGroup) {
    const result = applyAlertNotification(page, next, { groupKey, alerts }, now);
    if (result.ok) next = result.state;
  }
  return next;
}
