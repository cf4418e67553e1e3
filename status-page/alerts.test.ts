import { describe, expect, it } from "vitest";
import { componentStatuses, emptyState, overallStatus, type StatusState } from "../core/status-model";
import { at, notification, TEST_PAGE } from "../test/support/status-page";
import { applyAlertNotification, expireStaleAlerts } from "./alerts";

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

describe("incidents from alert groups", () => {
  it("opens one incident per firing group, several at once, in public words", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "g2", [{ fingerprint: "b", component: "email", severity: "warning" }], T0);
    expect(state.incidents.map((incident) => [incident.name, incident.status, incident.impact])).toEqual([
      ["Major outage of Shop", "investigating", "critical"],
      ["Partial outage of Email delivery", "investigating", "major"],
    ]);
    expect(state.incidents[0]?.updates[0]?.body).toBe("We are investigating problems with Shop.");
  });

  it("does not open a second incident while the group keeps firing (repeat notifications)", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop" }, { fingerprint: "b", component: "api" }], "2026-11-22T10:15:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]?.components).toEqual({ shop: "major_outage", api: "major_outage" });
  });

  it("resolves the group's incident when its last alert resolves", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }, { fingerprint: "b", component: "api" }], T0);
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", status: "resolved" }, { fingerprint: "b", component: "api" }], "2026-11-22T10:10:00Z");
    expect(state.incidents[0]?.status).toBe("investigating");
    state = apply(state, "g1", [{ fingerprint: "b", component: "api", status: "resolved" }], "2026-11-22T10:20:00Z");
    expect(state.incidents[0]).toMatchObject({ status: "resolved", resolvedAt: "2026-11-22T10:20:00.000Z" });
    expect(state.incidents[0]?.updates.map((update) => update.status)).toEqual(["investigating", "resolved"]);
  });

  it("reopens a group's incident that flaps back within the window, and opens a new one after it", () => {
    let state = apply(emptyState(at(T0)), "g1", [{ fingerprint: "a", component: "shop" }], T0);
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", status: "resolved" }], "2026-11-22T10:05:00Z");
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", startsAt: "2026-11-22T10:10:00Z" }], "2026-11-22T10:10:00Z");
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({ status: "investigating", resolvedAt: null });
    state = apply(state, "g1", [{ fingerprint: "a", component: "shop", status: "resolved", startsAt: "2026-11-22T10:10:00Z" }], "2026-11-22T10:15:00Z");
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
