import { afterAll, describe, expect, it } from "vitest";
import { buildDemoApp, TRAFFIC } from "./server";

// The demo app stands in for the monitored application: its metrics must carry the names
// and labels the dashboards select on, with route templates as labels, never raw URLs.

const app = buildDemoApp();
afterAll(() => app.close());

describe("the demo app", () => {
  it("answers its routes with the statuses the API dashboard charts", async () => {
    const status = async (method: "GET" | "POST", url: string) => (await app.inject({ method, url })).statusCode;
    expect(await status("GET", "/api/items/1")).toBe(200);
    expect(await status("GET", "/api/items/404")).toBe(404);
    expect(await status("POST", "/api/checkout")).toBe(201);
    expect(await status("GET", "/api/fail")).toBe(500);
  });

  it("counts requests by route template, method and status class", async () => {
    await app.inject({ method: "GET", url: "/api/items/3" });
    const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toContain('http_requests_total{handler="/api/items/:id",method="GET",status="2xx"}');
    expect(metrics).toContain('http_requests_total{handler="/api/fail",method="GET",status="5xx"}');
    expect(metrics).toContain('http_request_duration_seconds_bucket{le="0.005",handler="/api/items/:id",method="GET"}');
    expect(metrics).not.toContain("/api/items/3");
  });

  it("sends synthetic traffic to every route but the failing one", () => {
    expect(TRAFFIC.map((request) => request.path)).not.toContain("/api/fail");
    expect(new Set(TRAFFIC.map((request) => request.path)).size).toBeGreaterThan(5);
  });
});
