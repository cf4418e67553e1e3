import { describe, expect, it } from "vitest";
import { componentStatuses, emptyState, overallStatus, type StatusState } from "../core/status-model";
import { at, notification, TEST_PAGE } from "../test/support/status-page";
import { applyAlertNotification, expireStaleAlerts } from "./alerts";
import { openIncident } from "./incidents";

function apply(state: StatusState, groupKey: string, alerts: Parameters<typeof notification>[1], now: string): StatusState {
  const result = applyAlertNotification(TEST_PAGE, state, notification(groupKey, alerts), at(now));
  if (!result.ok) throw new Error(`unexpected refusal: ${result.unknownComponents.join(",")}`);
  return result.state;
}

const T0 = "2026-11-22T10:00:00Z";

describe("component status from alerts", () => {
  it("maps each severity through config and lets the highest severity win", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop", severity: "info" }], T0);
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("degraded_performance");
    state = apply(state, "g2", [{ fingerprint: "b", component: "shop", severity: "critical" }], T0);
    state = apply(state, "g3", [{ fingerprint: "c", component: "shop", severity: "warning" }], T0);
    expect(componentStatuses(TEST_PAGE, state, at(T0))).toEqual({ shop: "major_outage", api: "operational", email: "operational" });
    expect(overallStatus(componentStatuses(TEST_PAGE, state, at(T0)), state)).toEqual({ indicator: "critical" });
  });

  it("keeps a component down until its last overlapping alert resolves, whatever the order", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "api", severity: "critical" }], T0);
    state = apply(state, "g2", [{ fingerprint: "b", component: "api", severity: "warning" }], T0);
    state = apply(state, "g1", [{ fingerprint: "a", component: "api", status: "resolved" }], "2026-11-22T10:05:00Z");
    expect(componentStatuses(TEST_PAGE, state, at(T0)).api).toBe("partial_outage");
    state = apply(state, "g2", [{ fingerprint: "b", component: "api", status: "resolved" }], "2026-11-22T10:06:00Z");
    expect(componentStatuses(TEST_PAGE, state, at(T0)).api).toBe("operational");
    expect(overallStatus(componentStatuses(TEST_PAGE, state, at(T0)), state).indicator).toBe("none");
  });

  it("ignores a resolution older than the firing it would clear (delivered out of order)", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop", startsAt: "2026-11-22T11:00:00Z" }], "2026-11-22T11:00:00Z");
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", status: "resolved", startsAt: "2026-11-22T10:00:00Z" }], "2026-11-22T11:01:00Z");
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("major_outage");
  });

  it("refuses a notification naming an unknown component and changes nothing", () => {
    const state = emptyState(at(T0));
    const result = applyAlertNotification(TEST_PAGE, state, notification("g1", [{ fingerprint: "a", component: "shop" }, { fingerprint: "b", component: "nope" }]), at(T0));
    expect(result).toEqual({ ok: false, unknownComponents: ["nope"] });
  });
});

