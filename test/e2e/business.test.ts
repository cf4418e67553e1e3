import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { FastifyInstance } from "fastify";
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BusinessConfig } from "../../core/exporter/business-config";
import { businessConfigSchema, type BusinessSecrets } from "../../core/exporter/business-config";
import type { ExporterConfig } from "../../core/exporter/config";
import { SAAS_PRESET_METRICS } from "../../core/exporter/contract";
import { createBusinessRuntime, type BusinessRuntime } from "../../exporter/business/runtime";
import { createMetrics } from "../../exporter/metrics";
import { Readiness } from "../../exporter/readiness";
import { buildIngestServer, buildInternalServer } from "../../exporter/server";
import { EXPORTER_NODE } from "../../infra/exporter-bundle";
import { buildExporter } from "../../scripts/build-exporter";
import { sleep, waitUntil } from "../../scripts/local/processes";
import { loadSaasSchema, startTestPostgres, startTestRedis, type TestPostgres, type TestRedis } from "../support/databases";
import { loopbackExporterConfig } from "../support/exporter-config";
import { businessConfigDefaults } from "../support/fixtures";

// The exporter's business side against a real PostgreSQL and a real Redis: values and labels,
// caching (PostgreSQL's own pg_stat_statements counts the executions), timeouts, read-only
// enforcement, outages and recovery, and application events.

let postgres: TestPostgres;
let redis: TestRedis;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startTestPostgres({ statStatements: true }), startTestRedis()]);
  await loadSaasSchema(postgres);
  await postgres.admin(`
    INSERT INTO saas_accounts (tier, monthly_price) VALUES ('free', 0), ('free', 0), ('basic', 10), ('premium', 49.5);
    INSERT INTO saas_activity (account_id, occurred_at) VALUES (1, now()), (2, now() - interval '2 days'), (2, now() - interval '3 days');
    INSERT INTO saas_tier_changes (account_id, from_tier, to_tier) VALUES (3, 'free', 'basic'), (4, 'free', 'basic'), (4, 'basic', 'premium'), (4, 'premium', 'basic');
    INSERT INTO saas_analyses (account_id) SELECT 1 FROM generate_series(1, 7);
    INSERT INTO saas_payments (account_id, amount, status) VALUES (3, 10, 'succeeded'), (4, 49.5, 'succeeded'), (4, 49.5, 'failed');
    INSERT INTO saas_api_usage (account_id, period_start, requests_used, quota)
      VALUES (3, date_trunc('month', now())::date, 250, 1000), (4, date_trunc('month', now())::date, 500, 1000);
    CREATE TABLE orders (id serial PRIMARY KEY, region text NOT NULL, status text NOT NULL);
    INSERT INTO orders (region, status) VALUES ('eu', 'paid'), ('eu', 'paid'), ('us', 'paid'), ('us', 'refunded');
    CREATE TABLE scratch (n int);
    GRANT SELECT ON orders, scratch TO ${postgres.user};
    GRANT INSERT, DELETE ON scratch TO ${postgres.user};
  `);
});

afterAll(async () => {
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

interface Harness {
  app: FastifyInstance;
  ingest: FastifyInstance;
  runtime: BusinessRuntime;
  logs: { level: string; details: Record<string, unknown>; message: string }[];
  scrape(accept?: string): Promise<{ status: number; type: string; body: string }>;
}

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await Promise.all([harness.app.close(), harness.ingest.close()]);
    await harness.runtime.stop();
  }
});

/** The secrets the config names by file; in-process harnesses pass them directly. */
const secrets = (): BusinessSecrets => ({ postgresPassword: postgres.password, redisPassword: redis.password, ingestToken: TOKEN });
const TOKEN = "ingest-token-for-tests";

