import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { buildDemoApp, type ServerErrorContext, TRAFFIC } from "./server";

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

  it("fails API requests at the rate set at run time, and only API requests", async () => {
    const faulty = buildDemoApp();
    try {
      const set = await faulty.inject({ method: "PUT", url: "/admin/faults", payload: { errorRate: 0.5 } });
      expect(set.json()).toEqual({ errorRate: 0.5, extraLatencyMs: 0, publicPageDown: false, failNextScrapes: 0 });
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await faulty.inject({ method: "GET", url: "/api/items/1" })).statusCode);
      expect(statuses.filter((status) => status === 500)).toHaveLength(5);
      expect((await faulty.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
      expect((await faulty.inject({ method: "PUT", url: "/admin/faults", payload: { errorRate: 2 } })).json().error).toMatch(/^errorRate: /);
    } finally {
      await faulty.close();
    }
  });

  it("serves /api/items from the cache when it has it", async () => {
    const store = new Map<string, string>();
    const cached = buildDemoApp(undefined, { cache: { get: async (key) => store.get(key), set: async (key, value) => void store.set(key, value) } });
    try {
      expect((await cached.inject({ method: "GET", url: "/api/items" })).json().cached).toBe(false);
      expect((await cached.inject({ method: "GET", url: "/api/items" })).json().cached).toBe(true);
    } finally {
      await cached.close();
    }
  });

  it("logs one JSON line per request with its request_id, route, status and level, as README asks of an application", async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    const errors: ServerErrorContext[] = [];
    const logged = buildDemoApp(undefined, { logStream: stream, onServerError: (_error, context) => errors.push(context) });
    try {
      await logged.inject({ method: "GET", url: "/api/items/1", headers: { "x-request-id": "req-1" } });
      await logged.inject({ method: "GET", url: "/api/fail", headers: { "x-request-id": 'bad id" or 1' } });
      await logged.inject({ method: "GET", url: "/metrics" });
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records).toHaveLength(2);
      expect(records[0]).toMatchObject({ level: "info", service: "demo", request_id: "req-1", route: "/api/items/:id", method: "GET", status: 200, msg: "request" });
      expect(Date.parse(String(records[0]?.time))).not.toBeNaN();
      // A caller's id that could break a log query is replaced by one of the app's own.
      expect(records[1]).toMatchObject({ level: "error", route: "/api/fail", status: 500 });
      expect(records[1]?.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(errors).toEqual([{ route: "/api/fail", requestId: records[1]?.request_id }]);
    } finally {
      await logged.close();
    }
  });
});
