import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackExporterConfig } from "../test/support/exporter-config";
import { createMetrics, type ExporterMetrics } from "./metrics";
import { Readiness } from "./readiness";
import { buildIngestServer, buildInternalServer } from "./server";

const config = loopbackExporterConfig();

type LogLine = Record<string, unknown>;

interface Harness {
  app: FastifyInstance;
  metrics: ExporterMetrics;
  readiness: Readiness;
  logs: LogLine[];
}

const started: FastifyInstance[] = [];

function harness(): Harness {
  const metrics = createMetrics(config.service);
  const readiness = new Readiness();
  const logs: LogLine[] = [];
  const app = buildInternalServer(config, {
    metrics,
    readiness,
    logStream: { write: (line) => logs.push(JSON.parse(line) as LogLine) },
  });
  started.push(app);
  return { app, metrics, readiness, logs };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.close()));
});

describe("GET /health", () => {
  it("answers 200 {status: ok}", async () => {
    const { app } = harness();
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /ready", () => {
  it("answers 200 with the checks when every check passes", async () => {
    const { app, readiness } = harness();
    readiness.register("postgres", async () => ({ ok: true }));
    const response = await app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true, checks: { postgres: { ok: true } } });
  });

  it("answers 503 with the reasons when a check fails", async () => {
    const { app, readiness } = harness();
    readiness.register("postgres", async () => ({ ok: true }));
    readiness.register("redis", async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
    });
    const response = await app.inject({ method: "GET", url: "/ready" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      ready: false,
      checks: { postgres: { ok: true }, redis: { ok: false, reason: "connect ECONNREFUSED 127.0.0.1:6379" } },
    });
  });

  it("answers 503 'shutting down' once draining while /health stays 200", async () => {
    const { app, readiness } = harness();
    readiness.markDraining();
    const ready = await app.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ ready: false, checks: { shutdown: { ok: false, reason: "shutting down" } } });
    expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });

  it("asks clients to close their connection once draining, so close() is not held up by keep-alive", async () => {
    const { app, readiness } = harness();
    expect((await app.inject({ method: "GET", url: "/health" })).headers.connection).not.toBe("close");
    readiness.markDraining();
    expect((await app.inject({ method: "GET", url: "/health" })).headers.connection).toBe("close");
  });
});

describe("GET /metrics", () => {
  it("serves the registry in the Prometheus text format with default metrics labelled by service", async () => {
    const { app, metrics } = harness();
    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe(metrics.registry.contentType);
    expect(response.body).toMatch(/^process_cpu_user_seconds_total\{service="vigil-exporter-test"\} /m);
    expect(response.body).toMatch(/^nodejs_heap_size_used_bytes\{service="vigil-exporter-test"\} /m);
  });

  it("counts requests by route template, method and status class, never by raw URL", async () => {
    const { app } = harness();
    await app.inject({ method: "GET", url: "/health" });
    await app.inject({ method: "GET", url: "/health?probe=1" });
    await app.inject({ method: "GET", url: "/wp-admin/setup.php" });
    const body = (await app.inject({ method: "GET", url: "/metrics" })).body;

    const service = "vigil-exporter-test";
    const health = { route: "/health", method: "GET", status_class: "2xx", service };
    const unmatched = { route: "unmatched", method: "GET", status_class: "4xx", service };
    expect(sampleValue(body, "vigil_http_requests_total", health)).toBe(2);
    expect(sampleValue(body, "vigil_http_requests_total", unmatched)).toBe(1);
    expect(sampleValue(body, "vigil_http_request_duration_seconds_count", health)).toBe(2);
    expect(sampleValue(body, "vigil_http_request_duration_seconds_bucket", { ...health, le: "+Inf" })).toBe(2);
    expect(body).not.toContain("wp-admin");
    expect(body).not.toContain("probe=1");
  });

  it("labels a failing readiness probe as 5xx", async () => {
    const { app, readiness } = harness();
    readiness.markDraining();
    await app.inject({ method: "GET", url: "/ready" });
    const body = (await app.inject({ method: "GET", url: "/metrics" })).body;
    const labels = { route: "/ready", method: "GET", status_class: "5xx", service: "vigil-exporter-test" };
    expect(sampleValue(body, "vigil_http_requests_total", labels)).toBe(1);
  });
});

/** The value of the one sample with exactly these labels (in any order), or undefined. */
function sampleValue(body: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const line of body.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = [...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]);
    if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
  }
  return undefined;
}

