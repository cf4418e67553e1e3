import {
  IMPACT_OF_STATUS,
  type ComponentStatus,
  type Impact,
  type Incident,
  type IncidentStatus,
  type GeneratedText,
  type Maintenance,
  nextId,
  type StatusState,
  worseImpact,
} from "../core/status-model";

// What people do through the admin API (and the CLI): open, update and resolve incidents,
// schedule and cancel maintenance. Pure: (state, input, now) → new state.

export interface OpenIncidentInput {
  name: string;
  body: string;
  status?: IncidentStatus;
  /** Component id → the status the incident gives it while open. */
  components: Record<string, ComponentStatus>;
  impact?: Exclude<Impact, "maintenance">;
  /** Set when vigil wrote the name and first update (incidents opened from alerts). */
  generated?: { name: GeneratedText; body: GeneratedText };
}

/** The impact an incident implies from its components' statuses. */
export function impactOf(components: Record<string, ComponentStatus>): Exclude<Impact, "maintenance"> {
  let impact: Exclude<Impact, "maintenance"> = "none";
  for (const status of Object.values(components)) impact = worseImpact(impact, IMPACT_OF_STATUS[status]);
  return impact;
}

export function openIncident(state: StatusState, input: OpenIncidentInput, now: Date, source: Incident["source"] = { kind: "manual" }): [StatusState, Incident] {
  const at = now.toISOString();
  const [withIncidentId, id] = nextId(state, "inc");
  const [next, updateId] = nextId(withIncidentId, "upd");
  const status = input.status ?? "investigating";
  const incident: Incident = {
    id,
    name: input.name,
    ...(input.generated ? { generatedName: input.generated.name } : {}),
    status,
    impact: input.impact ?? impactOf(input.components),
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    monitoringAt: status === "monitoring" ? at : null,
    resolvedAt: status === "resolved" ? at : null,
    components: { ...input.components },
    updates: [{ id: updateId, status, body: input.body, ...(input.generated ? { generated: input.generated.body } : {}), createdAt: at }],
    source,
  };
  return [{ ...next, updatedAt: at, incidents: [...next.incidents, incident] }, incident];
}

export interface IncidentUpdateInput {
  status: IncidentStatus;
  body: string;
  /** Set when vigil wrote the body. */
  generated?: GeneratedText;
  /** Replaces the incident's component statuses when given. */
  components?: Record<string, ComponentStatus>;
}

export class UnknownIncidentError extends Error {
  constructor(readonly incidentId: string) {
    super(`no incident with id ${incidentId}`);
  }
}

/** Posts an update; moving to monitoring or resolved stamps the matching time once. */
export function updateIncident(state: StatusState, incidentId: string, input: IncidentUpdateInput, now: Date): [StatusState, Incident] {
  const existing = state.incidents.find((incident) => incident.id === incidentId);
  if (!existing) throw new UnknownIncidentError(incidentId);
  const at = now.toISOString();
  const [next, updateId] = nextId(state, "upd");
  const components = input.components ?? existing.components;
  const reopened = input.status !== "resolved" && input.status !== "postmortem";
  const updated: Incident = {
    ...existing,
    status: input.status,
    updatedAt: at,
    components,
    impact: input.components ? impactOf(components) : existing.impact,
    monitoringAt: input.status === "monitoring" ? (existing.monitoringAt ?? at) : existing.monitoringAt,
    // A reopened incident is no longer resolved: its resolved_at would otherwise lie.
    resolvedAt: input.status === "resolved" ? (existing.resolvedAt ?? at) : reopened ? null : existing.resolvedAt,
    updates: [...existing.updates, { id: updateId, status: input.status, body: input.body, ...(input.generated ? { generated: input.generated } : {}), createdAt: at }],
  };
  return [{ ...next, updatedAt: at, incidents: next.incidents.map((incident) => (incident.id === incidentId ? updated : incident)) }, updated];
}

export interface MaintenanceInput {
  name: string;
  body: string;
  scheduledFor: string;
  scheduledUntil: string;
  componentIds: string[];
}

export function scheduleMaintenance(state: StatusState, input: MaintenanceInput, now: Date): [StatusState, Maintenance] {
  const at = now.toISOString();
  const [next, id] = nextId(state, "mnt");
  const maintenance: Maintenance = { id, ...input, componentIds: [...input.componentIds], createdAt: at, updatedAt: at, silenceId: null, cancelled: false };
  return [{ ...next, updatedAt: at, maintenances: [...next.maintenances, maintenance] }, maintenance];
}

export class UnknownMaintenanceError extends Error {
  constructor(readonly maintenanceId: string) {
    super(`no maintenance with id ${maintenanceId}`);
  }
}

export function changeMaintenance(state: StatusState, maintenanceId: string, change: Partial<Pick<Maintenance, "silenceId" | "cancelled">>, now: Date): [StatusState, Maintenance] {
  const existing = state.maintenances.find((maintenance) => maintenance.id === maintenanceId);
  if (!existing) throw new UnknownMaintenanceError(maintenanceId);
  const at = now.toISOString();
  const updated: Maintenance = { ...existing, ...change, updatedAt: at };
  return [{ ...state, sequence: state.sequence + 1, updatedAt: at, maintenances: state.maintenances.map((m) => (m.id === maintenanceId ? updated : m)) }, updated];
}

/** Drops resolved incidents and finished maintenance older than the history kept. */
export function pruneHistory(state: StatusState, historyDays: number, now: Date): StatusState {
  const cutoff = now.getTime() - historyDays * 86_400_000;
  const incidents = state.incidents.filter((incident) => incident.resolvedAt === null || Date.parse(incident.resolvedAt) >= cutoff);
  const maintenances = state.maintenances.filter((maintenance) => Date.parse(maintenance.scheduledUntil) >= cutoff);
  if (incidents.length === state.incidents.length && maintenances.length === state.maintenances.length) return state;
  return { ...state, incidents, maintenances };
}
