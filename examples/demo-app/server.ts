import { randomUUID } from "node:crypto";
import Fastify, { LogController } from "fastify";
import type { FastifyInstance } from "fastify";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { EvenFailures, faultsSchema, NO_FAULTS, type Faults } from "./faults";

/** What the demo app reads through a cache; absent, every read is served from memory. */
export interface ItemCache {
  /** The cached value, or undefined on a miss or when the cache is unreachable. */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** Where a 5xx happened: its route template and the request id its log lines carry. */
export interface ServerErrorContext {
  route: string;
  requestId: string;
}

/** Called for each 5xx the app answers, e.g. to report it to Sentry, tagged with the request id. */
export type ServerErrorListener = (error: Error, context: ServerErrorContext) => void;

/** Called for each checkout, e.g. to send a business event to the vigil exporter. */
export type CheckoutListener = (checkout: { plan: string; entry: string }) => void;

// A small stand-in for the monitored application: an HTTP service instrumented with
// prom-client under the configured HTTP metric names (prometheus-fastapi-instrumentator's
// by default), with a little synthetic traffic so dashboards have data.

export interface DemoAppOptions {
  /** Metric and label names, as in the vigil config's app.httpMetrics. */
  requestsTotal: string;
  requestDuration: string;
  routeLabel: string;
  methodLabel: string;
  statusLabel: string;
}

export const DEFAULT_DEMO_OPTIONS: DemoAppOptions = {
  requestsTotal: "http_requests_total",
  requestDuration: "http_request_duration_seconds",
  routeLabel: "handler",
  methodLabel: "method",
  statusLabel: "status",
};

export interface DemoAppDeps {
  cache?: ItemCache;
  onCheckout?: CheckoutListener;
  onServerError?: ServerErrorListener;
  /**
   * Where the JSON log lines go (one per request, pino's format through Fastify's logger);
   * absent, the app logs nothing. main.ts passes stdout, which the log shipper collects.
   */
  logStream?: NodeJS.WritableStream;
}

/** The header a request id is taken from (a proxy's or the caller's) and answered in. */
export const REQUEST_ID_HEADER = "x-request-id";
/** A caller's id is kept only if it looks like one: no spaces or quotes to break a log query. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function buildDemoApp(options: DemoAppOptions = DEFAULT_DEMO_OPTIONS, deps: DemoAppDeps = {}): FastifyInstance {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: options.requestsTotal,
    help: "Requests served, by route template, method and status class.",
    labelNames: [options.routeLabel, options.methodLabel, options.statusLabel],
    registers: [registry],
  });
  const duration = new Histogram({
    name: options.requestDuration,
    help: "Request duration in seconds, by route template and method.",
    labelNames: [options.routeLabel, options.methodLabel],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // Keep-alive sockets from scrapers must not hold up a shutdown. The log lines are what
  // README's "Logging" asks of an application: JSON, one per request, with request_id (the
  // field the Logs dashboard and VictoriaLogs are searched by), route, status and level.
  const app = Fastify({
    forceCloseConnections: true,
    logger: deps.logStream
      ? {
          stream: deps.logStream,
          base: { service: "demo" },
          // Levels as words ("info", "error"), the `level` field the Logs dashboard filters by.
          formatters: { level: (label: string) => ({ level: label }) },
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
        }
      : false,
    // Fastify's own two lines per request carry whole req/res objects; the one line below is enough.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "request_id" }),
    genReqId: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === "string" && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  let faults: Faults = NO_FAULTS;
  const failures = new EvenFailures();
  // Requests the public-page fault holds; answered once the fault is cleared, so nothing piles up.
  let releaseHeld: () => void = () => undefined;
  let held = Promise.resolve();

  // Faults apply to the API only: /healthz, /metrics and /admin keep answering, so the
  // stack sees the application misbehave rather than vanish.
  app.addHook("preHandler", async (request, reply) => {
    if (!request.routeOptions.url?.startsWith("/api/")) return;
    if (faults.extraLatencyMs > 0) await pause(faults.extraLatencyMs, faults.extraLatencyMs);
    if (faults.errorRate > 0 && failures.shouldFail(faults.errorRate)) {
      deps.onServerError?.(new Error("injected failure"), { route: request.routeOptions.url ?? "unmatched", requestId: request.id });
      return reply.code(500).send({ error: "injected failure" });
    }
  });

  app.get("/admin/faults", async () => faults);
  app.put("/admin/faults", async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({ error: parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") });
    }
    if (parsed.data.publicPageDown && !faults.publicPageDown) held = new Promise((resolve) => (releaseHeld = resolve));
    if (!parsed.data.publicPageDown) releaseHeld();
    faults = parsed.data;
    return faults;
  });
  // The caller can find its request's lines by the id it is answered with.
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/metrics") return;
    const line = { route, method: request.method, status: reply.statusCode, duration_ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (reply.statusCode >= 500) request.log.error(line, "request failed");
    else request.log.info(line, "request");
    // Status classes, as the instrumentator groups them by default.
    const statusClass = `${Math.floor(reply.statusCode / 100)}xx`;
    requests.inc({ [options.routeLabel]: route, [options.methodLabel]: request.method, [options.statusLabel]: statusClass });
    duration.observe({ [options.routeLabel]: route, [options.methodLabel]: request.method }, reply.elapsedTime / 1000);
  });

  // Routes with the shapes the API dashboard needs to show something: fast and slow ones,
  // a 404 for unknown ids, a POST, and a route that always fails (for tests that need a
  // 5xx; the synthetic traffic never calls it, so the local stack stays within its SLO).
  app.get("/", async () => {
    // No answer while the fault is on: the probe times out, as it would on a wedged proxy.
    if (faults.publicPageDown) await held;
    return { service: "demo", status: "ok" };
  });
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/api/items", async () => {
    const cached = await deps.cache?.get("cache:items");
    if (cached !== undefined) return { items: JSON.parse(cached) as typeof ITEMS, cached: true };
    await pause(5, 50);
    await deps.cache?.set("cache:items", JSON.stringify(ITEMS), 2);
    return { items: ITEMS, cached: false };
  });
  app.get<{ Params: { id: string } }>("/api/items/:id", async (request, reply) => {
    await pause(2, 20);
    const item = ITEMS.find((candidate) => String(candidate.id) === request.params.id);
    return item ?? reply.code(404).send({ error: "no such item" });
  });
  app.get("/api/search", async () => {
    await pause(50, 300);
    return { results: ITEMS.slice(0, 2) };
  });
  // The slow one, still under the default 1 s p95 budget of HighLatencyP95.
  app.get("/api/reports", async () => {
    await pause(150, 450);
    return { report: "weekly", rows: 42 };
  });
  app.post("/api/checkout", async (_request, reply) => {
    await pause(20, 120);
    const plans = ["free", "basic", "premium"] as const;
    deps.onCheckout?.({ plan: plans[Math.floor(Math.random() * plans.length)] ?? "free", entry: "pricing" });
    return reply.code(201).send({ order: "created" });
  });
  app.get("/api/fail", async (request, reply) => {
    deps.onServerError?.(new Error("deliberate failure"), { route: "/api/fail", requestId: request.id });
    return reply.code(500).send({ error: "deliberate failure" });
  });
  app.get("/metrics", async (_request, reply) => {
    if (faults.failNextScrapes > 0) {
      faults = { ...faults, failNextScrapes: faults.failNextScrapes - 1 };
      return reply.code(503).send("injected scrape failure");
    }
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
  return app;
}

const ITEMS = [
  { id: 1, name: "notebook" },
  { id: 2, name: "pen" },
  { id: 3, name: "ink" },
];

/** Waits a random time between `min` and `max` milliseconds: a handler doing work. */
function pause(min: number, max: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)));
}

