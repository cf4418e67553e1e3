import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { ExporterConfig } from "../core/exporter/config";
import { EXPORTER_NODE } from "../infra/exporter-bundle";
import { buildExporter } from "../scripts/build-exporter";
import { freePort } from "../scripts/local/processes";
import type { TestPostgres } from "../test/support/databases";

// The two exporters the exporter's section compares, and the one workload both serve: the
// same queries over the same table on the same PostgreSQL, each exporter connecting as a role
// of its own so that pg_stat_statements counts its queries apart.

export const METRICS = 5;
export const SERIES_PER_METRIC = 2_000;
export const QUERY_INTERVAL_SECONDS = 10;
export const SQL_EXPORTER = "prometheus-sql-exporter";

/** An exporter under test, running. */
export interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  /** The database role it connects as: pg_stat_statements counts its queries apart. */
  role: string;
  log: () => string;
}

const queryFor = (metric: number) =>
  `SELECT shard, item, value FROM bench_series WHERE metric = ${metric}`;

/** The table both exporters read, and the role each connects as. */
export async function prepareDatabase(postgres: TestPostgres): Promise<void> {
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

export async function startVigil(dir: string, postgres: TestPostgres): Promise<Target> {
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
  const { child, log } = spawnLogged(EXPORTER_NODE, [bundle, "--config", configPath]);
  return { name: "vigil exporter", url: `http://127.0.0.1:${port}/metrics`, child, role: "vigil_bench", log };
}

export async function startSqlExporter(dir: string, postgres: TestPostgres): Promise<Target> {
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

/** Stops a target and waits for it to exit, so PostgreSQL and its files go only once it has let go of them. */
export async function stopTarget(target: Target): Promise<void> {
  target.child.kill("SIGTERM");
  await new Promise((resolveExit) => (target.child.exitCode !== null ? resolveExit(null) : target.child.once("exit", resolveExit)));
}

/** The installed prometheus-sql-exporter's version, as the results name it. */
export function sqlExporterVersion(): string {
  try {
    const version = execFileSync("dpkg-query", ["-W", "-f", "${Version}", SQL_EXPORTER], { encoding: "utf8" }).trim();
    return `${SQL_EXPORTER} ${version} (Debian)`;
  } catch {
    return SQL_EXPORTER;
  }
}
