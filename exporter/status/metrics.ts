import { Counter, Gauge, type Registry } from "prom-client";
import { EXPORTER_METRICS } from "../../core/exporter/contract";

// The status page's metrics, registered on the exporter's one registry (exporter/metrics.ts owns
// it), under the names in core/exporter/contract.ts (StatusPagePublishFailing and the monitoring
// dashboard select on the publisher's). The webhook's counter exists in every exporter, because
// the webhook does (it feeds the component alerts with or without a page); the publisher's exist
// only with a page, and StatusService registers them when main builds it.

export interface StatusWebhookMetrics {
  statusWebhookNotifications: Counter<"outcome">;
}

export function registerStatusWebhookMetrics(registry: Registry): StatusWebhookMetrics {
  return {
    statusWebhookNotifications: new Counter({
      name: EXPORTER_METRICS.statusWebhookNotifications,
      help: "Alertmanager notifications received on the status-page webhook, by outcome (accepted, store_full, invalid, unauthorized).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
  };
}

export interface PublishMetrics {
  lastSuccess: Gauge;
  failures: Counter;
}

export function registerPublishMetrics(registry: Registry): PublishMetrics {
  return {
    lastSuccess: new Gauge({
      name: EXPORTER_METRICS.statusPublishLastSuccess,
      help: "Unix time of the last status-page publish that uploaded every file (the exporter's start until the first).",
      registers: [registry],
    }),
    failures: new Counter({
      name: EXPORTER_METRICS.statusPublishFailures,
      help: "Status-page publishes that failed after their retries.",
      registers: [registry],
    }),
  };
}