describe("one incident per component", () => {
  const burnSlow = { fingerprint: "slow", component: "shop", alertname: "ErrorBudgetBurnSlow", severity: "warning", componentStatus: "partial_outage" };
  const burnFast = { fingerprint: "fast", component: "shop", alertname: "ErrorBudgetBurnFast", severity: "critical", componentStatus: "partial_outage" };
  const slow = { fingerprint: "lat", component: "shop", alertname: "EndpointSlow", severity: "warning", componentStatus: "degraded_performance" };
  const down = { fingerprint: "down", component: "shop", alertname: "EndpointDown", severity: "critical", componentStatus: "major_outage" };

  it("opens one incident per failing component, in public words that do not state the impact", () => {
    let state = apply(emptyState(at(T0)), "{}:{component=\"shop\"}", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "{}:{component=\"email\"}", [{ fingerprint: "b", component: "email", severity: "warning" }], T0);
    expect(state.incidents.map((incident) => [incident.name, incident.status, incident.impact])).toEqual([
      ["Problems with Shop", "investigating", "critical"],
      ["Problems with Email delivery", "investigating", "major"],
    ]);
    expect(state.incidents[0]?.generatedName).toEqual({ kind: "alertIncidentName", components: ["shop"] });
    expect(state.incidents[0]?.updates[0]).toMatchObject({ body: "We are investigating problems with Shop.", generated: { kind: "alertInvestigating", components: ["shop"] } });
  });

  it("gives the component the status the alert declares, not its paging severity", () => {
    const state = apply(emptyState(at(T0)), "g", [burnFast], T0);
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("partial_outage");
    expect(overallStatus(componentStatuses(TEST_PAGE, state, at(T0)), state)).toEqual({ indicator: "major" });
    expect(state.incidents.map((incident) => incident.impact)).toEqual(["major"]);
  });

  it("opens nothing for an alert that declares no impact for visitors (a certificate expiring in days)", () => {
    const state = apply(emptyState(at(T0)), "g", [{ fingerprint: "tls", component: "shop", severity: "critical", componentStatus: "operational" }], T0);
    expect(state.incidents).toEqual([]);
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("operational");
  });

  it("lets alerts of the same component join its incident, and raise and lower its impact in place", () => {
    let state = apply(emptyState(at(T0)), "g", [slow], T0);
    state = apply(state, "g", [slow, down], "2026-11-22T10:02:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({ impact: "critical", components: { shop: "major_outage" }, status: "investigating" });
    state = apply(state, "g", [slow, { ...down, status: "resolved" as const }], "2026-11-22T10:10:00Z");
    expect(state.incidents[0]).toMatchObject({ impact: "minor", components: { shop: "degraded_performance" }, status: "investigating" });
    state = apply(state, "g", [{ ...slow, status: "resolved" as const }], "2026-11-22T10:20:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]?.updates.map((update) => [update.status, update.body])).toEqual([
      ["investigating", "We are investigating problems with Shop."],
      ["investigating", "Impact on Shop raised to major outage."],
      ["investigating", "Impact on Shop lowered to degraded performance."],
      ["resolved", "This incident has been resolved."],
    ]);
    expect(state.incidents[0]?.updates[1]?.generated).toEqual({ kind: "impactRaised", status: "major_outage", components: ["shop"] });
  });

  it("adds no update when an alert joins at the incident's impact", () => {
    let state = apply(emptyState(at(T0)), "g", [burnSlow], T0);
    state = apply(state, "g", [burnSlow, burnFast], "2026-11-22T10:01:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]?.updates).toHaveLength(1);
  });

  it("keeps what Alertmanager holds back off the page: an alert missing from its group's notification is not firing", () => {
    // The slow burn fires first; then the fast burn, which inhibits it: Alertmanager's next
    // notification of the component's group lists the fast burn alone.
    let state = apply(emptyState(at(T0)), "g", [{ ...burnSlow, componentStatus: "partial_outage" }, down], T0);
    state = apply(state, "g", [down], "2026-11-22T10:01:00Z");
    expect(Object.keys(state.firingAlerts)).toEqual(["down"]);
    state = apply(state, "g", [{ ...down, status: "resolved" as const }], "2026-11-22T10:05:00Z");
    expect(componentStatuses(TEST_PAGE, state, at("2026-11-22T10:05:00Z")).shop).toBe("operational");
    expect(state.incidents.map((incident) => incident.status)).toEqual(["resolved"]);
  });

  it("opens a second incident only for another component, and resolves each with its own alerts", () => {
    let state = apply(emptyState(at(T0)), "g-shop", [down], T0);
    state = apply(state, "g-api", [{ fingerprint: "api", component: "api", componentStatus: "major_outage" }], T0);
    expect(state.incidents.map((incident) => Object.keys(incident.components))).toEqual([["shop"], ["api"]]);
    state = apply(state, "g-shop", [{ ...down, status: "resolved" as const }], "2026-11-22T10:10:00Z");
    expect(state.incidents.map((incident) => incident.status)).toEqual(["resolved", "investigating"]);
  });

  it("leaves a person's open incident about the component alone, and opens none beside it", () => {
    const [manual] = openIncident(emptyState(at(T0)), { name: "Checkout is slow", body: "We are looking into it.", components: { shop: "degraded_performance" } }, at(T0));
    let state = apply(manual, "g", [down], "2026-11-22T10:01:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({ name: "Checkout is slow", impact: "minor", status: "investigating" });
    expect(componentStatuses(TEST_PAGE, state, at(T0)).shop).toBe("major_outage");
    state = apply(state, "g", [{ ...down, status: "resolved" as const }], "2026-11-22T10:05:00Z");
    expect(state.incidents[0]).toMatchObject({ status: "investigating", updates: [{ body: "We are looking into it." }] });
  });

  it("continues the incident of a component that fails again within the window, and opens a new one after it", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", status: "resolved" }], "2026-11-22T10:05:00Z");
    // Another alert of the same component, in another group: still the same problem for visitors.
    state = apply(state, "g2", [{ fingerprint: "b", component: "shop", startsAt: "2026-11-22T10:10:00Z" }], "2026-11-22T10:10:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({ status: "investigating", resolvedAt: null });
    expect(state.incidents[0]?.updates.at(-1)).toMatchObject({ body: "The problem has returned. We are investigating.", generated: { kind: "alertReturned" } });
    state = apply(state, "g2", [{ fingerprint: "b", component: "shop", status: "resolved", startsAt: "2026-11-22T10:10:00Z" }], "2026-11-22T10:15:00Z");
    // 31 minutes later: past the 30-minute window, a new incident.
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", startsAt: "2026-11-22T10:46:00Z" }], "2026-11-22T10:46:00Z");
    expect(state.incidents.map((incident) => incident.status)).toEqual(["resolved", "investigating"]);
  });
});

describe("alerts whose resolution was lost", () => {
  it("resolves alerts Alertmanager stopped repeating, and their incident, but keeps the ones it repeats", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "g2", [{ fingerprint: "b", component: "api" }], T0);
    state = apply(state, "g2", [{ fingerprint: "b", component: "api" }], "2026-11-22T10:50:00Z");
    const later = at("2026-11-22T11:30:00Z");
    const expired = expireStaleAlerts(TEST_PAGE, state, 3_600, later);
    expect(componentStatuses(TEST_PAGE, expired, later)).toMatchObject({ shop: "operational", api: "major_outage" });
    expect(expired.incidents.map((incident) => incident.status)).toEqual(["resolved", "investigating"]);
    expect(expireStaleAlerts(TEST_PAGE, expired, 3_600, later)).toBe(expired);
  });

  it("expires only the stale alert of a group, not the others Alertmanager still repeats", () => {
    let state = apply(emptyState(at(T0)), "g", [{ fingerprint: "old", component: "shop" }, { fingerprint: "new", component: "api" }], T0);
    state = { ...state, firingAlerts: { ...state.firingAlerts, new: { ...state.firingAlerts.new!, lastNotifiedAt: "2026-11-22T11:20:00.000Z" } } };
    const later = at("2026-11-22T11:30:00Z");
    expect(Object.keys(expireStaleAlerts(TEST_PAGE, state, 3_600, later).firingAlerts)).toEqual(["new"]);
  });
});

describe("repeat notifications", () => {
  it("keep the page's updated time when nothing visible changed", () => {
    const first = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    const repeat = apply(first, "g1", [{ fingerprint: "a", component: "shop" }], "2026-11-22T10:15:00Z");
    expect(repeat.updatedAt).toBe(first.updatedAt);
    expect(repeat.incidents).toEqual(first.incidents);
    expect(repeat.firingAlerts.a?.lastNotifiedAt).toBe("2026-11-22T10:15:00.000Z");
  });
});
