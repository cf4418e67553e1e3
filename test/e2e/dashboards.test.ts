import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type { VigilConfig } from "../../core/config";
import { parseConfig } from "../../core/config";
import { FAST, parseDuration } from "../../core/timing";
import { allPanels, targetsOf } from "../../dashboards/defaults";
import type { BuiltDashboard } from "../../dashboards/index";
import { buildDashboards } from "../../dashboards/index";
import { DATASOURCE } from "../../dashboards/panels";
import type { LiveDataDeclaration } from "../../dashboards/live-data";
import { liveDataDeclaration } from "../../dashboards/live-data";
import { LOCAL_CONFIG_FILE, localConfigAt } from "../../scripts/local/config";
import { sleep, waitUntil } from "../../scripts/local/processes";
import type { LocalStack } from "../../scripts/local/stack";
import { startLocalStack } from "../../scripts/local/stack";

// No Grafana server runs here, so the dashboards are proven the way Grafana would use
// them: every query of every panel, its Grafana variables filled in, runs against the
// live Prometheus of the local stack (real exporters, PostgreSQL, Redis, the demo app)
// and must return data. Panels declared next to their layout as "cannot run here" must
// say why, must still be valid PromQL, and must still return no data (a declaration that
// outlived its reason fails the suite).

/** The local config with placeholder ports: no dashboard query contains a port. */
function collectionConfig(): VigilConfig {
  return parseConfig(localConfigAt(18_000), LOCAL_CONFIG_FILE);
}

interface PanelQueries {
  dashboard: string;
  panel: string;
  declaration: LiveDataDeclaration | undefined;
  /** The panel's minimum interval in seconds (0 when it sets none). */
  minInterval: number;
  queries: Array<{ refId: string; expr: string; instant: boolean }>;
}

function panelQueries(built: BuiltDashboard[]): PanelQueries[] {
  return built.flatMap(({ model }) =>
    allPanels(model)
      // Prometheus's panels; the LogsQL ones (the Logs dashboard) go through vmalert's
      // LogsQL parser in test/logs-dashboard.test.ts, as no VictoriaLogs runs here.
      .filter((panel): panel is dashboard.Panel => panel.type !== "row" && panel.datasource?.type === DATASOURCE.type)
      .map((panel) => ({
        dashboard: model.title ?? "",
        panel: panel.title ?? "",
        declaration: liveDataDeclaration(panel),
        minInterval: panel.interval ? parseDuration(panel.interval) : 0,
        queries: targetsOf(panel).map((target) => ({
          refId: target.refId ?? "?",
          expr: target.expr ?? "",
          instant: target.instant === true,
        })),
      })),
  );
}

/**
 * Grafana's variables as it would fill them for the FAST profile (1 s scrapes) over the
 * last hour: $__interval is the step (at least the panel's minimum interval), and
 * $__rate_interval spans several scrapes and at least one step plus a scrape; a dashboard's
 * own drop-down at "All".
 */
function withGrafanaVariables(expr: string, minInterval = 0): string {
  const interval = Math.max(5, minInterval);
  return expr
    .replaceAll("$__rate_interval", `${Math.max(10, interval + FAST.scrapeIntervalSeconds)}s`)
    .replaceAll("$__interval", `${interval}s`)
    .replaceAll("$__range", "5m")
    // The host dashboard's Host drop-down at "All" (its allValue).
    .replaceAll("$instance", ".*");
}

const config = collectionConfig();
const PANELS = panelQueries(buildDashboards(config));
const CHECKED = PANELS.filter((p) => p.declaration === undefined);
const CANNOT_RUN = PANELS.filter((p) => p.declaration?.kind === "cannot-run-here");

/** Why a panel is declared. */
function reasonOf(declaration: LiveDataDeclaration | undefined): string {
  return declaration?.reason ?? "";
}
const name = (p: PanelQueries) => `${p.dashboard} › ${p.panel}`;

type Outcome = { data: true } | { data: false; why: string };

interface PromResponse {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ value?: [number, string]; values?: Array<[number, string]> }> };
}