function businessConfig(overrides: Partial<BusinessConfig>): BusinessConfig {
  return businessConfigSchema.parse({
    postgres: { host: "127.0.0.1", port: postgres.port, database: postgres.database, user: postgres.user, passwordFile: "/unused/in-process", sslmode: "disable" },
    redis: { host: "127.0.0.1", port: redis.port, passwordFile: "/unused/in-process", tls: false },
    ...businessConfigDefaults(),
    ...overrides,
  });
}

function harness(config: BusinessConfig): Harness {
  const metrics = createMetrics("vigil-exporter-test");
  const readiness = new Readiness();
  const logs: Harness["logs"] = [];
  const log = (level: string) => (details: object, message: string) => logs.push({ level, details: details as Record<string, unknown>, message });
  const runtime = createBusinessRuntime(config, secrets(), {
    metrics,
    readiness,
    defaultLabels: { service: "vigil-exporter-test" },
    log: { info: log("info"), warn: log("warn"), error: log("error") },
  });
  const exporterConfig = loopbackExporterConfig({ logLevel: "error", shutdownGraceSeconds: 5 });
  const deps = { metrics, readiness, business: runtime, logStream: { write: () => undefined } };
  const app = buildInternalServer(exporterConfig, deps);
  const ingest = buildIngestServer(exporterConfig, deps);
  const scrape = async (accept?: string) => {
    const response = await app.inject({ method: "GET", url: "/metrics", headers: accept ? { accept } : {} });
    return { status: response.statusCode, type: String(response.headers["content-type"]), body: response.body };
  };
  const created = { app, ingest, runtime, logs, scrape };
  harnesses.push(created);
  return created;
}

