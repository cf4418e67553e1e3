import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { stringify } from "yaml";
import type { ExporterConfig } from "../core/exporter/config";
import { startTestPostgres, type TestPostgres } from "../test/support/databases";
import { buildExporter } from "../scripts/build-exporter";
import { freePort, waitUntil } from "../scripts/local/processes";
import { benchRelay } from "./relay";
import { benchStatusPage } from "./status-page";
import { benchFaults } from "./faults";

// npm run bench: the vigil exporter and Debian's prometheus-sql-exporter serve the same
// 10,000 series from the same queries on the same PostgreSQL, scraped side by side in one
// run. Measures /metrics latency (p50, p99), CPU per scrape, and how many queries each
// makes at two scrape rates. Everything on 127.0.0.1, bounded in time; writes bench/results.md.

const ROOT = resolve(__dirname, "..");
const RESULTS = join(ROOT, "bench", "results.md");
const METRICS = 5;
const SERIES_PER_METRIC = 2_000;
const QUERY_INTERVAL_SECONDS = 10;
const PHASES = [
  { name: "5 scrapes/s", perSecond: 5, seconds: 30 },
  { name: "1 scrape/s", perSecond: 1, seconds: 30 },
] as const;
const SQL_EXPORTER = "prometheus-sql-exporter";

interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  /** The database role it connects as: pg_stat_statements counts its queries apart. */
  role: string;
  log: () => string;
}

const queryFor = (metric: number) =>
  `SELECT shard, item, value FROM bench_series WHERE metric = ${metric}`;

async function prepareDatabase(postgres: TestPostgres): Promise<void> {
  await postgres.admin(`
    CREATE TABLE bench_series (metric int NOT NULL, shard text NOT NULL, item text NOT NULL, value double precision NOT NULL);
    INSERT INTO bench_series
      SELECT m, 'shard-' || (i % 20), 'item-' || i, random() * 1000
      FROM generate_series(1, ${METRICS}) AS m, generate_series(1, ${SERIES_PER_METRIC}) AS i;
    CREATE INDEX ON bench_series (metric);
    CREATE ROLE vigil_bench LOGIN PASSWORD 'vigil-bench';
    CREATE ROLE sqlexp_bench LOGIN PASSWORD 'sqlexp-bench';
    GRANT SELECT ON bench_series TO vigil_bench, sqlexp_bench;
    ANALYZE bench_series;
  `);
}

function spawnLogged(command: string, args: string[]): { child: ChildProcess; log: () => string } {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log: () => output };
}

async function startVigil(dir: string, postgres: TestPostgres): Promise<Target> {
  const port = await freePort();
  const bundle = (await buildExporter(join(dir, "vigil-exporter.js"))).outFile;
  const passwordFile = join(dir, "vigil-postgres-password");
  writeFileSync(passwordFile, "vigil-bench", { mode: 0o600 });
  const config: ExporterConfig = {
    service: "vigil-exporter-bench",
    listen: { host: "127.0.0.1", port },
    // The benchmark scrapes the internal listener only; the OS picks the ingest port.
    ingest: { host: "127.0.0.1", port: 0 },
    logLevel: "warn",
    shutdownGraceSeconds: 5,
    business: {
      postgres: { host: "127.0.0.1", port: postgres.port, database: postgres.database, user: "vigil_bench", passwordFile, sslmode: "disable" },
      saasPreset: false,
      presetIntervalSeconds: 60,
      presetTimeoutSeconds: 10,
      sql: Array.from({ length: METRICS }, (_, index) => ({
        name: `bench_metric_${index + 1}`,
        help: `Benchmark metric ${index + 1}.`,
        type: "gauge" as const,
        query: queryFor(index + 1),
        labels: ["shard", "item"],
        intervalSeconds: QUERY_INTERVAL_SECONDS,
        timeoutSeconds: 5,
      })),
      redisMetrics: [],
      events: [],
      maxConcurrentQueries: 2,
      staleIntervals: 3,
    },
  };
  const configPath = join(dir, "vigil.json");
  writeFileSync(configPath, JSON.stringify(config));
  const { child, log } = spawnLogged(process.execPath, [bundle, "--config", configPath]);
  return { name: "vigil exporter", url: `http://127.0.0.1:${port}/metrics`, child, role: "vigil_bench", log };
}