/** One round of synthetic traffic: every route but /api/fail, the cheap ones more often. */
export const TRAFFIC: ReadonlyArray<{ method: "GET" | "POST"; path: string }> = [
  { method: "GET", path: "/" },
  { method: "GET", path: "/api/items" },
  { method: "GET", path: "/api/items/1" },
  { method: "GET", path: "/api/search" },
  { method: "GET", path: "/api/items" },
  { method: "GET", path: "/healthz" },
  { method: "POST", path: "/api/checkout" },
  { method: "GET", path: "/api/items/2" },
  { method: "GET", path: "/api/reports" },
  { method: "GET", path: "/api/items/404" },
];

/**
 * Requests to the app itself, only on 127.0.0.1, at a fixed gentle rate; stops with the
 * returned function and, in any case, after `maxRequests`.
 */
export function startSyntheticTraffic(baseUrl: string, perSecond = 5, maxRequests = 500_000): () => void {
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= maxRequests) return clearInterval(timer);
    const request = TRAFFIC[sent % TRAFFIC.length] ?? { method: "GET", path: "/" };
    sent += 1;
    fetch(`${baseUrl}${request.path}`, { method: request.method, signal: AbortSignal.timeout(2_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }, 1000 / perSecond);
  timer.unref();
  return () => clearInterval(timer);
}