/** The value of one series in a text exposition, or undefined when it is absent. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([^\s{]+)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function statementCalls(fragment: string): Promise<number> {
  const rows = await postgres.admin("SELECT coalesce(sum(calls), 0)::int AS calls FROM pg_stat_statements WHERE query LIKE $1", [`%${fragment}%`]);
  return Number(rows[0]?.calls ?? 0);
}

const sqlMetric = (name: string, query: string, extra: Partial<BusinessConfig["sql"][number]> = {}) => ({
  name,
  help: `test metric ${name}`,
  type: "gauge" as const,
  query,
  labels: [] as string[],
  intervalSeconds: 60,
  timeoutSeconds: 5,
  ...extra,
});

describe("SQL-backed business metrics", () => {
  it("serves every SaaS preset metric with the values and labels the preset schema holds", async () => {
    const { runtime, scrape } = harness(businessConfig({ saasPreset: true }));
    await runtime.collector.runAllOnce();
    const { body, status } = await scrape();
    expect(status).toBe(200);
    const m = SAAS_PRESET_METRICS;
    expect(sample(body, m.registrations, { service: "vigil-exporter-test" })).toBe(4);
    expect(sample(body, m.dailyActiveUsers)).toBe(1);
    expect(sample(body, m.monthlyActiveUsers)).toBe(2);
    expect(sample(body, m.accountsByTier, { tier: "free" })).toBe(2);
    expect(sample(body, m.accountsByTier, { tier: "basic" })).toBe(1);
    expect(sample(body, m.accountsByTier, { tier: "premium" })).toBe(1);
    expect(sample(body, m.tierUpgrades, { from: "free", to: "basic" })).toBe(2);
    expect(sample(body, m.tierUpgrades, { from: "basic", to: "premium" })).toBe(1);
    // A downgrade is a tier change but not a step of the funnel.
    expect(sample(body, m.tierUpgrades, { from: "premium", to: "basic" })).toBeUndefined();
    expect(sample(body, m.analysesRun)).toBe(7);
    expect(sample(body, m.paymentsSucceeded)).toBe(2);
    expect(sample(body, m.paymentsFailed)).toBe(1);
    expect(sample(body, m.monthlyRecurringRevenue)).toBe(59.5);
    expect(sample(body, m.apiQuotaUsedRatio)).toBe(0.375);
    expect(body).toContain(`# TYPE ${m.paymentsFailed} counter`);
    expect(body).toContain(`# TYPE ${m.monthlyRecurringRevenue} gauge`);
    for (const name of Object.values(m)) {
      expect(sample(body, "vigil_business_query_last_success_timestamp_seconds", { metric: name })).toBeGreaterThan(0);
    }
  });

  it("runs each query once per interval however often /metrics is scraped", async () => {
    const marker = "cache_probe_42";
    const { runtime, app } = harness(
      businessConfig({
        sql: [sqlMetric("orders_by_region", `SELECT region, count(*) AS value FROM orders AS ${marker} GROUP BY region`, { labels: ["region"], intervalSeconds: 1, timeoutSeconds: 1 })],
      }),
    );
    // Real HTTP scrapes, as Prometheus makes them (inject alone never yields to the timers).
    const address = await app.listen({ host: "127.0.0.1", port: 0 });
    const httpScrape = async () => ({ body: await (await fetch(`${address}/metrics`)).text() });
    const before = await statementCalls(marker);
    const started = Date.now();
    runtime.collector.start();
    await waitUntil("the first result", async () => sample((await httpScrape()).body, "orders_by_region", { region: "eu" }) === 2, 10_000);
    let scrapes = 0;
    while (Date.now() - started < 3_000) {
      const { body } = await httpScrape();
      expect(sample(body, "orders_by_region", { region: "us" })).toBe(2);
      scrapes += 1;
    }
    const elapsedIntervals = (Date.now() - started) / 1_000;
    const calls = (await statementCalls(marker)) - before;
    expect(scrapes).toBeGreaterThan(50);
    // One run at start, then one per elapsed interval: nothing proportional to the scrapes.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsedIntervals) + 1);
  });

  it("gives up on a query at its timeout, counts the error and serves no value for it", async () => {
    const { runtime, scrape, logs } = harness(
      businessConfig({ sql: [sqlMetric("slow_metric", "SELECT 1 AS value FROM pg_sleep(3)", { timeoutSeconds: 0.3, intervalSeconds: 1 })] }),
    );
    await runtime.collector.runAllOnce();
    const { body } = await scrape();
    expect(sample(body, "slow_metric")).toBeUndefined();
    expect(sample(body, "vigil_business_query_errors_total", { metric: "slow_metric" })).toBe(1);
    expect(sample(body, "vigil_business_query_last_success_timestamp_seconds", { metric: "slow_metric" })).toBeUndefined();
    expect(logs.find((line) => line.message === "business metric failed")?.details.err).toMatch(/timed out \(statement_timeout\)/);
  });

  it("refuses a query that writes, by either route, and the table stays unchanged", async () => {
    const { runtime, scrape, logs } = harness(
      businessConfig({
        sql: [
          sqlMetric("writes_in_cte", "WITH w AS (INSERT INTO scratch VALUES (1) RETURNING n) SELECT count(*) AS value FROM w"),
          sqlMetric("commits_first", "COMMIT; INSERT INTO scratch VALUES (2); SELECT 1 AS value"),
        ],
      }),
    );
    await runtime.collector.runAllOnce();
    const { body } = await scrape();
    expect(sample(body, "writes_in_cte")).toBeUndefined();
    expect(sample(body, "commits_first")).toBeUndefined();
    const errors = Object.fromEntries(logs.filter((l) => l.message === "business metric failed").map((l) => [l.details.metric, l.details.err]));
    expect(errors.writes_in_cte).toMatch(/read-only/);
    expect(errors.commits_first).toMatch(/multiple commands|prepared statement/i);
    expect(await postgres.admin("SELECT count(*)::int AS n FROM scratch")).toEqual([{ n: 0 }]);
  });

  it("reports clearly when the result's columns do not match the declared labels", async () => {
    const { runtime, logs } = harness(
      businessConfig({
        sql: [
          sqlMetric("missing_label", "SELECT count(*) AS value FROM orders /* region */", { labels: ["region"] }),
          sqlMetric("extra_column", "SELECT status, count(*) AS value FROM orders GROUP BY status"),
          sqlMetric("duplicate_rows", "SELECT region, 1 AS value FROM orders", { labels: ["region"] }),
        ],
      }),
    );
    await runtime.collector.runAllOnce();
    const errors = Object.fromEntries(logs.filter((l) => l.message === "business metric failed").map((l) => [l.details.metric, l.details.err]));
    expect(errors.missing_label).toBe('label "region" is not a column of the result (it returned: value)');
    expect(errors.extra_column).toMatch(/column "status" is neither "value" nor a declared label/);
    expect(errors.duplicate_rows).toMatch(/two rows have the same labels/);
  });

  it("bounds the queries in flight", async () => {
    const sleepers = [1, 2, 3, 4, 5].map((n) => sqlMetric(`sleeper_${n}`, `SELECT ${n} AS value FROM pg_sleep(0.4)`));
    const { runtime } = harness(businessConfig({ sql: sleepers, maxConcurrentQueries: 2 }));
    const done = runtime.collector.runAllOnce();
    let most = 0;
    while (!(await Promise.race([done.then(() => true), sleep(50).then(() => false)]))) {
      const rows = await postgres.admin("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'vigil-exporter' AND query LIKE '%pg_sleep(0.4)%' AND state = 'active'");
      most = Math.max(most, Number(rows[0]?.n));
    }
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
  });

  it("lets a query in flight finish when stopped (SIGTERM drains), and keeps its result", async () => {
    const { runtime, scrape } = harness(
      businessConfig({ sql: [sqlMetric("slowish", "SELECT 7 AS value FROM pg_sleep(1)", { intervalSeconds: 5, timeoutSeconds: 3 })] }),
    );
    runtime.collector.start();
    await waitUntil("the query to be in flight", async () => {
      const rows = await postgres.admin(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'vigil-exporter' AND state = 'active' AND query LIKE '%pg_sleep(1)%'",
      );
      return rows[0]?.n === 1;
    }, 5_000);
    await runtime.stop();
    expect(sample((await scrape()).body, "slowish")).toBe(7);
  });

  it("keeps serving through a PostgreSQL outage: /ready says why, stale values go, and recovery brings them back", async () => {
    const { runtime, scrape, app, logs } = harness(
      businessConfig({
        sql: [sqlMetric("paid_orders", "SELECT count(*) AS value FROM orders WHERE status = 'paid'", { intervalSeconds: 0.5, timeoutSeconds: 0.5 })],
        staleIntervals: 4,
      }),
    );
    runtime.collector.start();
    await waitUntil("a first value", async () => sample((await scrape()).body, "paid_orders") === 3, 10_000);
    expect((await app.inject("/ready")).statusCode).toBe(200);

    await postgres.stop();
    try {
      const ready = await app.inject("/ready");
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.postgres).toMatchObject({ ok: false, reason: expect.stringMatching(/^postgres: .*(ECONNREFUSED|connect|terminat)/i) });
      // The series outlive the outage for a few intervals, then disappear rather than lie.
      await waitUntil("the stale value to be dropped", async () => sample((await scrape()).body, "paid_orders") === undefined, 15_000);
      const during = await scrape();
      expect(during.status).toBe(200);
      expect(sample(during.body, "vigil_business_query_errors_total", { metric: "paid_orders" })).toBeGreaterThan(0);
      // However many intervals failed, the failure was logged once (the message may change once, from
      // the connection being cut to it being refused).
      expect(logs.filter((line) => line.message === "business metric failed").length).toBeLessThanOrEqual(3);
      const tooOld = () => logs.filter((line) => line.message.startsWith("business metric's last value is too old"));
      await waitUntil("the drop to be logged", async () => tooOld().length > 0, 5_000);
      await sleep(1_500);
      expect(tooOld()).toHaveLength(1);
    } finally {
      await postgres.restart();
    }
    await waitUntil("recovery", async () => sample((await scrape()).body, "paid_orders") === 3, 20_000);
    await waitUntil("ready again", async () => (await app.inject("/ready")).statusCode === 200, 10_000);
    expect(logs.some((line) => line.message === "business metric recovered")).toBe(true);
  });
});