async function run(prometheus: string, query: { expr: string; instant: boolean }, minInterval: number): Promise<Outcome> {
  const now = Math.floor(Date.now() / 1000);
  const params = new URLSearchParams({ query: withGrafanaVariables(query.expr, minInterval) });
  if (!query.instant) {
    params.set("start", String(now - 60));
    params.set("end", String(now));
    params.set("step", "5");
  }
  const response = await fetch(`${prometheus}/api/v1/${query.instant ? "query" : "query_range"}`, {
    method: "POST",
    body: params,
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as PromResponse;
  if (body.status !== "success") return { data: false, why: `Prometheus refused it: ${body.error ?? response.status}` };
  const samples = (body.data?.result ?? []).flatMap((series) => (series.value ? [series.value] : (series.values ?? [])));
  if (samples.length === 0) return { data: false, why: "no series" };
  if (samples.every(([, value]) => value === "NaN")) return { data: false, why: "only NaN" };
  return { data: true };
}

describe("every dashboard query against the live local stack", () => {
  let stack: LocalStack;
  /** `${dashboard} › ${panel} › ${refId}` → outcome of its last run. */
  const outcomes = new Map<string, Outcome>();
  const keyOf = (p: PanelQueries, refId: string) => `${name(p)} › ${refId}`;

  /**
   * Application traffic the demo app does not make on its own: a 5xx, Redis lookups (the
   * hit ratio), and one of each declared application event.
   */
  function exercise(): void {
    void fetch(`${stack.demoAppUrl}/api/fail`).catch(() => undefined);
    const events = stack.config.business?.events ?? [];
    const token = stack.config.business?.ingestToken?.reveal();
    if (events.length > 0 && token) {
      const { host, port } = stack.placement.ingest;
      void fetch(`http://${host}:${port}/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(events.map((event) => ({ event: event.name, labels: Object.fromEntries(event.labels.map((l) => [l, "e2e"])) }))),
      }).catch(() => undefined);
    }
    const redis = stack.config.redis;
    if (!redis) return;
    const [host, port] = redis.address.split(":") as [string, string];
    const cli = (...args: string[]) =>
      execFileSync("redis-cli", ["-h", host, "-p", port, "--no-auth-warning", "-a", redis.password?.reveal() ?? "", ...args], {
        stdio: "pipe",
      });
    cli("SET", "vigil:e2e", "1");
    cli("GET", "vigil:e2e");
    cli("GET", "vigil:e2e:missing");
  }

  async function runAll(panels: PanelQueries[]): Promise<void> {
    for (const p of panels) {
      for (const query of p.queries) {
        outcomes.set(keyOf(p, query.refId), await run(stack.urls.Prometheus as string, query, p.minInterval));
      }
    }
  }

  const missing = (panels: PanelQueries[]) =>
    panels.flatMap((p) =>
      p.queries
        .map((q) => ({ key: keyOf(p, q.refId), outcome: outcomes.get(keyOf(p, q.refId)) }))
        .filter(({ outcome }) => !outcome?.data)
        .map(({ key, outcome }) => `${key}: ${outcome && !outcome.data ? outcome.why : "not run"}`),
    );

  beforeAll(async () => {
    stack = await startLocalStack({ timing: FAST });
    // Wait until every panel that should have data has it, or give up after two minutes
    // and let the tests name the ones without.
    const deadline = Date.now() + 120_000;
    for (;;) {
      exercise();
      await runAll(CHECKED.filter((p) => p.queries.some((q) => !outcomes.get(keyOf(p, q.refId))?.data)));
      if (missing(CHECKED).length === 0 || Date.now() > deadline) break;
      await sleep(2_000);
    }
    await runAll(CANNOT_RUN);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    const report = [
      `dashboard panels checked against the live stack: ${CHECKED.length - new Set(missing(CHECKED).map((m) => m.split(" › ").slice(0, 2).join(" › "))).size} of ${CHECKED.length} returned data`,
      `cannot run here (${CANNOT_RUN.length}):`,
      ...CANNOT_RUN.map((p) => `  ${name(p)} — ${reasonOf(p.declaration)}`),
    ];
    console.log(report.join("\n"));
  });

  it("builds the same panels from the running stack's config as from the one the tests were listed with", () => {
    const running = panelQueries(buildDashboards(stack.config));
    expect(running.map((p) => [name(p), p.queries.map((q) => q.expr)])).toEqual(PANELS.map((p) => [name(p), p.queries.map((q) => q.expr)]));
  });

  for (const title of [...new Set(CHECKED.map((p) => p.dashboard))]) {
    it(`${title}: every query of every panel returns data`, () => {
      const without = missing(CHECKED.filter((p) => p.dashboard === title));
      expect(without, `panels without data:\n${without.join("\n")}`).toEqual([]);
    });
  }

  it("sees the demo app's 5xx answers through the configured status label", async () => {
    const errors = CHECKED.find((p) => p.dashboard.endsWith("API performance") && p.panel === "Error ratio");
    const query = withGrafanaVariables((errors?.queries[0]?.expr ?? "").replaceAll("$__rate_interval", "2m"));
    await fetch(`${stack.demoAppUrl}/api/fail`);
    await waitUntil("a 5xx in the error ratio", async () => {
      const response = await fetch(`${stack.urls.Prometheus}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query }) });
      const body = (await response.json()) as PromResponse;
      return Number(body.data?.result[0]?.value?.[1]) > 0;
    }, 30_000);
  });

  it("runs the declared panels' queries too, and none of them is refused as PromQL", () => {
    const refused = CANNOT_RUN.flatMap((p) =>
      p.queries
        .map((q) => ({ key: keyOf(p, q.refId), outcome: outcomes.get(keyOf(p, q.refId)) }))
        .filter(({ outcome }) => outcome && !outcome.data && outcome.why.startsWith("Prometheus refused"))
        .map(({ key, outcome }) => `${key}: ${outcome && !outcome.data ? outcome.why : ""}`),
    );
    expect(refused).toEqual([]);
  });

  it("has no declaration that outlived its reason: declared panels still return no data", () => {
    const stale = CANNOT_RUN
      .filter((p) => p.queries.every((q) => outcomes.get(keyOf(p, q.refId))?.data))
      .map((p) => `${name(p)} returns data now: remove its ${p.declaration?.kind} declaration`);
    expect(stale).toEqual([]);
  });

  it("declares every panel it cannot check with the reason it cannot run here", () => {
    const reasons = CANNOT_RUN.map((p) => {
      return { panel: name(p), kind: p.declaration?.kind, reason: reasonOf(p.declaration) };
    });
    for (const entry of reasons) expect(entry.reason, `${entry.panel} has no reason`).toMatch(/\S/);
    // Only what truly cannot run on this machine may be excused: Docker's cAdvisor.
    expect(CANNOT_RUN.map(name).every((panel) => /container/i.test(panel)), CANNOT_RUN.map(name).join(", ")).toBe(true);
  });
});
