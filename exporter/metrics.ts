import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { EXPORTER_METRICS } from "../core/exporter/contract";

type HttpLabel = "route" | "method" | "status_class";

/** Route label for requests that matched no route, so scanners cannot mint new series. */
export const UNMATCHED_ROUTE = "unmatched";

export interface ExporterMetrics {
  registry: Registry;
  httpRequestsTotal: Counter<HttpLabel>;
  httpRequestDuration: Histogram<HttpLabel>;
  businessQueryDuration: Histogram<"metric">;
  businessQueryErrors: Counter<"metric">;
  businessQueryLastSuccess: Gauge<"metric">;
  eventLabelsFolded: Counter<"event" | "label">;
  eventBatchesRejected: Counter<"reason">;
  statusWebhookNotifications: Counter<"outcome">;
}

export interface HttpResponseObservation {
  /** The route template (`request.routeOptions.url`); undefined when nothing matched. */
  route: string | undefined;
  method: string;
  statusCode: number;
  durationSeconds: number;
}

// This module is the only owner of the Registry: prom-client refuses a metric registered twice,
// so defining every metric here keeps the names and label sets in one reviewed place.
export function createMetrics(service: string): ExporterMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  const httpRequestsTotal = new Counter({
    name: "vigil_http_requests_total",
    help: "HTTP requests answered by the vigil exporter, by route template, method and status class.",
    labelNames: ["route", "method", "status_class"] as const,
    registers: [registry],
  });
  const httpRequestDuration = new Histogram({
    name: "vigil_http_request_duration_seconds",
    help: "Time from receiving a request to sending its response, by route template, method and status class.",
    labelNames: ["route", "method", "status_class"] as const,
    registers: [registry],
  });
  const businessQueryDuration = new Histogram({
    name: EXPORTER_METRICS.businessQueryDuration,
    help: "How long each business metric's query (SQL or Redis) took, failures included.",
    labelNames: ["metric"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const businessQueryErrors = new Counter({
    name: EXPORTER_METRICS.businessQueryErrors,
    help: "Business metric queries that failed, timed out or returned a result the metric cannot use.",
    labelNames: ["metric"] as const,
    registers: [registry],
  });
  const businessQueryLastSuccess = new Gauge({
    name: EXPORTER_METRICS.businessQueryLastSuccess,
    help: "Unix time of each business metric query's last success.",
    labelNames: ["metric"] as const,
    registers: [registry],
  });
  const eventLabelsFolded = new Counter({
    name: EXPORTER_METRICS.businessEventLabelsFolded,
    help: "Event label values beyond the label's cardinality cap, counted as \"other\" instead.",
    labelNames: ["event", "label"] as const,
    registers: [registry],
  });
  const eventBatchesRejected = new Counter({
    name: EXPORTER_METRICS.businessEventBatchesRejected,
    help: "POST /events batches refused, by reason (unauthorized, invalid).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const statusWebhookNotifications = new Counter({
    name: EXPORTER_METRICS.statusWebhookNotifications,
    help: "Alertmanager notifications received on the status-page webhook, by outcome (accepted, store_full, invalid, unauthorized).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  return {
    registry,
    statusWebhookNotifications,
    httpRequestsTotal,
    httpRequestDuration,
    businessQueryDuration,
    businessQueryErrors,
    businessQueryLastSuccess,
    eventLabelsFolded,
    eventBatchesRejected,
  };
}

// Labels are route templates and status classes, never raw URLs or exact codes: a raw URL would
// turn every probed path into a new time series.
export function recordHttpResponse(metrics: ExporterMetrics, observation: HttpResponseObservation): void {
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