describe("Redis-backed business metrics", () => {
  it("reads a queue's length, a key and a hash field; a missing key gives no series", async () => {
    const client = new Redis({ port: redis.port, password: redis.password, lazyConnect: true });
    await client.connect();
    await client.del("jobs:pending", "stats:signups_today", "billing");
    await client.rpush("jobs:pending", "a", "b", "c");
    await client.set("stats:signups_today", "17");
    await client.hset("billing", "open_invoices", "4");
    await client.quit();

    const { runtime, scrape, app } = harness(
      businessConfig({
        redisMetrics: [
          { name: "jobs_pending", help: "queued jobs", kind: "listLength", key: "jobs:pending", intervalSeconds: 1, timeoutSeconds: 1 },
          { name: "signups_today", help: "signups", kind: "stringValue", key: "stats:signups_today", intervalSeconds: 1, timeoutSeconds: 1 },
          { name: "open_invoices", help: "invoices", kind: "hashField", key: "billing", field: "open_invoices", intervalSeconds: 1, timeoutSeconds: 1 },
          { name: "absent_key", help: "nothing", kind: "stringValue", key: "no:such:key", intervalSeconds: 1, timeoutSeconds: 1 },
        ],
      }),
    );
    await waitUntil("redis connection", async () => (await app.inject("/ready")).statusCode === 200, 10_000);
    await runtime.collector.runAllOnce();
    const { body } = await scrape();
    expect(sample(body, "jobs_pending")).toBe(3);
    expect(sample(body, "signups_today")).toBe(17);
    expect(sample(body, "open_invoices")).toBe(4);
    expect(sample(body, "absent_key")).toBeUndefined();
    expect(sample(body, "vigil_business_query_last_success_timestamp_seconds", { metric: "absent_key" })).toBeGreaterThan(0);
  });

  it("survives a Redis outage: /ready says why, /metrics is served, values come back", async () => {
    const { runtime, scrape, app } = harness(
      businessConfig({
        redisMetrics: [{ name: "jobs_pending", help: "queued jobs", kind: "listLength", key: "jobs:pending", intervalSeconds: 0.5, timeoutSeconds: 0.5 }],
        staleIntervals: 2,
      }),
    );
    runtime.collector.start();
    await waitUntil("a first value", async () => sample((await scrape()).body, "jobs_pending") !== undefined, 10_000);
    await redis.stop();
    try {
      await waitUntil("unready", async () => (await app.inject("/ready")).statusCode === 503, 10_000);
      expect((await app.inject("/ready")).json().checks.redis.reason).toMatch(/^redis: connection /);
      await waitUntil("the stale value to be dropped", async () => sample((await scrape()).body, "jobs_pending") === undefined, 10_000);
      expect((await scrape()).status).toBe(200);
    } finally {
      await redis.restart();
    }
    await waitUntil("ready again", async () => (await app.inject("/ready")).statusCode === 200, 20_000);
    // Redis restarted empty: the list is gone, and LLEN of a missing list is 0.
    await waitUntil("recovery", async () => sample((await scrape()).body, "jobs_pending") === 0, 20_000);
  });
});

