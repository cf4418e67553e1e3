import Redis from "ioredis";
import type { BusinessRedis } from "../../core/exporter/business-config";
import type { RedisMetricDefinition } from "../../core/exporter/business-definitions";
import type { MetricSource, Sample } from "./source";

// Redis-backed business metrics: a queue's length, a numeric key, a hash field. Each is
// one cheap command, run on the metric's interval like the SQL metrics.

export function createBusinessRedis(connection: BusinessRedis, onError: (error: Error) => void): Redis {
  const client = new Redis({
    host: connection.host,
    port: connection.port,
    ...(connection.password ? { password: connection.password } : {}),
    ...(connection.tls ? { tls: {} } : {}),
    connectionName: "vigil-exporter",
    lazyConnect: true,
    // While Redis is down a read fails at once (and the metric goes stale) instead of queueing
    // behind a reconnect that may never come.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
    // Keep reconnecting, backing off to one attempt every 5 s.
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  // Connection errors repeat on every reconnect attempt; the collector logs the failures that matter.
  client.on("error", onError);
  client.connect().catch(() => undefined);
  return client;
}

async function withTimeout<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${seconds} s`)), seconds * 1_000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readValue(client: Redis, metric: RedisMetricDefinition): Promise<string | number | null> {
  switch (metric.kind) {
    case "listLength":
      return client.llen(metric.key);
    case "stringValue":
      return client.get(metric.key);
    case "hashField":
      return client.hget(metric.key, metric.field ?? "");
  }
}

/** A missing key or field gives no sample; a value that is not a number is an error. */
export function redisValueToSamples(metric: Pick<RedisMetricDefinition, "key" | "field">, raw: string | number | null): Sample[] {
  if (raw === null) return [];
  const value = typeof raw === "number" ? raw : Number(raw);
  if (Number.isNaN(value) || (typeof raw === "string" && raw.trim() === "")) {
    const where = metric.field ? `${metric.key} ${metric.field}` : metric.key;
    throw new Error(`${where} holds ${JSON.stringify(raw)}, not a number`);
  }
  return [{ labels: {}, value }];
}

export function redisSource(client: Redis, metric: RedisMetricDefinition): MetricSource {
  return {
    name: metric.name,
    help: metric.help,
    type: "gauge",
    labelNames: [],
    intervalSeconds: metric.intervalSeconds,
    timeoutSeconds: metric.timeoutSeconds,
    read: async () => {
      const raw = await withTimeout(readValue(client, metric), metric.timeoutSeconds, `redis ${metric.kind} ${metric.key}`);
      return redisValueToSamples(metric, raw);
    },
  };
}

/** Readiness from the connection's state: no command, so /ready adds no load to Redis. */
export function checkRedis(client: Redis, lastError: () => string | undefined): { ok: boolean; reason?: string } {
  if (client.status === "ready") return { ok: true };
  const error = lastError();
  return { ok: false, reason: `redis: connection ${client.status}${error ? ` (${error})` : ""}` };
}
