import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { EXPORTER_METRICS } from "../core/exporter/contract";
import { EXPORTER_NODE_RELEASE } from "../infra/exporter-bundle";
import { startTestPostgres, type TestPostgres } from "../test/support/databases";
import { waitUntil } from "../scripts/local/processes";
import { PHASES, runPhase, type PhaseResult } from "./exporter-scrapes";
import {
  METRICS,
  prepareDatabase,
  QUERY_INTERVAL_SECONDS,
  SERIES_PER_METRIC,
  SQL_EXPORTER,
  sqlExporterVersion,
  startSqlExporter,
  startVigil,
  stopTarget,
  type Target,
} from "./exporter-targets";

// The exporter's section of bench/results.md: the vigil exporter and Debian's
// prometheus-sql-exporter serve the same 10,000 series from the same queries on the same
// PostgreSQL, scraped side by side in one run. Measures /metrics latency (p50, p99), CPU per
// scrape, and how many queries each makes at two scrape rates. Everything on 127.0.0.1, bounded in time.

/** Series in a text exposition whose name starts with `prefix`. */
function countSeries(body: string, prefix: RegExp): number {
  return body.split("\n").filter((line) => prefix.test(line)).length;
}

function report(results: PhaseResult[], seriesCounts: Record<string, number>, versions: Record<string, string>): string {
  const ms = (value: number) => value.toFixed(1);
  const lines = [
    "# Benchmark: vigil exporter vs prometheus-sql-exporter",
    "",
    "Written by `npm run bench` (bench/run.ts). Both exporters ran at the same time on this machine,",
    `serving the same ${METRICS} queries (${METRICS * SERIES_PER_METRIC} series in all) from the same PostgreSQL,`,
    `each query on a ${QUERY_INTERVAL_SECONDS} s interval; each exporter was scraped at the rate of each phase, concurrently.`,
    "Latency is the time to the whole /metrics body as the benchmark's HTTP client saw it (one client",
    "thread per exporter); CPU per scrape is the exporter process's user+system CPU during the phase",
    "divided by its scrapes (background query work included); queries are the executions PostgreSQL's",
    "pg_stat_statements counted for each exporter's database role during the phase.",
    "",
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}; the vigil exporter on node v${EXPORTER_NODE_RELEASE}; ${versions[SQL_EXPORTER] ?? SQL_EXPORTER}.`,
    "",
    `Series served: ${Object.entries(seriesCounts).map(([name, count]) => `${name} ${count}`).join(", ")}.`,
    "",
    "| exporter | phase | scrapes | failed | p50 ms | p99 ms | max ms | CPU ms / scrape | queries | queries / min |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.target} | ${r.phase} | ${r.scrapes} | ${r.failures} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.cpuMsPerScrape)} | ${r.queries} | ${r.queriesPerMinute.toFixed(1)} |`,
    ),
    "",
  ];
  const fast = (target: string) => results.find((r) => r.target === target && r.phase === PHASES[0].name);
  const vigil = fast("vigil exporter");
  const other = fast(SQL_EXPORTER);
  if (vigil && other) {
    const ratio = vigil.p99 / other.p99;
    lines.push(
      "## Against the goals",
      "",
      `- p99 at ${PHASES[0].name}: vigil ${ms(vigil.p99)} ms, ${SQL_EXPORTER} ${ms(other.p99)} ms: ratio ${ratio.toFixed(2)} ` +
        `(goal: at most 0.25) — ${ratio <= 0.25 ? "met" : "NOT met"}.`,
    );
    for (const target of ["vigil exporter", SQL_EXPORTER]) {
      const perPhase = results.filter((r) => r.target === target).map((r) => `${r.queriesPerMinute.toFixed(1)}/min at ${r.phase}`);
      lines.push(`- ${target} database queries: ${perPhase.join(", ")}.`);
    }
    lines.push(
      `- Expected when the query count is independent of the scrape rate: ${((METRICS * 60) / QUERY_INTERVAL_SECONDS).toFixed(0)}/min ` +
        `(${METRICS} queries every ${QUERY_INTERVAL_SECONDS} s), at any rate.`,
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The exporter's section: vigil's /metrics against prometheus-sql-exporter (issue 5). */
export async function benchExporter(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-"));
  const targets: Target[] = [];
  let postgres: TestPostgres | undefined;
  try {
    console.log("bench: starting PostgreSQL");
    postgres = await startTestPostgres({ statStatements: true });
    await prepareDatabase(postgres);
    console.log("bench: starting both exporters");
    targets.push(await startVigil(dir, postgres), await startSqlExporter(dir, postgres));
    const patterns: Record<string, RegExp> = { "vigil exporter": /^bench_metric_\d+\{/, [SQL_EXPORTER]: /^sql_bench_metric_\d+\{/ };
    const seriesCounts: Record<string, number> = {};
    for (const target of targets) {
      await waitUntil(`${target.name} serving ${METRICS * SERIES_PER_METRIC} series`, async () => {
        if (target.child.exitCode !== null) throw new Error(`${target.name} exited: ${target.log()}`);
        const body = await (await fetch(target.url)).text();
        seriesCounts[target.name] = countSeries(body, patterns[target.name]!);
        return seriesCounts[target.name]! >= METRICS * SERIES_PER_METRIC;
      }, 60_000);
    }
    const results: PhaseResult[] = [];
    for (const phase of PHASES) {
      console.log(`bench: ${phase.name} for ${phase.seconds} s`);
      results.push(...(await runPhase(targets, postgres, phase)));
    }
    // The exporter's own histogram: time spent inside the server per /metrics, without the client.
    const own = await (await fetch(targets[0]!.url)).text();
    const stat = (suffix: string) =>
      own.split("\n").filter((line) => line.startsWith(`${EXPORTER_METRICS.httpRequestDuration}_${suffix}{`) && line.includes('route="/metrics"'))
        .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
    const serverMeanMs = (stat("sum") / Math.max(1, stat("count"))) * 1_000;
    return `${report(results, seriesCounts, { [SQL_EXPORTER]: sqlExporterVersion() })}Inside the vigil exporter (its own vigil_http_request_duration_seconds), a /metrics request took ${serverMeanMs.toFixed(1)} ms on average over the run; the rest of the latency above is the client and the machine's two cores shared by both exporters, PostgreSQL and the benchmark.\n`;
  } finally {
    for (const target of targets) await stopTarget(target);
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
