// Business metrics (SQL, Redis) and application events served by the vigil exporter.
import { z } from "zod";
import { definitionProblems, REDIS_METRIC_KINDS } from "../exporter/business-definitions";
import { SAAS_PRESET_NAMES } from "../exporter/contract";
import { duration } from "../prometheus-names";
import { parseDuration } from "../timing";
import { secret } from "./secret";

/** A positive duration such as 30s or 5m (intervals and timeouts of business metrics). */
const businessDuration = duration.refine((value) => /[1-9]/.test(value), "expected a duration above zero");

const businessSqlMetricSchema = z
  .object({
    /** The metric's name as Prometheus stores it (a counter's should end in _total). */
    name: z.string(),
    help: z.string().min(1),
    /** gauge: the value as it is; counter: a count that only grows (rows never deleted). */
    type: z.enum(["gauge", "counter"]).default("gauge"),
    /** SELECT returning a `value` column and one column per label; runs READ ONLY. */
    query: z.string().min(1),
    /** Label columns the query returns, each named here. */
    labels: z.array(z.string()).default([]),
    /** How often the query runs; scrapes read the cached result in between. */
    interval: businessDuration.default("1m"),
    /** statement_timeout of the query. */
    timeout: businessDuration.default("10s"),
  })
  .strict();

const businessRedisMetricSchema = z
  .object({
    name: z.string(),
    help: z.string().min(1),
    /** listLength: a queue's length (LLEN); stringValue: a numeric key (GET); hashField: HGET key field. */
    kind: z.enum(REDIS_METRIC_KINDS),
    key: z.string().min(1),
    field: z.string().min(1).optional(),
    interval: businessDuration.default("30s"),
    timeout: businessDuration.default("5s"),
  })
  .strict();

const businessEventSchema = z
  .object({
    /** The counter POST /events increments (by `value`, default 1). */
    name: z.string(),
    help: z.string().min(1),
    /** The labels a caller may set; any other label is rejected. */
    labels: z.array(z.string()).default([]),
    /** Distinct values kept per label; new values beyond it are counted as `other`. */
    cardinalityCap: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export const businessSchema = z
  .object({
    /** The standard SaaS preset (exporter/presets/saas): its schema must exist in postgres. */
    saasPreset: z.boolean().default(false),
    presetInterval: businessDuration.default("1m"),
    /** SQL-backed metrics, read from the postgres section's database as its monitoring role. */
    sql: z.array(businessSqlMetricSchema).default([]),
    /** Redis-backed metrics, read from the redis section's server. */
    redis: z.array(businessRedisMetricSchema).default([]),
    /** Application events accepted on POST /events. */
    events: z.array(businessEventSchema).default([]),
    /** Bearer token the application sends with POST /events; required when events are declared. */
    ingestToken: secret("required when business.ingestToken is set").optional(),
    /** Sentry DSN the exporter reports its own errors to; none when unset. */
    exporterSentryDsn: secret("required when business.exporterSentryDsn is set").optional(),
    /** Queries (SQL and Redis) in flight at once, so the database never sees a burst. */
    maxConcurrentQueries: z.number().int().min(1).max(16).default(2),
    /** A failing metric keeps its last value this many intervals, then its series disappear. */
    staleIntervals: z.number().int().min(1).max(100).default(3),
  })
  .strict()
  .superRefine((business, ctx) => {
    const seconds = secondsOrZero;
    const problems = definitionProblems({
      sql: business.sql.map((m) => ({ ...m, intervalSeconds: seconds(m.interval), timeoutSeconds: seconds(m.timeout) })),
      redis: business.redis.map((m) => ({ ...m, intervalSeconds: seconds(m.interval), timeoutSeconds: seconds(m.timeout) })),
      events: business.events,
      presetNames: business.saasPreset ? SAAS_PRESET_NAMES : [],
    });
    for (const problem of problems) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
    if (business.events.length > 0 && !business.ingestToken) {
      ctx.addIssue({ code: "custom", path: ["ingestToken"], message: "required when business.events are declared, or anybody could post them" });
    }
  });

/** Seconds of a duration that may not have passed its own check yet (that check reports it). */
function secondsOrZero(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    return 0;
  }
}
