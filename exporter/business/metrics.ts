import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { EXPORTER_METRICS } from "../../core/exporter/contract";

// What the business collector says about its own queries, registered on the exporter's one
// registry (exporter/metrics.ts owns it). The names are the contract in core/exporter/contract.ts
// that the business alerts and the dashboards' business area select on. The business metrics themselves
// are not here: their series are the queries' results, rendered apart (business/render.ts).

export interface BusinessQueryMetrics {
  businessQueryDuration: Histogram<"metric">;
  businessQueryErrors: Counter<"metric">;
  businessQueryLastSuccess: Gauge<"metric">;
}

export function registerBusinessQueryMetrics(registry: Registry): BusinessQueryMetrics {
  return {
    businessQueryDuration: new Histogram({
      name: EXPORTER_METRICS.businessQueryDuration,
      help: "How long each business metric's query (SQL or Redis) took, failures included.",
      labelNames: ["metric"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    businessQueryErrors: new Counter({
      name: EXPORTER_METRICS.businessQueryErrors,
      help: "Business metric queries that failed, timed out or returned a result the metric cannot use.",
      labelNames: ["metric"] as const,
      registers: [registry],
    }),
    businessQueryLastSuccess: new Gauge({
      name: EXPORTER_METRICS.businessQueryLastSuccess,
      help: "Unix time of each business metric query's last success.",
      labelNames: ["metric"] as const,
      registers: [registry],
    }),
  };
}
