import { z } from "zod";
import { DURATION_PATTERN, metricName } from "../prometheus-names";

// Thresholds and durations of the alert catalog (alert-rules/), part of the one typed
// config (config.ts imports this as `alerts`). Defaults are the catalog's; an override
// that makes no sense — a ratio above 1, a zero or negative duration — fails with its path.

/** A share, 0 < x ≤ 1 (0.8 = 80%). */
const ratio = z.number().gt(0, "expected a ratio above 0").max(1, "expected a ratio of at most 1 (1 = 100%)");

/** A positive Prometheus duration, e.g. 5m or 1h30m (no zero, no sign). */
export const positiveDuration = z
  .string()
  .regex(DURATION_PATTERN, "expected a positive Prometheus duration such as 30s, 5m or 1h")
  .refine((value) => /[1-9]/.test(value), "expected a duration above zero");

const positiveNumber = z.number().gt(0, "expected a number above 0");

const hostSchema = z
  .object({
    /** HostHighCpu: busy share of all cores. */
    cpuBusyRatio: ratio.default(0.8),
    cpuFor: positiveDuration.default("10m"),
    /** HostMemoryPressure: used share of memory (MemAvailable counted as free). */
    memoryUsedRatio: ratio.default(0.9),
    memoryFor: positiveDuration.default("5m"),
    /** HostDiskWillFillIn24h fires under this free share when the trend says full within the horizon. */
    diskFillFreeRatio: ratio.default(0.15),
    diskFillHorizon: positiveDuration.default("24h"),
    /** HostDiskAlmostFull: free share, critical. */
    diskAlmostFullFreeRatio: ratio.default(0.05),
  })
  .strict();

const endpointsSchema = z
  .object({
    /** EndpointSlow: probe duration in seconds, sustained for `slowFor`. */
    slowSeconds: positiveNumber.default(1),
    slowFor: positiveDuration.default("5m"),
    /** TlsCertExpiringSoon (warning) and TlsCertExpiringVerySoon (critical), in days. */
    certWarningDays: positiveNumber.default(14),
    certCriticalDays: positiveNumber.default(3),
  })
  .strict()
  .refine((e) => e.certCriticalDays < e.certWarningDays, {
    message: "certCriticalDays must be below certWarningDays",
    path: ["certCriticalDays"],
  });

const applicationSchema = z
  .object({
    /** HighErrorRate: share of requests answered 5xx over `errorWindow`. */
    errorRatio: ratio.default(0.01),
    errorWindow: positiveDuration.default("5m"),
    /** HighLatencyP95: p95 in seconds, sustained for `latencyFor`. */
    latencyP95Seconds: positiveNumber.default(1),
    latencyFor: positiveDuration.default("10m"),
    /** Per-route p95 budgets in seconds, keyed by route template; other routes use latencyP95Seconds. */
    routeLatencyBudgets: z.record(z.string().min(1), positiveNumber).default({}),
    /** LatencyRegression: p95 this hour above the same hour a day earlier by this share… */
    regressionRatio: positiveNumber.default(0.2),
    /** …and above this floor in seconds, so a fast service's noise does not page. */
    regressionFloorSeconds: positiveNumber.default(0.1),
  })
  .strict();

const sloSchema = z
  .object({
    /** Availability objective: share of requests that must not be 5xx. */
    availabilityTarget: ratio.refine((v) => v < 1, "a target of 100% leaves no error budget").default(0.999),
    /** The window the error budget is counted over. */
    window: positiveDuration.default("30d"),
  })
  .strict();

const postgresSchema = z
  .object({
    connectionsRatio: ratio.default(0.8),
    connectionsFor: positiveDuration.default("5m"),
    /** PostgresLongRunningTransaction: oldest open transaction, in seconds. */
    longTransactionSeconds: positiveNumber.default(300),
    /** PostgresLowCacheHitRatio: below this share of blocks served from shared buffers. */
    cacheHitRatio: ratio.default(0.95),
    /** PostgresSlowQueries: a statement's mean execution time above this, in seconds… */
    slowQuerySeconds: positiveNumber.default(1),
    /** …for this long. */
    slowQueryFor: positiveDuration.default("10m"),
  })
  .strict();

const redisSchema = z
  .object({
    /** RedisMemoryHigh: share of maxmemory (only when a maxmemory is set). */
    memoryRatio: ratio.default(0.9),
    /** RedisTooManyConnections: share of maxclients. */
    connectionsRatio: ratio.default(0.9),
  })
  .strict();

const businessSchema = z
  .object({
    /** Counter of failed payments; PaymentFailuresHigh is generated when it is set. */
    paymentFailuresMetric: metricName.optional(),
    /** PaymentFailuresHigh: more than this many failed payments in one hour. */
    paymentFailuresPerHour: positiveNumber.default(5),
    /** Counter of registrations; SignupsDropped is generated when it is set. */
    signupsMetric: metricName.optional(),
    /** SignupsDropped: last 24h below this share of the same 24h a week earlier. */
    signupsDropRatio: ratio.default(0.5),
    /** Gauge of the used share of an API quota (0–1); ApiQuotaNearlyExhausted is generated when set. */
    quotaUsedRatioMetric: metricName.optional(),
    quotaRatio: ratio.default(0.9),
  })
  .strict();

const sentrySchema = z
  .object({
    /** SentryErrorSpike: error events per minute through the relay, sustained 10 minutes. */
    errorEventsPerMinute: positiveNumber.default(10),
  })
  .strict();

export const alertSettingsSchema = z
  .object({
    /** TargetDown: how long a target may fail its scrapes before it pages. */
    targetDownFor: positiveDuration.default("5m"),
    host: hostSchema.default(hostSchema.parse({})),
    endpoints: endpointsSchema.default(endpointsSchema.parse({})),
    application: applicationSchema.default(applicationSchema.parse({})),
    slo: sloSchema.default(sloSchema.parse({})),
    postgres: postgresSchema.default(postgresSchema.parse({})),
    redis: redisSchema.default(redisSchema.parse({})),
    business: businessSchema.default(businessSchema.parse({})),
    sentry: sentrySchema.default(sentrySchema.parse({})),
  })
  .strict();

export type AlertSettings = z.output<typeof alertSettingsSchema>;
