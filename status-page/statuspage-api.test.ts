import { describe, expect, it } from "vitest";
import { PAGE_LANGUAGES } from "../core/page-languages";
import { COMPONENT_STATUSES, emptyState, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type StatusState } from "../core/status-model";
import { at, notification, TEST_PAGE } from "../test/support/status-page";
import { busyState as busyFixture } from "../test/support/status-site";
import { applyAlertNotification } from "./alerts";
import { openIncident, scheduleMaintenance } from "./incidents";
import { API_PATHS, apiDocuments, localizedSummaries } from "./statuspage-api";

const NOW = at("2026-11-22T10:00:00Z");

function busyState(): StatusState {
  const fired = applyAlertNotification(TEST_PAGE, emptyState(NOW), notification("g1", [{ fingerprint: "a", component: "shop" }]), NOW);
  if (!fired.ok) throw new Error("refused");
  const [withManual] = openIncident(fired.state, { name: "Slow email", body: "Queued.", components: { email: "degraded_performance" } }, NOW);
  const [state] = scheduleMaintenance(withManual, { name: "Upgrade", body: "Short outage.", scheduledFor: "2026-11-23T02:00:00Z", scheduledUntil: "2026-11-23T03:00:00Z", componentIds: ["api"] }, NOW);
  return state;
}

const PAGE_FIELDS = ["id", "name", "time_zone", "updated_at", "url"];
const COMPONENT_FIELDS = ["created_at", "description", "group", "group_id", "id", "name", "only_show_if_degraded", "page_id", "position", "showcase", "start_date", "status", "updated_at"];
const INCIDENT_FIELDS = ["components", "created_at", "id", "impact", "incident_updates", "monitoring_at", "name", "page_id", "resolved_at", "shortlink", "started_at", "status", "updated_at"];
const UPDATE_FIELDS = ["affected_components", "body", "created_at", "custom_tweet", "deliver_notifications", "display_at", "id", "incident_id", "status", "tweet_id", "updated_at"];

describe("the Statuspage v2 documents", () => {
  const documents = apiDocuments(TEST_PAGE, busyState(), NOW) as Record<string, any>;

  it("publishes every path Statuspage serves under api/v2", () => {
    expect(Object.keys(documents).sort()).toEqual(Object.values(API_PATHS).sort());
    expect(API_PATHS).toMatchObject({ status: "api/v2/status.json", summary: "api/v2/summary.json", components: "api/v2/components.json", incidents: "api/v2/incidents.json", unresolved: "api/v2/incidents/unresolved.json", maintenances: "api/v2/scheduled-maintenances.json" });
  });

  it("uses Statuspage's field names for the page, components, incidents and updates", () => {
    const summary = documents[API_PATHS.summary];
    expect(Object.keys(summary).sort()).toEqual(["components", "incidents", "page", "scheduled_maintenances", "status"]);
    expect(Object.keys(summary.page).sort()).toEqual(PAGE_FIELDS);
    const leaf = summary.components.find((component: any) => component.id === "shop");
    expect(Object.keys(leaf).sort()).toEqual(COMPONENT_FIELDS);
    const group = summary.components.find((component: any) => component.group);
    expect(Object.keys(group).sort()).toEqual([...COMPONENT_FIELDS, "components"].sort());
    expect(Object.keys(summary.incidents[0]).sort()).toEqual(INCIDENT_FIELDS);
    expect(Object.keys(summary.incidents[0].incident_updates[0]).sort()).toEqual(UPDATE_FIELDS);
    expect(Object.keys(summary.scheduled_maintenances[0]).sort()).toEqual([...INCIDENT_FIELDS, "scheduled_for", "scheduled_until"].sort());
  });

  it("speaks only Statuspage's enums", () => {
    const summary = documents[API_PATHS.summary];
    for (const component of summary.components) expect(COMPONENT_STATUSES).toContain(component.status);
    for (const incident of documents[API_PATHS.incidents].incidents) {
      expect(INCIDENT_STATUSES).toContain(incident.status);
      expect(IMPACTS).toContain(incident.impact);
    }
    for (const maintenance of documents[API_PATHS.maintenances].scheduled_maintenances) expect(MAINTENANCE_STATUSES).toContain(maintenance.status);
    expect(documents[API_PATHS.status].status).toEqual({ indicator: "critical", description: "Major System Outage" });
  });

  it("nests components in groups two levels deep: the group lists its members, members point back", () => {
    const components = documents[API_PATHS.components].components as any[];
    const group = components.find((component) => component.group);
    expect(group).toMatchObject({ name: "Website", status: "major_outage", components: ["shop", "api"], group_id: null });
    expect(components.filter((component) => component.group_id === group.id).map((component) => component.id)).toEqual(["shop", "api"]);
    expect(components.find((component) => component.id === "email")).toMatchObject({ group_id: null, group: false, status: "degraded_performance" });
    expect(components.map((component) => component.position)).toEqual([1, 2, 3, 4]);
  });

  it("lists unresolved incidents and upcoming maintenance apart", () => {
    expect(documents[API_PATHS.unresolved].incidents).toHaveLength(2);
    expect(documents[API_PATHS.upcomingMaintenances].scheduled_maintenances).toHaveLength(1);
    expect(documents[API_PATHS.activeMaintenances].scheduled_maintenances).toHaveLength(0);
  });
});

describe("the documents' text", () => {
  const state = busyFixture(NOW);

  it("is in the stack's default language where vigil wrote it, and as written where a person did", () => {
    const documents = apiDocuments({ ...TEST_PAGE, language: "es" }, state, NOW) as Record<string, any>;
    const open = documents[API_PATHS.unresolved].incidents[0];
    expect(open.name).toBe("Problemas con Shop");
    expect(open.incident_updates.map((update: any) => update.body)).toEqual(["A database failover is in progress.", "El impacto en Shop ha aumentado a interrupción grave.", "Estamos investigando problemas con Shop."]);
    expect(documents[API_PATHS.status].status).toEqual({ indicator: "critical", description: "Interrupción grave del sistema" });
  });

  it("has a copy of the summary per language for the pages' scripts, with Statuspage's fields", () => {
    const summaries = localizedSummaries(TEST_PAGE, state, NOW) as Record<string, any>;
    expect(Object.keys(summaries)).toEqual(PAGE_LANGUAGES.map((language) => `api/v2/summary.${language}.json`));
    expect(summaries["api/v2/summary.en.json"]).toEqual(apiDocuments(TEST_PAGE, state, NOW)[API_PATHS.summary]);
    const korean = summaries["api/v2/summary.ko.json"];
    expect(Object.keys(korean.incidents[0]).sort()).toEqual(INCIDENT_FIELDS);
    expect(korean.incidents[0].name).toBe("Shop 문제 발생");
    expect(korean.incidents[0].shortlink).toMatch(/\/history\.ko\.html#inc/);
    expect(korean.status).toEqual({ indicator: "critical", description: "주요 시스템 장애" });
  });
});
