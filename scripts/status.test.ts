import { describe, expect, it } from "vitest";
import { parseStatusCommand, sendAdminRequest, UsageError } from "./status";

describe("npm run status", () => {
  it("opens an incident with component statuses", () => {
    const parsed = parseStatusCommand(["incident", "open", "--name", "Checkout errors", "--body", "Looking.", "--component", "shop=partial_outage", "--component", "api=degraded_performance"]);
    expect(parsed.request).toEqual({
      method: "POST",
      path: "/api/status/incidents",
      body: { name: "Checkout errors", body: "Looking.", components: { shop: "partial_outage", api: "degraded_performance" } },
    });
    expect(parsed.url).toBe("http://127.0.0.1:9464");
  });

  it("posts updates and resolutions to the incident, its id escaped", () => {
    expect(parseStatusCommand(["incident", "update", "inc/1", "--status", "identified", "--body", "Found."]).request).toEqual({
      method: "POST",
      path: "/api/status/incidents/inc%2F1/updates",
      body: { status: "identified", body: "Found." },
    });
    expect(parseStatusCommand(["incident", "resolve", "inc1"]).request.body).toEqual({ status: "resolved", body: "This incident has been resolved." });
  });

  it("schedules maintenance with ISO times in UTC and cancels it", () => {
    const parsed = parseStatusCommand(["maintenance", "schedule", "--name", "Upgrade", "--body", "Short.", "--start", "2026-11-23T03:00:00+01:00", "--end", "2026-11-23T03:00:00Z", "--component", "shop"]);
    expect(parsed.request.body).toMatchObject({ scheduledFor: "2026-11-23T02:00:00.000Z", scheduledUntil: "2026-11-23T03:00:00.000Z", componentIds: ["shop"] });
    expect(parseStatusCommand(["maintenance", "cancel", "mnt1"]).request).toEqual({ method: "DELETE", path: "/api/status/maintenances/mnt1" });
  });

  it("takes the URL from --url or VIGIL_STATUS_URL", () => {
    expect(parseStatusCommand(["list"], { VIGIL_STATUS_URL: "http://127.0.0.1:19464" }).url).toBe("http://127.0.0.1:19464");
    expect(parseStatusCommand(["publish", "--url", "http://127.0.0.1:1"]).url).toBe("http://127.0.0.1:1");
  });

  it("says what is missing or wrong", () => {
    expect(() => parseStatusCommand(["incident", "open", "--body", "x"])).toThrow("--name is required");
    expect(() => parseStatusCommand(["incident", "open", "--name", "n", "--body", "x", "--component", "shop"])).toThrow("expected ID=STATUS");
    expect(() => parseStatusCommand(["maintenance", "schedule", "--name", "n", "--body", "b", "--start", "tomorrow", "--end", "x", "--component", "shop"])).toThrow(UsageError);
    expect(() => parseStatusCommand(["incident", "reopen"])).toThrow("unknown command: incident reopen");
  });

  it("sends the admin token and the JSON body", async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fake = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push({ url: String(url), init });
      return new Response('{"id":"inc1"}', { status: 201 });
    }) as typeof fetch;
    const result = await sendAdminRequest("http://127.0.0.1:9464", "t0ken", { method: "POST", path: "/api/status/incidents", body: { name: "x" } }, fake);
    expect(result).toEqual({ status: 201, body: { id: "inc1" } });
    expect(seen[0]?.url).toBe("http://127.0.0.1:9464/api/status/incidents");
    expect(seen[0]?.init?.headers).toMatchObject({ authorization: "Bearer t0ken", "content-type": "application/json" });
    expect(seen[0]?.init?.body).toBe('{"name":"x"}');
  });
});
