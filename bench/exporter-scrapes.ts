import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { TestPostgres } from "../test/support/databases";
import type { Target } from "./exporter-targets";
import { percentile } from "./percentile";
import { cpuSeconds } from "./process-usage";

// How the exporter's section measures: every exporter scraped at once at a fixed rate, as
// Prometheus servers would, timing each /metrics answer at the client while /proc gives the
// exporter's CPU and pg_stat_statements the queries it made meanwhile.

/** The scrape rates, each for a bounded time: the queries an exporter makes should not follow them. */
export const PHASES = [
  { name: "5 scrapes/s", perSecond: 5, seconds: 30 },
  { name: "1 scrape/s", perSecond: 1, seconds: 30 },
] as const;

/** One exporter in one phase: a row of the section's table. */
export interface PhaseResult {
  target: string;
  phase: string;
  scrapes: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
  cpuMsPerScrape: number;
  queries: number;
  queriesPerMinute: number;
}

async function queryCalls(postgres: TestPostgres, role: string): Promise<number> {
  const rows = await postgres.admin(
    `SELECT coalesce(sum(s.calls), 0)::bigint AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
     WHERE r.rolname = $1 AND s.query LIKE '%bench_series%'`,
    [role],
  );
  return Number(rows[0]?.calls ?? 0);
}

// Each target is scraped from its own worker thread, so reading one exporter's large answer
// never delays the clock of the other's scrapes.
const SCRAPER = `
const { parentPort, workerData } = require("node:worker_threads");
const { performance } = require("node:perf_hooks");
(async () => {
  const { url, perSecond, seconds, startAt } = workerData;
  const latencies = [];
  let failures = 0;
  const inFlight = [];
  const total = perSecond * seconds;
  for (let tick = 0; tick < total; tick += 1) {
    const wait = startAt + (tick * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const begun = performance.now();
    inFlight.push(
      fetch(url, { headers: { accept: "text/plain;version=0.0.4" }, signal: AbortSignal.timeout(10000) })
        .then(async (response) => {
          await response.arrayBuffer();
          if (!response.ok) throw new Error("HTTP " + response.status);
          latencies.push(performance.now() - begun);
        })
        .catch(() => { failures += 1; }),
    );
  }
  await Promise.all(inFlight);
  parentPort.postMessage({ latencies, failures });
})();
`;

function scrapeFromWorker(url: string, perSecond: number, seconds: number, startAt: number): Promise<{ latencies: number[]; failures: number }> {
  return new Promise((resolveResult, reject) => {
    const worker = new Worker(SCRAPER, { eval: true, workerData: { url, perSecond, seconds, startAt } });
    worker.once("message", (result: { latencies: number[]; failures: number }) => {
      resolveResult(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/** Scrapes every target at `perSecond` for `seconds`, all at once, as Prometheus servers would. */
export async function runPhase(targets: Target[], postgres: TestPostgres, phase: (typeof PHASES)[number]): Promise<PhaseResult[]> {
  const before = await Promise.all(targets.map(async (t) => ({ cpu: cpuSeconds(t.child.pid!), calls: await queryCalls(postgres, t.role) })));
  const started = performance.now();
  // Both start on the same tick of the wall clock, a moment from now.
  const startAt = Date.now() + 500;
  const scraped = await Promise.all(targets.map((target) => scrapeFromWorker(target.url, phase.perSecond, phase.seconds, startAt)));
  const elapsedMinutes = (performance.now() - started) / 60_000;
  const after = await Promise.all(targets.map(async (t) => ({ cpu: cpuSeconds(t.child.pid!), calls: await queryCalls(postgres, t.role) })));
  return targets.map((target, index) => {
    const sorted = [...scraped[index]!.latencies].sort((a, b) => a - b);
    const queries = after[index]!.calls - before[index]!.calls;
    return {
      target: target.name,
      phase: phase.name,
      scrapes: sorted.length,
      failures: scraped[index]!.failures,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? Number.NaN,
      cpuMsPerScrape: ((after[index]!.cpu - before[index]!.cpu) * 1_000) / Math.max(1, sorted.length),
      queries,
      queriesPerMinute: queries / elapsedMinutes,
    };
  });
}