async function startSqlExporter(dir: string, postgres: TestPostgres): Promise<Target> {
  const port = await freePort();
  const config = {
    jobs: [
      {
        name: "bench",
        interval: `${QUERY_INTERVAL_SECONDS}s`,
        connections: [`postgres://sqlexp_bench:sqlexp-bench@127.0.0.1:${postgres.port}/${postgres.database}?sslmode=disable`],
        queries: Array.from({ length: METRICS }, (_, index) => ({
          name: `bench_metric_${index + 1}`,
          help: `Benchmark metric ${index + 1}.`,
          labels: ["shard", "item"],
          values: ["value"],
          query: queryFor(index + 1),
        })),
      },
    ],
  };
  const configPath = join(dir, "sql-exporter.yml");
  writeFileSync(configPath, stringify(config));
  const { child, log } = spawnLogged(SQL_EXPORTER, [`-config.file=${configPath}`, `-web.listen-address=127.0.0.1:${port}`]);
  return { name: SQL_EXPORTER, url: `http://127.0.0.1:${port}/metrics`, child, role: "sqlexp_bench", log };
}

/** Series in a text exposition whose name starts with `prefix`. */
function countSeries(body: string, prefix: RegExp): number {
  return body.split("\n").filter((line) => prefix.test(line)).length;
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

async function queryCalls(postgres: TestPostgres, role: string): Promise<number> {
  const rows = await postgres.admin(
    `SELECT coalesce(sum(s.calls), 0)::bigint AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
     WHERE r.rolname = $1 AND s.query LIKE '%bench_series%'`,
    [role],
  );
  return Number(rows[0]?.calls ?? 0);
}

interface PhaseResult {
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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
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
async function runPhase(targets: Target[], postgres: TestPostgres, phase: (typeof PHASES)[number]): Promise<PhaseResult[]> {
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

function sqlExporterVersion(): string {
  try {
    const version = execFileSync("dpkg-query", ["-W", "-f", "${Version}", SQL_EXPORTER], { encoding: "utf8" }).trim();
    return `${SQL_EXPORTER} ${version} (Debian)`;
  } catch {
    return SQL_EXPORTER;
  }
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
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}; node ${process.version}; ${versions[SQL_EXPORTER] ?? SQL_EXPORTER}.`,
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
async function benchExporter(): Promise<string> {
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
      own.split("\n").filter((line) => line.startsWith(`vigil_http_request_duration_seconds_${suffix}{`) && line.includes('route="/metrics"'))
        .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
    const serverMeanMs = (stat("sum") / Math.max(1, stat("count"))) * 1_000;
    return `${report(results, seriesCounts, { [SQL_EXPORTER]: sqlExporterVersion() })}Inside the vigil exporter (its own vigil_http_request_duration_seconds), a /metrics request took ${serverMeanMs.toFixed(1)} ms on average over the run; the rest of the latency above is the client and the machine's two cores shared by both exporters, PostgreSQL and the benchmark.\n`;
  } finally {
    for (const target of targets) {
      target.child.kill("SIGTERM");
      await new Promise((resolveExit) => (target.child.exitCode !== null ? resolveExit(null) : target.child.once("exit", resolveExit)));
    }
    await postgres?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every section of bench/results.md, in order; `npm run bench -- --only <name>` reruns one. */
const SECTIONS: Record<string, () => Promise<string>> = {
  exporter: benchExporter,
  relay: benchRelay,
  "status-page": benchStatusPage,
  faults: () => benchFaults({ trials: 3, quietMinutes: 10 }),
};

const marker = (name: string, end = false) => `<!-- bench:${end ? "/" : ""}${name} -->`;

/** results.md with one section replaced (or appended), the others kept as they were measured. */
function withSection(document: string, name: string, body: string): string {
  const block = `${marker(name)}\n${body.trimEnd()}\n${marker(name, true)}`;
  const start = document.indexOf(marker(name));
  const end = document.indexOf(marker(name, true));
  if (start >= 0 && end > start) return document.slice(0, start) + block + document.slice(end + marker(name, true).length);
  return `${document.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string", multiple: true } }, strict: true });
  const chosen = values.only ?? Object.keys(SECTIONS);
  const unknown = chosen.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`);
  // A full run starts a fresh document; --only keeps the other sections' last figures.
  let document = values.only && existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "";
  for (const name of chosen) {
    console.log(`bench: ${name}`);
    const body = await SECTIONS[name]!();
    console.log(body);
    document = withSection(document, name, body);
    // Written after each section, so a long run that fails late keeps what it measured.
    writeFileSync(RESULTS, `${document.trimEnd()}\n`);
  }
  console.log(`bench: wrote ${RESULTS}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
