import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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

export function buildDemoApp(options: DemoAppOptions = DEFAULT_DEMO_OPTIONS): FastifyInstance {
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

  // Keep-alive sockets from scrapers must not hold up a shutdown.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route === "/metrics") return;
    // Status classes, as the instrumentator groups them by default.
    const statusClass = `${Math.floor(reply.statusCode / 100)}xx`;
    requests.inc({ [options.routeLabel]: route, [options.methodLabel]: request.method, [options.statusLabel]: statusClass });
    duration.observe({ [options.routeLabel]: route, [options.methodLabel]: request.method }, reply.elapsedTime / 1000);
  });

  app.get("/", async () => ({ service: "demo", status: "ok" }));
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/api/items", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 45));
    return { items: [1, 2, 3] };
  });
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
  return app;
}

/**
 * Requests to the app itself, only on 127.0.0.1, at a fixed gentle rate; stops with the
 * returned function and, in any case, after `maxRequests`.
 */
export function startSyntheticTraffic(baseUrl: string, perSecond = 5, maxRequests = 500_000): () => void {
  const paths = ["/", "/api/items", "/api/items", "/healthz"];
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= maxRequests) return clearInterval(timer);
    const path = paths[sent % paths.length] ?? "/";
    sent += 1;
    fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }, 1000 / perSecond);
  timer.unref();
  return () => clearInterval(timer);
}
