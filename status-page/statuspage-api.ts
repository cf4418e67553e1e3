import { PAGE_LANGUAGES, type PageLanguage } from "../core/page-languages";
import {
  componentStatuses,
  type ComponentStatus,
  type Incident,
  isOpen,
  type Maintenance,
  maintenanceStatus,
  overallStatus,
  type PageDefinition,
  type StatusState,
  worseStatus,
} from "../core/status-model";
import { incidentName, messagesFor, updateBody } from "./i18n";
import { HTML_PATHS, localizedPath, SUMMARY_PATH, summaryPath } from "./paths";

// The page as Atlassian Statuspage's public v2 API spells it (same paths, field names and
// enums), so existing integrations (status aggregators, chat bots) read it unchanged. Its text
// is in the stack's default language; each HTML page's script reads a copy of the summary
// in its own language (summaryPath), the same document with the text vigil writes said there.

export const API_PATHS = {
  status: "api/v2/status.json",
  summary: SUMMARY_PATH,
  components: "api/v2/components.json",
  incidents: "api/v2/incidents.json",
  unresolved: "api/v2/incidents/unresolved.json",
  maintenances: "api/v2/scheduled-maintenances.json",
  upcomingMaintenances: "api/v2/scheduled-maintenances/upcoming.json",
  activeMaintenances: "api/v2/scheduled-maintenances/active.json",
} as const;

export interface ApiPage {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface ApiComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Present on groups only: the ids of their components. */
  components?: string[];
}

export interface ApiIncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: Array<{ code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus }> | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface ApiIncident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: string;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: ApiIncidentUpdate[];
  components: ApiComponent[];
}

export interface ApiMaintenance extends ApiIncident {
  scheduled_for: string;
  scheduled_until: string;
}

/** Time zone the page states its times in: the published JSON is UTC throughout. */
export const PAGE_TIME_ZONE = "Etc/UTC";

