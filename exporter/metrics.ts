import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { EXPORTER_METRICS } from "../core/exporter/contract";
import { registerBusinessQueryMetrics, type BusinessQueryMetrics } from "./business/metrics";
import { registerEventMetrics, type EventMetrics } from "./events/metrics";
import { registerStatusWebhookMetrics, type StatusWebhookMetrics } from "./status/metrics";

type HttpLabel = "route" | "method" | "status_class";

/** Route label for requests that matched no route, so scanners cannot mint new series. */
export const UNMATCHED_ROUTE = "unmatched";

export interface HttpMetrics {
  httpRequestsTotal: Counter<HttpLabel>;
  httpRequestDuration: Histogram<HttpLabel>;
}

/** The registry, the listeners' HTTP metrics, and the metrics of the features every exporter has. */
export interface ExporterMetrics extends HttpMetrics, BusinessQueryMetrics, EventMetrics, StatusWebhookMetrics {
  registry: Registry;
}

export interface HttpResponseObservation {
  /** The route template (`request.routeOptions.url`); undefined when nothing matched. */
  route: string | undefined;
  method: string;
  statusCode: number;
  durationSeconds: number;
}

// This module owns the exporter's one Registry: /metrics renders it, and prom-client refuses a
// name registered twice on it. Each metric is defined once, in its feature's metrics module
// (business/, events/, status/ and relay/metrics.ts; the listeners' HTTP metrics here), and
// registered on this registry. The features every exporter has register theirs here, at once;
// the Sentry relay and the status publisher, which exist only when configured, register theirs
// on this registry when main builds them.
export function createMetrics(service: string): ExporterMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    ...registerHttpMetrics(registry),
    ...registerBusinessQueryMetrics(registry),
    ...registerEventMetrics(registry),
    ...registerStatusWebhookMetrics(registry),
  };
}

function registerHttpMetrics(registry: Registry): HttpMetrics {
  return {
    httpRequestsTotal: new Counter({
      name: EXPORTER_METRICS.httpRequests,
      help: "HTTP requests answered by the vigil exporter, by route template, method and status class.",
      labelNames: ["route", "method", "status_class"] as const,
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: EXPORTER_METRICS.httpRequestDuration,
      help: "Time from receiving a request to sending its response, by route template, method and status class.",
      labelNames: ["route", "method", "status_class"] as const,
      registers: [registry],
    }),
  };
}

// Labels are route templates and status classes, never raw URLs or exact codes: a raw URL would
// turn every probed path into a new time series.
export function recordHttpResponse(metrics: HttpMetrics, observation: HttpResponseObservation): void {
  const labels = {
    route: observation.route ?? UNMATCHED_ROUTE,
    method: observation.method,
    status_class: statusClass(observation.statusCode),
  };
  metrics.httpRequestsTotal.inc(labels);
  metrics.httpRequestDuration.observe(labels, observation.durationSeconds);
}

/** 204 → "2xx", 503 → "5xx". */
export function statusClass(statusCode: number): string {
  return `${Math.floor(statusCode / 100)}xx`;
}
