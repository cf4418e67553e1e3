// What other parts of vigil rely on in the vigil exporter: the names of the metrics it
// serves (alert rules and dashboards select on them) and the paths it answers. Defined
// once here; the exporter's metrics modules register metrics under these names.

export const EXPORTER_METRICS = {
  /** Histogram, label `metric`: how long each business query took. */
  businessQueryDuration: "vigil_business_query_duration_seconds",
  /** Counter, label `metric`: business queries that failed or timed out. */
  businessQueryErrors: "vigil_business_query_errors_total",
  /** Gauge, label `metric`: unix time of each business query's last success. */
  businessQueryLastSuccess: "vigil_business_query_last_success_timestamp_seconds",

  /** Counter, labels `outcome` (forwarded | rejected | rate_limited | upstream_error) and `reason`. */
  sentryEnvelopes: "vigil_sentry_envelopes_total",
  /** Counter, labels `project`, `level`, `environment`, `release`: events relayed. */
  sentryEvents: "vigil_sentry_events_total",
  /** Counter, label `status_class` (2xx…5xx, or "error" when no answer): requests to Sentry. */
  sentryUpstreamRequests: "vigil_sentry_upstream_requests_total",
  /** Histogram: latency of requests to Sentry. */
  sentryUpstreamDuration: "vigil_sentry_upstream_duration_seconds",

  /** Counter: status-page publishes that failed after their retries. */
  statusPublishFailures: "vigil_status_publish_failures_total",
  /** Gauge: unix time of the last successful status-page publish. */
  statusPublishLastSuccess: "vigil_status_publish_last_success_timestamp_seconds",
} as const;

/** Alertmanager posts alerts that carry a `component` label here (the status page). */
export const STATUS_WEBHOOK_PATH = "/api/alertmanager/status";
