// What other parts of vigil rely on in the vigil exporter: the names of the metrics it
// serves (alert rules and dashboards select on them) and the paths it answers. Defined
// once here; the exporter's metrics modules register metrics under these names.

export const EXPORTER_METRICS = {
  /** Counter, labels `route` (template), `method`, `status_class`: HTTP requests the exporter answered. */
  httpRequests: "vigil_http_requests_total",
  /** Histogram, same labels: time from receiving a request to sending its response. */
  httpRequestDuration: "vigil_http_request_duration_seconds",

  /** Histogram, label `metric`: how long each business query took. */
  businessQueryDuration: "vigil_business_query_duration_seconds",
  /** Counter, label `metric`: business queries that failed or timed out. */
  businessQueryErrors: "vigil_business_query_errors_total",
  /** Gauge, label `metric`: unix time of each business query's last success. */
  businessQueryLastSuccess: "vigil_business_query_last_success_timestamp_seconds",
  /** Counter, labels `event`, `label`: new label values beyond the cap, counted as `other`. */
  businessEventLabelsFolded: "vigil_business_event_labels_folded_total",
  /** Counter, label `reason` (unauthorized | invalid): POST /events batches refused. */
  businessEventBatchesRejected: "vigil_business_event_batches_rejected_total",

  /** Counter, labels `outcome` (forwarded | rejected | rate_limited | upstream_error) and `reason`. */
  sentryEnvelopes: "vigil_sentry_envelopes_total",
  /** Counter, labels `project`, `level`, `environment`, `release`: events relayed. */
  sentryEvents: "vigil_sentry_events_total",
  /** Counter, label `status_class` (2xx…5xx, or "error" when no answer): requests to Sentry. */
  sentryUpstreamRequests: "vigil_sentry_upstream_requests_total",
  /** Histogram: latency of requests to Sentry. */
  sentryUpstreamDuration: "vigil_sentry_upstream_duration_seconds",
  /** Counter, label `rule` (sensitive_key, email, ip, cookies…): values the relay scrubbed. */
  sentryScrubbedFields: "vigil_sentry_scrubbed_fields_total",
  /** Counter: envelope bytes the relay received, as sent (before decompression). */
  sentryReceivedBytes: "vigil_sentry_received_bytes_total",
  /** Counter: envelope bytes the relay sent to Sentry. */
  sentryForwardedBytes: "vigil_sentry_forwarded_bytes_total",
  /** Gauge: envelopes being sent to Sentry or waiting for a connection. */
  sentryUpstreamInFlight: "vigil_sentry_upstream_in_flight",

  /** Counter: status-page publishes that failed after their retries. */
  statusPublishFailures: "vigil_status_publish_failures_total",
  /** Counter, label `outcome` (accepted | invalid | store_full): Alertmanager notifications to the status webhook. */
  statusWebhookNotifications: "vigil_status_webhook_notifications_total",
  /** Gauge: unix time of the last successful status-page publish. */
  statusPublishLastSuccess: "vigil_status_publish_last_success_timestamp_seconds",
} as const;

/**
 * How often the exporter republishes the status page when nothing changes (it also publishes
 * on every change). StatusPagePublishFailing's staleness limit must stay well above it.
 */
export const STATUS_PUBLISH_INTERVAL_SECONDS = 60;

/** Alertmanager posts alerts that carry a `component` label here (the status page). */
export const STATUS_WEBHOOK_PATH = "/api/alertmanager/status";

/**
 * The standard SaaS preset's business metrics (served by the exporter when the preset is
 * on; its SQL reads the documented preset schema). Dashboards and business alerts use these.
 */
export const SAAS_PRESET_METRICS = {
  /** Counter: accounts registered. */
  registrations: "saas_registrations_total",
  /** Gauge: distinct users active in the last 24 h. */
  dailyActiveUsers: "saas_daily_active_users",
  /** Gauge: distinct users active in the last 30 days. */
  monthlyActiveUsers: "saas_monthly_active_users",
  /** Gauge, label `tier` (free | basic | premium): accounts per tier. */
  accountsByTier: "saas_accounts",
  /** Counter, labels `from`, `to`: tier upgrades (the conversion funnel's steps). */
  tierUpgrades: "saas_tier_upgrades_total",
  /** Counter: analyses run (the product's unit of use). */
  analysesRun: "saas_analyses_total",
  /** Counter: payments that succeeded. */
  paymentsSucceeded: "saas_payments_succeeded_total",
  /** Counter: payments that failed. */
  paymentsFailed: "saas_payment_failures_total",
  /** Gauge: monthly recurring revenue, in the account currency. */
  monthlyRecurringRevenue: "saas_mrr",
  /** Gauge (0–1): share of the API quota used in the current period. */
  apiQuotaUsedRatio: "saas_api_quota_used_ratio",
} as const;

/** The names the preset serves; a config must not declare them again. */
export const SAAS_PRESET_NAMES: readonly string[] = Object.values(SAAS_PRESET_METRICS);