/** A stable id for a group, derived from its name (groups exist only as names in config). */
export function groupId(name: string): string {
  return `group-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}

export function apiPage(page: PageDefinition, state: StatusState): ApiPage {
  return { id: page.id, name: page.title, url: page.url, time_zone: PAGE_TIME_ZONE, updated_at: state.updatedAt };
}

// Components have no creation time of their own (config defines them); a fixed date keeps
// the output deterministic.
const CREATED_AT = "1970-01-01T00:00:00.000Z";

/** Components and groups in Statuspage's flat form: groups first in their order, each followed by its members. */
export function apiComponents(page: PageDefinition, state: StatusState, now: Date): ApiComponent[] {
  const statuses = componentStatuses(page, state, now);
  const base = (id: string, name: string, position: number) => ({
    id,
    name,
    created_at: CREATED_AT,
    updated_at: state.updatedAt,
    position,
    showcase: true,
    start_date: null,
    page_id: page.id,
    only_show_if_degraded: false,
  });
  const result: ApiComponent[] = [];
  let position = 1;
  const groupEntries = new Map<string, ApiComponent>();
  for (const component of page.components) {
    if (component.group && !groupEntries.has(component.group)) {
      const members = page.components.filter((member) => member.group === component.group);
      let status: ComponentStatus = "operational";
      for (const member of members) status = worseStatus(status, statuses[member.id] ?? "operational");
      const group: ApiComponent = { ...base(groupId(component.group), component.group, position++), status, description: null, group_id: null, group: true, components: members.map((member) => member.id) };
      groupEntries.set(component.group, group);
      result.push(group);
    }
    result.push({
      ...base(component.id, component.name, position++),
      status: statuses[component.id] ?? "operational",
      description: component.description || null,
      group_id: component.group ? groupId(component.group) : null,
      group: false,
    });
  }
  return result;
}

function shortlink(page: PageDefinition, path: string): string {
  return `${page.url.replace(/\/$/, "")}/${path}`;
}

export function apiIncident(page: PageDefinition, incident: Incident, components: ApiComponent[], language: PageLanguage = page.language): ApiIncident {
  const touched = components.filter((component) => !component.group && component.id in incident.components);
  return {
    id: incident.id,
    name: incidentName(incident, page, language),
    status: incident.status,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    monitoring_at: incident.monitoringAt,
    resolved_at: incident.resolvedAt,
    impact: incident.impact,
    shortlink: shortlink(page, `${language === page.language ? HTML_PATHS.history : localizedPath(HTML_PATHS.history, language)}#${incident.id}`),
    started_at: incident.startedAt,
    page_id: page.id,
    // Statuspage lists updates newest first.
    incident_updates: [...incident.updates].reverse().map((update, index, all) => ({
      id: update.id,
      status: update.status,
      body: updateBody(update, page, language),
      incident_id: incident.id,
      created_at: update.createdAt,
      updated_at: update.createdAt,
      display_at: update.createdAt,
      // The first update (last in this order) names the components and what they became.
      affected_components:
        index === all.length - 1
          ? touched.map((component) => ({ code: component.id, name: component.name, old_status: "operational" as const, new_status: incident.components[component.id] ?? "operational" }))
          : null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: touched,
  };
}

export function apiMaintenance(page: PageDefinition, maintenance: Maintenance, components: ApiComponent[], now: Date): ApiMaintenance {
  const status = maintenanceStatus(maintenance, now);
  const touched = components.filter((component) => !component.group && maintenance.componentIds.includes(component.id));
  return {
    id: maintenance.id,
    name: maintenance.name,
    status,
    created_at: maintenance.createdAt,
    updated_at: maintenance.updatedAt,
    monitoring_at: null,
    resolved_at: status === "completed" ? (maintenance.cancelled ? maintenance.updatedAt : maintenance.scheduledUntil) : null,
    impact: "maintenance",
    shortlink: shortlink(page, `#${maintenance.id}`),
    started_at: maintenance.scheduledFor,
    page_id: page.id,
    incident_updates: [
      {
        id: `${maintenance.id}-u1`,
        status: "scheduled",
        body: maintenance.body,
        incident_id: maintenance.id,
        created_at: maintenance.createdAt,
        updated_at: maintenance.createdAt,
        display_at: maintenance.createdAt,
        affected_components: touched.map((component) => ({ code: component.id, name: component.name, old_status: "operational" as const, new_status: "under_maintenance" as const })),
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
    components: touched,
    scheduled_for: maintenance.scheduledFor,
    scheduled_until: maintenance.scheduledUntil,
  };
}

/** The page's indicator with its description in `language` (Statuspage's own words in English). */
function apiStatus(page: PageDefinition, state: StatusState, now: Date, language: PageLanguage): { indicator: string; description: string } {
  const { indicator } = overallStatus(componentStatuses(page, state, now), state);
  return { indicator, description: messagesFor(language).indicator[indicator] };
}

const newestFirst = <T extends { createdAt: string }>(items: T[]) => [...items].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));

function maintenancesOf(page: PageDefinition, state: StatusState, components: ApiComponent[], now: Date) {
  const all = [...state.maintenances]
    .sort((a, b) => (a.scheduledFor < b.scheduledFor ? 1 : a.scheduledFor > b.scheduledFor ? -1 : 0))
    .map((maintenance) => apiMaintenance(page, maintenance, components, now));
  const upcoming = all.filter((maintenance) => maintenance.status === "scheduled");
  const active = all.filter((maintenance) => maintenance.status === "in_progress" || maintenance.status === "verifying");
  return { all, upcoming, active };
}

function summaryIn(page: PageDefinition, state: StatusState, now: Date, components: ApiComponent[], language: PageLanguage) {
  const unresolved = newestFirst(state.incidents.filter(isOpen)).map((incident) => apiIncident(page, incident, components, language));
  const { active, upcoming } = maintenancesOf(page, state, components, now);
  return { page: apiPage(page, state), components, incidents: unresolved, scheduled_maintenances: [...active, ...upcoming], status: apiStatus(page, state, now, language) };
}

/** Every JSON document the page publishes, keyed by its path under the site root. */
export function apiDocuments(page: PageDefinition, state: StatusState, now: Date): Record<(typeof API_PATHS)[keyof typeof API_PATHS], unknown> {
  const pageInfo = apiPage(page, state);
  const components = apiComponents(page, state, now);
  const status = apiStatus(page, state, now, page.language);
  // Statuspage's incidents.json holds the 50 most recent.
  const incidents = newestFirst(state.incidents).slice(0, 50).map((incident) => apiIncident(page, incident, components));
  const unresolved = newestFirst(state.incidents.filter(isOpen)).map((incident) => apiIncident(page, incident, components));
  const { all, upcoming, active } = maintenancesOf(page, state, components, now);
  return {
    [API_PATHS.status]: { page: pageInfo, status },
    [API_PATHS.summary]: summaryIn(page, state, now, components, page.language),
    [API_PATHS.components]: { page: pageInfo, components },
    [API_PATHS.incidents]: { page: pageInfo, incidents },
    [API_PATHS.unresolved]: { page: pageInfo, incidents: unresolved },
    [API_PATHS.maintenances]: { page: pageInfo, scheduled_maintenances: all.slice(0, 50) },
    [API_PATHS.upcomingMaintenances]: { page: pageInfo, scheduled_maintenances: upcoming },
    [API_PATHS.activeMaintenances]: { page: pageInfo, scheduled_maintenances: active },
  };
}

/** The summary in every language, for the pages' scripts (summaryPath), keyed by path. */
export function localizedSummaries(page: PageDefinition, state: StatusState, now: Date): Record<string, unknown> {
  const components = apiComponents(page, state, now);
  return Object.fromEntries(PAGE_LANGUAGES.map((language) => [summaryPath(language), summaryIn(page, state, now, components, language)]));
}
