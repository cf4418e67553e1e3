import { describe, expect, it } from "vitest";
import { componentStatuses, emptyState, maintenanceStatus, overallStatus } from "../core/status-model";
import { at, TEST_PAGE } from "../test/support/status-page";
import { changeMaintenance, openIncident, pruneHistory, scheduleMaintenance, UnknownIncidentError, updateIncident } from "./incidents";

const T0 = "2026-11-22T10:00:00Z";

describe("an incident's lifecycle", () => {
  it("moves investigating → identified → monitoring → resolved, stamping monitoring_at and resolved_at once", () => {
    let [state, incident] = openIncident(emptyState(at(T0)), { name: "Checkout errors", body: "Looking into it.", components: { shop: "partial_outage" } }, at(T0));
    expect(incident).toMatchObject({ status: "investigating", impact: "major", monitoringAt: null, resolvedAt: null });
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("partial_outage");
    [state] = updateIncident(state, incident.id, { status: "identified", body: "A bad deploy." }, at("2026-11-22T10:10:00Z"));
    [state] = updateIncident(state, incident.id, { status: "monitoring", body: "Rolled back." }, at("2026-11-22T10:20:00Z"));
    [state] = updateIncident(state, incident.id, { status: "monitoring", body: "Still watching." }, at("2026-11-22T10:25:00Z"));
    [state, incident] = updateIncident(state, incident.id, { status: "resolved", body: "Fixed." }, at("2026-11-22T10:30:00Z"));
    expect(incident.updates.map((update) => update.status)).toEqual(["investigating", "identified", "monitoring", "monitoring", "resolved"]);
    expect(incident).toMatchObject({ monitoringAt: "2026-11-22T10:20:00.000Z", resolvedAt: "2026-11-22T10:30:00.000Z" });
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("operational");
  });

  it("gives every incident and update its own id, across several open at once", () => {
    let [state, first] = openIncident(emptyState(at(T0)), { name: "A", body: "a", components: {} }, at(T0));
    const [next, second] = openIncident(state, { name: "B", body: "b", components: { email: "degraded_performance" } }, at(T0));
    state = next;
    const ids = [first.id, second.id, ...first.updates.map((u) => u.id), ...second.updates.map((u) => u.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(overallStatus(componentStatuses(TEST_PAGE, state, at(T0)), state).indicator).toBe("minor");
  });

  it("refuses an update to an unknown incident", () => {
    expect(() => updateIncident(emptyState(at(T0)), "inc-nope", { status: "resolved", body: "x" }, at(T0))).toThrow(UnknownIncidentError);
  });

  it("prunes resolved incidents older than the history kept, never open ones", () => {
    let [state, old] = openIncident(emptyState(at(T0)), { name: "Old", body: "x", components: {} }, at("2026-01-01T00:00:00Z"));
    [state] = updateIncident(state, old.id, { status: "resolved", body: "done" }, at("2026-01-01T01:00:00Z"));
    [state] = openIncident(state, { name: "Open", body: "x", components: {} }, at("2026-01-01T00:00:00Z"));
    expect(pruneHistory(state, 90, at(T0)).incidents.map((incident) => incident.name)).toEqual(["Open"]);
  });
});

describe("maintenance windows", () => {
  const window = { name: "Database upgrade", body: "Expect a short outage.", scheduledFor: "2026-11-23T02:00:00Z", scheduledUntil: "2026-11-23T03:00:00Z", componentIds: ["shop", "api"] };

  it("sets its components under maintenance only while the window is open", () => {
    const [state, maintenance] = scheduleMaintenance(emptyState(at(T0)), window, at(T0));
    const statusAt = (iso: string) => componentStatuses(TEST_PAGE, state, at(iso));
    expect(maintenanceStatus(maintenance, at("2026-11-23T01:59:59Z"))).toBe("scheduled");
    expect(statusAt("2026-11-23T01:59:59Z").shop).toBe("operational");
    expect(maintenanceStatus(maintenance, at("2026-11-23T02:00:00Z"))).toBe("in_progress");
    expect(statusAt("2026-11-23T02:30:00Z")).toEqual({ shop: "under_maintenance", api: "under_maintenance", email: "operational" });
    expect(overallStatus(statusAt("2026-11-23T02:30:00Z"), state)).toEqual({ indicator: "maintenance" });
    expect(maintenanceStatus(maintenance, at("2026-11-23T03:00:00Z"))).toBe("completed");
    expect(statusAt("2026-11-23T03:00:00Z").shop).toBe("operational");
  });

  it("lets an outage during the window show over maintenance", () => {
    let [state] = scheduleMaintenance(emptyState(at(T0)), window, at(T0));
    [state] = openIncident(state, { name: "Worse than planned", body: "x", components: { shop: "major_outage" } }, at("2026-11-23T02:10:00Z"));
    expect(componentStatuses(TEST_PAGE, state, at("2026-11-23T02:30:00Z")).shop).toBe("major_outage");
  });

  it("ends a cancelled window at once", () => {
    const [scheduled, maintenance] = scheduleMaintenance(emptyState(at(T0)), window, at(T0));
    const [state, cancelled] = changeMaintenance(scheduled, maintenance.id, { cancelled: true }, at("2026-11-23T02:10:00Z"));
    expect(maintenanceStatus(cancelled, at("2026-11-23T02:30:00Z"))).toBe("completed");
    expect(componentStatuses(TEST_PAGE, state, at("2026-11-23T02:30:00Z")).shop).toBe("operational");
  });
});
