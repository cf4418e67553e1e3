import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { STATUS_WEBHOOK_PATH } from "../../core/exporter/contract";
import { parseStatusCommand, sendAdminRequest } from "../../scripts/status";
import { loopbackExporterConfig } from "../../test/support/exporter-config";
import { webhookBody } from "../../test/support/status-page";
import { quietLog, startSpacesFixture, type SpacesFixture, TEST_TOKENS, testStatusConfig } from "../../test/support/status-service";
import { createMetrics } from "../metrics";
import { buildInternalServer } from "../server";
import { StatusService } from "./service";

const fixtures: SpacesFixture[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.cleanup();
});

interface SilenceCall {
  url: string;
  method: string;
  body: unknown;
}

async function harness() {
  const fixture = await startSpacesFixture();
  fixtures.push(fixture);
  const silences: SilenceCall[] = [];
  const alertmanager = { up: true };
  const fakeAlertmanager = (async (input: string | URL | Request, init?: RequestInit) => {
    if (!alertmanager.up) throw new TypeError("fetch failed: connect ECONNREFUSED");
    silences.push({ url: String(input), method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return new Response(JSON.stringify({ silenceID: "silence-1" }), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  const metrics = createMetrics("vigil-exporter");
  const status = await StatusService.create(testStatusConfig(fixture.dir, fixture.spaces.endpoint), {
    registry: new Registry(),
    log: quietLog,
    tokens: TEST_TOKENS,
    fetch: fakeAlertmanager,
    retry: { attempts: 1, baseDelayMs: 0 },
  });
  const app = buildInternalServer(
    loopbackExporterConfig({ service: "vigil-exporter", logLevel: "fatal" }),
    { metrics, status, logStream: { write: () => undefined } },
  );
  return { app, status, silences, alertmanager, metrics };
}

const webhook = { authorization: `Bearer ${TEST_TOKENS.webhook}` };
const admin = { authorization: `Bearer ${TEST_TOKENS.admin}` };
const critical = webhookBody("{}:{alertname=\"EndpointDown\"}", [{ fingerprint: "a", component: "shop" }]);

describe("the status webhook", () => {
  it("opens an incident and sets the component's status from a critical alert", async () => {
    const { app, status } = await harness();
    const response = await app.inject({ method: "POST", url: STATUS_WEBHOOK_PATH, headers: webhook, payload: critical });
    expect(response.statusCode).toBe(200);
    expect(status.current.incidents.map((incident) => [incident.name, incident.status])).toEqual([["Problems with Shop", "investigating"]]);
    await status.settled();
  });

  it("answers 401 without the token, or with the admin token, changes nothing and counts it as unauthorized", async () => {
    const { app, status, metrics } = await harness();
    const before = status.current;
    for (const headers of [{}, admin, { authorization: "Bearer wrong" }]) {
      const response = await app.inject({ method: "POST", url: STATUS_WEBHOOK_PATH, headers, payload: critical });
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toBe("Bearer");
    }
    expect(status.current).toBe(before);
    const counted = await metrics.statusWebhookNotifications.get();
    expect(counted.values.map((value) => [value.labels.outcome, value.value])).toEqual([["unauthorized", 3]]);
  });

  it("answers 400 to malformed JSON and names the bad field of a wrong payload, changing nothing", async () => {
    const { app, status } = await harness();
    const before = status.current;
    const malformed = await app.inject({ method: "POST", url: STATUS_WEBHOOK_PATH, headers: { ...webhook, "content-type": "application/json" }, payload: "{\"version\": " });
    expect(malformed.statusCode).toBe(400);
    const wrong = await app.inject({ method: "POST", url: STATUS_WEBHOOK_PATH, headers: webhook, payload: { ...critical, alerts: [{ status: "firing" }] } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toContain("alerts.0.labels");
    expect(status.current).toBe(before);
  });

  it("answers 422 naming an unknown component, changing nothing", async () => {
    const { app, status } = await harness();
    const before = status.current;
    const response = await app.inject({ method: "POST", url: STATUS_WEBHOOK_PATH, headers: webhook, payload: webhookBody("g", [{ fingerprint: "a", component: "billing" }]) });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toContain('unknown component "billing"');
    expect(status.current).toBe(before);
    const components = await app.inject({ method: "GET", url: "/api/status/components" });
    expect(components.json()).toEqual({});
  });
});

describe("the admin API", () => {
  it("refuses every admin route without the admin token", async () => {
    const { app } = await harness();
    for (const [method, url] of [["GET", "/api/status/state"], ["POST", "/api/status/incidents"], ["POST", "/api/status/incidents/x/updates"], ["POST", "/api/status/maintenances"], ["DELETE", "/api/status/maintenances/x"], ["POST", "/api/status/publish"]] as const) {
      const response = await app.inject({ method, url, headers: webhook, ...(method === "POST" ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("opens, updates and resolves an incident", async () => {
    const { app, status } = await harness();
    const opened = await app.inject({ method: "POST", url: "/api/status/incidents", headers: admin, payload: { name: "Checkout errors", body: "Investigating.", components: { shop: "partial_outage" } } });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;
    const resolved = await app.inject({ method: "POST", url: `/api/status/incidents/${id}/updates`, headers: admin, payload: { status: "resolved", body: "Fixed." } });
    expect(resolved.statusCode).toBe(200);
    expect(status.current.incidents[0]).toMatchObject({ status: "resolved" });
    const missing = await app.inject({ method: "POST", url: "/api/status/incidents/nope/updates", headers: admin, payload: { status: "resolved", body: "x" } });
    expect(missing.statusCode).toBe(404);
    await status.settled();
  });

  it("answers 400 naming the field for a bad status or an unknown component", async () => {
    const { app, status } = await harness();
    const badStatus = await app.inject({ method: "POST", url: "/api/status/incidents", headers: admin, payload: { name: "x", body: "y", components: { shop: "on_fire" } } });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error).toContain("components.shop");
    const unknown = await app.inject({ method: "POST", url: "/api/status/incidents", headers: admin, payload: { name: "x", body: "y", components: { billing: "major_outage" } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toContain('components: unknown component "billing"');
    expect(status.current.incidents).toEqual([]);
  });

  it("schedules maintenance with an Alertmanager silence for its components, and expires it on cancel", async () => {
    const { app, status, silences } = await harness();
    const scheduled = await app.inject({
      method: "POST",
      url: "/api/status/maintenances",
      headers: admin,
      payload: { name: "Database upgrade", body: "Short outage.", scheduledFor: "2026-11-23T02:00:00Z", scheduledUntil: "2026-11-23T03:00:00Z", componentIds: ["shop", "api"] },
    });
    expect(scheduled.statusCode).toBe(201);
    expect(scheduled.json()).toMatchObject({ silenceId: "silence-1" });
    expect(silences[0]).toMatchObject({
      url: "http://127.0.0.1:9/api/v2/silences",
      method: "POST",
      body: { matchers: [{ name: "component", value: "shop|api", isRegex: true, isEqual: true }], startsAt: "2026-11-23T02:00:00Z", endsAt: "2026-11-23T03:00:00Z" },
    });
    const cancelled = await app.inject({ method: "DELETE", url: `/api/status/maintenances/${scheduled.json().id}`, headers: admin });
    expect(cancelled.statusCode).toBe(200);
    expect(silences[1]).toMatchObject({ url: "http://127.0.0.1:9/api/v2/silence/silence-1", method: "DELETE" });
    const backwards = await app.inject({ method: "POST", url: "/api/status/maintenances", headers: admin, payload: { name: "x", body: "y", scheduledFor: "2026-11-23T03:00:00Z", scheduledUntil: "2026-11-23T02:00:00Z", componentIds: ["shop"] } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error).toContain("scheduledUntil");
    await status.settled();
  });
});

describe("maintenance silences when Alertmanager is away", () => {
  const window = { name: "Database upgrade", body: "Short outage.", scheduledFor: "2099-01-01T02:00:00Z", scheduledUntil: "2099-01-01T03:00:00Z", componentIds: ["shop"] };

  it("creates the silence on a later pass when scheduling could not, and expires it later when cancelling could not", async () => {
    const { app, status, silences, alertmanager } = await harness();
    alertmanager.up = false;
    const scheduled = await app.inject({ method: "POST", url: "/api/status/maintenances", headers: admin, payload: window });
    // Scheduled, and the operator told the silence is missing (502 with the window).
    expect(scheduled.statusCode).toBe(502);
    const id = (scheduled.json() as { maintenance: { id: string } }).maintenance.id;
    expect(status.current.maintenances.find((m) => m.id === id)?.silenceId).toBeNull();

    alertmanager.up = true;
    await status.tick();
    expect(status.current.maintenances.find((m) => m.id === id)?.silenceId).toBe("silence-1");

    alertmanager.up = false;
    const cancelled = await app.inject({ method: "DELETE", url: `/api/status/maintenances/${id}`, headers: admin });
    expect(cancelled.statusCode).toBe(200);
    // Cancelled on the page at once; the silence is still to be expired.
    expect(status.current.maintenances.find((m) => m.id === id)).toMatchObject({ cancelled: true, silenceId: "silence-1" });

    alertmanager.up = true;
    await status.tick();
    expect(silences.at(-1)).toMatchObject({ url: "http://127.0.0.1:9/api/v2/silence/silence-1", method: "DELETE" });
    expect(status.current.maintenances.find((m) => m.id === id)?.silenceId).toBeNull();
    await status.settled();
  });
});

describe("npm run status against the admin API", () => {
  it("opens and resolves an incident over HTTP with the admin token", async () => {
    const { app, status } = await harness();
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      const open = parseStatusCommand(["incident", "open", "--name", "Slow search", "--body", "Looking.", "--component", "api=degraded_performance", "--url", url]);
      const opened = await sendAdminRequest(open.url, TEST_TOKENS.admin, open.request);
      expect(opened.status).toBe(201);
      const id = (opened.body as { id: string }).id;
      const resolve = parseStatusCommand(["incident", "resolve", id, "--url", url]);
      expect((await sendAdminRequest(resolve.url, TEST_TOKENS.admin, resolve.request)).status).toBe(200);
      expect(status.current.incidents[0]).toMatchObject({ name: "Slow search", status: "resolved" });
      expect((await sendAdminRequest(url, "wrong", open.request)).status).toBe(401);
      await status.settled();
    } finally {
      await app.close();
    }
  });
});