describe("POST /events", () => {
  const eventsConfig = () =>
    businessConfig({
      ingestTokenFile: "/unused/in-process",
      events: [
        { name: "app_signups_total", help: "signups", labels: ["plan", "source"], cardinalityCap: 3 },
        { name: "app_exports_total", help: "exports", labels: [], cardinalityCap: 10 },
      ],
    });
  const post = (app: FastifyInstance, body: unknown, token: string | null = TOKEN) =>
    app.inject({ method: "POST", url: "/events", payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("counts a batch of events by their labels, with value defaulting to 1", async () => {
    const { ingest: app, scrape } = harness(eventsConfig());
    const response = await post(app, [
      { event: "app_signups_total", labels: { plan: "free", source: "ads" } },
      { event: "app_signups_total", labels: { plan: "free", source: "ads" } },
      { event: "app_signups_total", labels: { plan: "premium" } },
      { event: "app_exports_total", labels: {}, value: 5 },
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 4, folded: 0 });
    const { body } = await scrape();
    expect(sample(body, "app_signups_total", { plan: "free", source: "ads" })).toBe(2);
    expect(sample(body, "app_signups_total", { plan: "premium", source: "" })).toBe(1);
    expect(sample(body, "app_exports_total", { service: "vigil-exporter-test" })).toBe(5);
  });

  it("refuses a missing or wrong token with 401 before reading the body", async () => {
    const { ingest: app, scrape } = harness(eventsConfig());
    expect((await post(app, [{ event: "app_exports_total" }], null)).statusCode).toBe(401);
    expect((await post(app, [{ event: "app_exports_total" }], "wrong-token")).statusCode).toBe(401);
    expect((await post(app, [{ event: "app_exports_total" }], `${TOKEN}x`)).statusCode).toBe(401);
    const { body } = await scrape();
    // A counter without labels exists from the start, at 0.
    expect(sample(body, "app_exports_total")).toBe(0);
    expect(sample(body, "vigil_business_event_batches_rejected_total", { reason: "unauthorized" })).toBe(3);
  });

  it("rejects an unknown event or label with 400 naming it, and counts nothing of that batch", async () => {
    const { ingest: app, scrape } = harness(eventsConfig());
    const unknownEvent = await post(app, [{ event: "app_exports_total" }, { event: "app_signins_total" }]);
    expect(unknownEvent.statusCode).toBe(400);
    expect(unknownEvent.json().error).toBe('[1].event: unknown event "app_signins_total" (declared: app_signups_total, app_exports_total)');
    const unknownLabel = await post(app, [{ event: "app_signups_total", labels: { plan: "free", user_id: "42" } }]);
    expect(unknownLabel.statusCode).toBe(400);
    expect(unknownLabel.json().error).toBe('[0].labels: unknown label "user_id" for event "app_signups_total" (allowed: plan, source)');
    expect((await post(app, [{ event: "app_exports_total", value: -1 }])).statusCode).toBe(400);
    expect((await post(app, { event: "app_exports_total" })).statusCode).toBe(400);
    const { body } = await scrape();
    expect(sample(body, "app_exports_total")).toBe(0);
    expect(sample(body, "vigil_business_event_batches_rejected_total", { reason: "invalid" })).toBe(4);
  });

  it("folds label values beyond the cap into `other`, and counts the folds", async () => {
    const { ingest: app, scrape } = harness(eventsConfig());
    const sources = ["ads", "blog", "search", "partner", "newsletter", "ads"];
    const response = await post(app, sources.map((source) => ({ event: "app_signups_total", labels: { plan: "free", source } })));
    expect(response.json()).toEqual({ accepted: 6, folded: 2 });
    const { body } = await scrape();
    for (const kept of ["blog", "search"]) expect(sample(body, "app_signups_total", { plan: "free", source: kept })).toBe(1);
    expect(sample(body, "app_signups_total", { plan: "free", source: "ads" })).toBe(2);
    expect(sample(body, "app_signups_total", { plan: "free", source: "other" })).toBe(2);
    expect(sample(body, "app_signups_total", { source: "partner" })).toBeUndefined();
    expect(sample(body, "vigil_business_event_labels_folded_total", { event: "app_signups_total", label: "source" })).toBe(2);
  });

  it("has no /events route when no events are declared", async () => {
    const { ingest: app } = harness(businessConfig({}));
    expect((await post(app, [])).statusCode).toBe(404);
  });
});

describe("/metrics formats", () => {
  it("answers in OpenMetrics when asked, in the text format otherwise, with the same series", async () => {
    const { runtime, scrape } = harness(businessConfig({ sql: [sqlMetric("orders_total", "SELECT count(*) AS value FROM orders", { type: "counter" })] }));
    await runtime.collector.runAllOnce();
    const open = await scrape("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    expect(open.type).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    expect(open.body.endsWith("# EOF\n")).toBe(true);
    expect(open.body.match(/^# EOF$/gm)).toHaveLength(1);
    expect(open.body).toContain("# TYPE orders counter");
    expect(sample(open.body, "orders_total")).toBe(4);
    expect(open.body).toContain("# TYPE vigil_http_requests counter");

    const text = await scrape();
    expect(text.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(text.body).not.toContain("# EOF");
    expect(text.body).toContain("# TYPE orders_total counter");
    // prom-client renames counters in place for OpenMetrics; the text format must not notice.
    expect(text.body).toContain("# TYPE vigil_http_requests_total counter");
    expect(sample(text.body, "orders_total")).toBe(4);
  });
});

describe("the exporter bundle with business metrics", () => {
  it("serves the preset, reports a failing query to Sentry, and drains on SIGTERM", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-business-bundle-"));
    // A stand-in Sentry that records each envelope the SDK sends.
    const envelopes: string[] = [];
    const sentry = createServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        envelopes.push(`${request.url}\n${body}`);
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => sentry.listen(0, "127.0.0.1", resolve));
    const sentryPort = (sentry.address() as AddressInfo).port;
    try {
      const bundle = (await buildExporter(join(dir, "main.js"))).outFile;
      // Secrets as synth lays them out: one file each, the config naming the files.
      const secretFile = (name: string, value: string) => {
        const path = join(dir, name);
        writeFileSync(path, value, { mode: 0o600 });
        return path;
      };
      const business = businessConfig({ saasPreset: true, sql: [sqlMetric("broken_total", "SELECT count(*) AS value FROM no_such_table", { type: "counter" })] });
      const config: ExporterConfig = {
        service: "vigil-exporter-bundle",
        listen: { host: "127.0.0.1", port: 0 },
        ingest: { host: "127.0.0.1", port: 0 },
        logLevel: "info",
        shutdownGraceSeconds: 10,
        business: {
          ...business,
          postgres: { ...business.postgres!, passwordFile: secretFile("postgres-password", `${postgres.password}\n`) },
          redis: { ...business.redis!, passwordFile: secretFile("redis-password", redis.password) },
        },
        sentry: { dsnFile: secretFile("sentry-dsn", `http://publickey@127.0.0.1:${sentryPort}/42`), environment: "test" },
      };
      const configPath = join(dir, "config.json");
      writeFileSync(configPath, JSON.stringify(config));
      const child = spawn(EXPORTER_NODE, [bundle, "--config", configPath], { stdio: ["ignore", "pipe", "pipe"] });
      const logs: Record<string, unknown>[] = [];
      createInterface({ input: child.stdout! }).on("line", (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        await waitUntil("listening", async () => logs.some((line) => line.msg === "listening"), 20_000);
        const port = logs.find((line) => line.msg === "listening")!.port as number;
        await waitUntil("the preset's values", async () => {
          const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          return sample(body, SAAS_PRESET_METRICS.registrations, { service: "vigil-exporter-bundle" }) === 4;
        }, 20_000);
        expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
        await waitUntil("an envelope at the Sentry stand-in", async () => envelopes.some((e) => e.includes("no_such_table")), 20_000);
        const envelope = envelopes.find((e) => e.includes("no_such_table"))!;
        expect(envelope.split("\n")[0]).toMatch(/^\/api\/42\/envelope\/\?.*sentry_key=publickey/);
        expect(envelope).toContain('"metric":"broken_total"');
        expect(envelope).toContain('"environment":"test"');
        expect(logs.find((line) => line.msg === "business metric failed")).toMatchObject({ metric: "broken_total", err: expect.stringContaining("no_such_table") });
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
        expect(logs.map((line) => line.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    } finally {
      sentry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
