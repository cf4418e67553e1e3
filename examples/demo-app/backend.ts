import { Redis } from "ioredis";
import { Pool } from "pg";
import { startDemoSentry, type DemoSentryOptions } from "./sentry";
import type { CheckoutListener, ItemCache, ServerErrorContext, ServerErrorListener } from "./server";

// The demo app's dependencies: the demo PostgreSQL (the SaaS preset's schema, kept moving by a
// background worker the way a real product's traffic would), Redis (a read cache and an
// outgoing mail queue) and the vigil exporter's event ingest. Every call is bounded by a
// timeout and every failure is swallowed and counted: the fault suite stops PostgreSQL and
// Redis, and the app must go on answering HTTP, so only the dependency's own alert fires.

export interface BackendOptions {
  postgres?: { host: string; port: number; database: string; user: string; password: string };
  redis?: { host: string; port: number; password: string };
  events?: { url: string; token: string };
  /** Sentry through vigil's relay: the server SDK and a browser's tunnel. */
  sentry?: DemoSentryOptions;
  /** SQL run on each tick of the background worker (the SaaS demo's activity). */
  activitySql?: string;
  tickMs?: number;
}

export interface Backend {
  cache?: ItemCache;
  onCheckout?: CheckoutListener;
  onServerError?: ServerErrorListener;
  /** Failures per dependency since start (logged once per change of state). */
  failures: Record<"postgres" | "redis" | "events", number>;
  stop(): Promise<void>;
}

export function startBackend(options: BackendOptions): Backend {
  const failures = { postgres: 0, redis: 0, events: 0 };
  const healthy: Record<keyof typeof failures, boolean> = { postgres: true, redis: true, events: true };
  const note = (dependency: keyof typeof failures, error?: unknown) => {
    if (error !== undefined) failures[dependency] += 1;
    const ok = error === undefined;
    if (ok !== healthy[dependency]) {
      healthy[dependency] = ok;
      console.log(ok ? `demo app: ${dependency} is back` : `demo app: ${dependency} failing: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const pool = options.postgres
    ? new Pool({ ...options.postgres, max: 2, connectionTimeoutMillis: 1_000, query_timeout: 2_000, idleTimeoutMillis: 5_000 })
    : undefined;
  pool?.on("error", (error) => note("postgres", error));

  const redis = options.redis
    ? new Redis({
        host: options.redis.host,
        port: options.redis.port,
        password: options.redis.password,
        // Fail fast while Redis is away instead of queueing commands in memory.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 1_000,
        commandTimeout: 500,
        retryStrategy: () => 1_000,
      })
    : undefined;
  redis?.on("error", () => undefined);

  const cache: ItemCache | undefined = redis && {
    get: async (key) => {
      try {
        const value = await redis.get(key);
        note("redis");
        return value ?? undefined;
      } catch (error) {
        note("redis", error);
        return undefined;
      }
    },
    set: async (key, value, ttlSeconds) => {
      try {
        await redis.set(key, value, "EX", ttlSeconds);
      } catch (error) {
        note("redis", error);
      }
    },
  };

  const onCheckout: CheckoutListener | undefined = options.events
    ? (checkout) => {
        const events = options.events!;
        fetch(events.url, {
          method: "POST",
          headers: { authorization: `Bearer ${events.token}`, "content-type": "application/json" },
          body: JSON.stringify([{ event: "shop_checkout_started_total", labels: checkout }]),
          signal: AbortSignal.timeout(2_000),
        })
          .then((response) => note("events", response.ok ? undefined : new Error(`HTTP ${response.status}`)))
          .catch((error: unknown) => note("events", error));
      }
    : undefined;

  const tick = async () => {
    if (pool && options.activitySql) {
      await pool.query(options.activitySql).then(() => note("postgres"), (error: unknown) => note("postgres", error));
    }
    if (redis) {
      // A mail queue that fills and drains, for the Redis list metric.
      await redis
        .multi()
        .lpush("queue:emails", JSON.stringify({ to: "user@example.com", at: Date.now() }))
        .rpop("queue:emails", Math.random() < 0.5 ? 1 : 2)
        .exec()
        .then(() => note("redis"), (error: unknown) => note("redis", error));
    }
  };
  const sentry = options.sentry ? startDemoSentry(options.sentry) : undefined;
  const timer = setInterval(() => void tick(), options.tickMs ?? 2_000);
  timer.unref();

  return {
    ...(cache ? { cache } : {}),
    ...(onCheckout ? { onCheckout } : {}),
    ...(sentry ? { onServerError: (error: Error, context: ServerErrorContext) => sentry.captureServerError(error, context) } : {}),
    failures,
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled([pool?.end(), redis?.quit(), sentry?.stop()]);
    },
  };
}