describe("request ids", () => {
  it("echoes a sane x-request-id and puts it on every log line of that request", async () => {
    const { app, logs } = harness();
    const response = await app.inject({ method: "GET", url: "/health", headers: { "x-request-id": "edge-7f3a:42.b_c" } });
    expect(response.headers["x-request-id"]).toBe("edge-7f3a:42.b_c");
    const lines = logs.filter((line) => line.requestId === "edge-7f3a:42.b_c");
    expect(lines.map((line) => line.msg)).toEqual(["incoming request", "request completed"]);
  });

  it("generates a UUID when the header is absent", async () => {
    const { app } = harness();
    const response = await app.inject({ method: "GET", url: "/health" });
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ["too long", "a".repeat(129)],
    ["with spaces", "abc def"],
    ["with a quote and braces", '"},{"level":60'],
    ["empty", ""],
  ])("replaces a header value that is %s with a UUID", async (_case, supplied) => {
    const { app, logs } = harness();
    const response = await app.inject({ method: "GET", url: "/health", headers: { "x-request-id": supplied } });
    const echoed = response.headers["x-request-id"];
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.some((line) => line.requestId === echoed)).toBe(true);
    expect(logs.some((line) => line.requestId === supplied)).toBe(false);
  });

  it("accepts a 128-character id", async () => {
    const { app } = harness();
    const supplied = "r".repeat(128);
    const response = await app.inject({ method: "GET", url: "/health", headers: { "x-request-id": supplied } });
    expect(response.headers["x-request-id"]).toBe(supplied);
  });

  it("echoes the id on unmatched routes too", async () => {
    const { app } = harness();
    const response = await app.inject({ method: "GET", url: "/nowhere", headers: { "x-request-id": "trace-1" } });
    expect(response.statusCode).toBe(404);
    expect(response.headers["x-request-id"]).toBe("trace-1");
  });
});

describe("logs", () => {
  it("are JSON with the service on every line, at the configured level", async () => {
    const { app, logs } = harness();
    await app.inject({ method: "GET", url: "/health" });
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line.service).toBe("vigil-exporter-test");
      expect(line.level).toBe(30);
    }
  });
});

describe("POST the status webhook", () => {
  const path = "/api/alertmanager/status";
  const payload = {
    version: "4",
    status: "firing",
    receiver: "status-page",
    alerts: [
      {
        status: "firing",
        labels: { alertname: "EndpointDown", severity: "critical", component: "shop" },
        annotations: { summary: "shop is down" },
        startsAt: "2026-11-22T10:00:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        fingerprint: "f1",
      },
    ],
  };

  it("records the component's firing alerts and counts the notification", async () => {
    const { app, metrics } = harness();
    const response = await app.inject({ method: "POST", url: path, payload });
    expect(response.statusCode).toBe(200);
    const components = (await app.inject({ method: "GET", url: "/api/status/components" })).json();
    expect(components.shop[0].alertname).toBe("EndpointDown");
    expect(await metrics.registry.getSingleMetricAsString("vigil_status_webhook_notifications_total")).toMatch(
      /outcome="accepted"[^}]*\} 1$/m,
    );
  });

  it("answers 400 naming the bad field, and counts it as invalid", async () => {
    const { app, metrics } = harness();
    const broken = { ...payload, alerts: [{ ...payload.alerts[0], fingerprint: "" }] };
    const response = await app.inject({ method: "POST", url: path, payload: broken });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toContain("alerts.0.fingerprint");
    expect(await metrics.registry.getSingleMetricAsString("vigil_status_webhook_notifications_total")).toMatch(
      /outcome="invalid"[^}]*\} 1$/m,
    );
  });
});

describe("the two listeners", () => {
  it("keeps the internal routes off the ingest listener, which the application's hosts reach", async () => {
    const ingest = buildIngestServer(config, { logStream: { write: () => undefined } });
    started.push(ingest);
    for (const [method, url] of [["GET", "/metrics"], ["GET", "/ready"], ["POST", "/api/alertmanager/status"], ["GET", "/api/status/components"]] as const) {
      expect((await ingest.inject({ method, url, payload: method === "POST" ? {} : undefined })).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await ingest.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });

  it("serves no ingest route on the internal listener", async () => {
    const { app } = harness();
    expect((await app.inject({ method: "POST", url: "/events", payload: [] })).statusCode).toBe(404);
  });
});
