import type { BusinessMetricType } from "../../core/exporter/business-definitions";

// What the business collector reads: SQL queries (business/sql.ts) and Redis keys
// (business/redis.ts) each become a source the collector polls on its interval.

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One business metric and how to read it. */
export interface MetricSource {
  name: string;
  help: string;
  type: BusinessMetricType;
  labelNames: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  /** The current samples; throws when the read fails or its result is unusable. */
  read(): Promise<Sample[]>;
}
