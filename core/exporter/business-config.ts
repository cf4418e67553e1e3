import { readFileSync } from "node:fs";
import { z } from "zod";
import { definitionProblems, REDIS_METRIC_KINDS } from "./business-definitions";
import { SAAS_PRESET_NAMES } from "./contract";

// The `business` part of the exporter's config file (synth renders it from the vigil
// config's `business` section). Names and queries were checked at synth time; they are
// checked again here because the exporter must not trust a hand-edited file either.

const seconds = z.number().positive();
const text = z.string().min(1);

const sqlMetricSchema = z.strictObject({
  name: text,
  help: text,
  type: z.enum(["gauge", "counter"]),
  query: text,
  labels: z.array(z.string()),
  intervalSeconds: seconds,
  timeoutSeconds: seconds,
});

const redisMetricSchema = z.strictObject({
  name: text,
  help: text,
  kind: z.enum(REDIS_METRIC_KINDS),
  key: text,
  field: text.optional(),
  intervalSeconds: seconds,
  timeoutSeconds: seconds,
});

const eventSchema = z.strictObject({
  name: text,
  help: text,
  labels: z.array(z.string()),
  cardinalityCap: z.number().int().min(1),
});

export const businessConfigSchema = z
  .strictObject({
    /** The application's database; required when any SQL metric or the preset is on. */
    postgres: z
      .strictObject({
        host: text,
        port: z.number().int().min(1).max(65_535),
        database: text,
        user: text,
        /** File holding the password (synth writes it as a secret artifact beside this config). */
        passwordFile: text,
        sslmode: z.enum(["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]),
      })
      .optional(),
    /** The application's Redis; required when any Redis metric is declared. */
    redis: z
      .strictObject({
        host: text,
        port: z.number().int().min(1).max(65_535),
        passwordFile: text.optional(),
        tls: z.boolean(),
      })
      .optional(),
    /** Serve the standard SaaS preset (presets/saas) from postgres. */
    saasPreset: z.boolean(),
    /** How often and how long the preset's queries run. */
    presetIntervalSeconds: seconds,
    presetTimeoutSeconds: seconds,
    sql: z.array(sqlMetricSchema),
    redisMetrics: z.array(redisMetricSchema),
    events: z.array(eventSchema),
    /** File holding the bearer token POST /events requires; without it the route does not exist. */
    ingestTokenFile: text.optional(),
    /** Queries (SQL and Redis together) in flight at once; the rest wait their turn. */
    maxConcurrentQueries: z.number().int().min(1).max(64),
    /** A failing metric keeps its last value this many intervals, then its series disappear. */
    staleIntervals: z.number().int().min(1),
  })
  .superRefine((business, ctx) => {
    const problems = definitionProblems({
      sql: business.sql,
      redis: business.redisMetrics,
      events: business.events,
      presetNames: business.saasPreset ? SAAS_PRESET_NAMES : [],
    });
    for (const problem of problems) {
      const path = problem.path[0] === "redis" ? ["redisMetrics", ...problem.path.slice(1)] : problem.path;
      ctx.addIssue({ code: "custom", path, message: problem.message });
    }
    if ((business.sql.length > 0 || business.saasPreset) && !business.postgres) {
      ctx.addIssue({ code: "custom", path: ["postgres"], message: "SQL metrics need a postgres connection" });
    }
    if (business.redisMetrics.length > 0 && !business.redis) {
      ctx.addIssue({ code: "custom", path: ["redis"], message: "Redis metrics need a redis connection" });
    }
    if (business.events.length > 0 && !business.ingestTokenFile) {
      ctx.addIssue({ code: "custom", path: ["ingestTokenFile"], message: "events need an ingest token, or anybody could post them" });
    }
  });

export type BusinessConfig = z.infer<typeof businessConfigSchema>;

/** The secrets the config names by file, read once at start-up. */
export interface BusinessSecrets {
  postgresPassword?: string;
  redisPassword?: string;
  ingestToken?: string;
}

/** A connection with its password read. */
export type BusinessPostgres = Omit<NonNullable<BusinessConfig["postgres"]>, "passwordFile"> & { password: string };
export type BusinessRedis = Omit<NonNullable<BusinessConfig["redis"]>, "passwordFile"> & { password?: string };

/** Reads every secret file the business config names; an unreadable file is an error naming it. */
export function readBusinessSecrets(config: BusinessConfig, read: (path: string) => string = readSecretFile): BusinessSecrets {
  return {
    ...(config.postgres ? { postgresPassword: read(config.postgres.passwordFile) } : {}),
    ...(config.redis?.passwordFile ? { redisPassword: read(config.redis.passwordFile) } : {}),
    ...(config.ingestTokenFile ? { ingestToken: read(config.ingestTokenFile) } : {}),
  };
}

/** A secret file's content; one trailing newline (an editor's) is not part of the secret. */
export function readSecretFile(path: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    throw new Error(`cannot read secret file ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
