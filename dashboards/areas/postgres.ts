import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import {
  fallingSteps,
  instantQuery,
  limitLineOverride,
  limitSteps,
  limitTimeseriesPanel,
  promQuery,
  ratesTimeseriesPanel,
  risingSteps,
  stacked,
  statPanel,
  tablePanel,
  thresholds,
  timeseriesPanel,
  upStat,
} from "../panels";
import { increase, jobIs, legend, rate, selector, sumBy } from "../queries";

// The application's PostgreSQL through postgres_exporter. Its statistics counters
// (xact_commit, blks_hit, deadlocks) have no _total suffix but are counters all the same,
// so they are only ever read through rate() or increase().

const PG = jobIs("postgres");
/** The databases that hold data: not the templates. */
const DATABASES = [PG, 'datname!~"template.*"'];

/** Per-second rate of a statistics counter, by database. */
function perDatabase(metric: string): string {
  return sumBy(["datname"], rate(selector(metric, DATABASES)));
}

export function postgresUpStat() {
  return upStat(
    {
      title: "PostgreSQL up",
      description: "Whether postgres_exporter reached the database at its last scrape.",
      unit: units.NoUnit,
    },
    `min(${selector("pg_up", [PG])})`,
  );
}

function connectionsExpr(): string {
  return sumBy([], selector("pg_stat_activity_count", [PG]));
}

function maxConnectionsExpr(): string {
  return `max(${selector("pg_settings_max_connections", [PG])})`;
}

export function connectionsUsedStat(config: VigilConfig) {
  const threshold = config.alerts.postgres.connectionsRatio;
  return statPanel(
    {
      title: "Connections used",
      description: `Share of max_connections in use; the connections alert fires above ${threshold * 100}%.`,
      unit: units.PercentUnit,
    },
    instantQuery(`${connectionsExpr()} / ${maxConnectionsExpr()}`),
  ).thresholds(thresholds(risingSteps(threshold * 0.8, threshold)));
}

export function connectionsTimeseries() {
  return timeseriesPanel(
    {
      title: "Connections",
      description: "Open connections by state, stacked, against max_connections: new clients are refused at the line.",
      unit: units.Short,
    },
    [
      promQuery(sumBy(["state"], selector("pg_stat_activity_count", [PG])), legend("state")),
      promQuery(maxConnectionsExpr(), "max_connections"),
    ],
  )
    .stacking(stacked())
    .overrideByName("max_connections", [
      { id: "custom.stacking", value: { mode: "none" } },
      ...limitLineOverride(),
    ])
    .min(0);
}

export function transactionsTimeseries() {
  return ratesTimeseriesPanel(
    {
      title: "Transactions",
      description: "Commits and rollbacks per second by database; rollbacks climbing with commits flat mean failing requests.",
      unit: units.OpsPerSecond,
    },
    ["datname"],
    DATABASES,
    [
      ["pg_stat_database_xact_commit", "commits {{datname}}"],
      ["pg_stat_database_xact_rollback", "rollbacks {{datname}}"],
    ],
  );
}

export function cacheHitRatioTimeseries(config: VigilConfig) {
  const threshold = config.alerts.postgres.cacheHitRatio;
  const hits = perDatabase("pg_stat_database_blks_hit");
  return limitTimeseriesPanel(
    {
      title: "Cache hit ratio",
      description: `Share of blocks read from shared buffers rather than disk, by database; the alert fires below ${threshold * 100}% (dashed line).`,
      unit: units.PercentUnit,
    },
    [promQuery(`${hits} / (${hits} + ${perDatabase("pg_stat_database_blks_read")})`, legend("datname"))],
    fallingSteps(threshold, 1),
  ).max(1);
}

export function deadlocksTimeseries() {
  return timeseriesPanel(
    {
      title: "Deadlocks",
      description: "Deadlocks PostgreSQL detected (and broke by aborting a transaction), by database; any is worth a look.",
      unit: units.Short,
    },
    [
      promQuery(
        sumBy(["datname"], increase(selector("pg_stat_database_deadlocks", DATABASES))),
        legend("datname"),
      ),
    ],
  ).min(0);
}

export function longestTransactionTimeseries(config: VigilConfig) {
  const threshold = config.alerts.postgres.longTransactionSeconds;
  return limitTimeseriesPanel(
    {
      title: "Longest transaction",
      description: `Age of the oldest open transaction by database; past ${threshold} s (dashed line) it holds back vacuum and locks.`,
      unit: units.Seconds,
    },
    [promQuery(`max by (datname) (${selector("pg_stat_activity_max_tx_duration", DATABASES)})`, legend("datname"))],
    limitSteps(threshold),
  ).min(0);
}

export function databaseSizeTimeseries() {
  return timeseriesPanel(
    {
      title: "Database size",
      description: "On-disk size of each database, tables and indexes together.",
      unit: units.BytesIEC,
    },
    [promQuery(sumBy(["datname"], selector("pg_database_size_bytes", DATABASES)), legend("datname"))],
  );
}

export function locksTimeseries() {
  return timeseriesPanel(
    {
      title: "Locks",
      description: "Locks held by mode, all databases; a climb of exclusive locks usually comes with waiting queries.",
      unit: units.Short,
    },
    [promQuery(sumBy(["mode"], selector("pg_locks_count", DATABASES)), legend("mode"))],
  )
    .stacking(stacked())
    .min(0);
}

// ---------------------------------------------------------------- slow queries

/** How many statements each slow-query table lists. */
const TOP_STATEMENTS = 10;

/** Per-second rate of a pg_stat_statements counter, by statement. */
function perStatement(metric: string): string {
  return sumBy(["datname", "queryid"], rate(selector(metric, [PG])));
}

/**
 * The top statements by `expr`, with their text: pg_stat_statements_query_id is 1 for each
 * statement and carries its text (cut to the exporter's length limit) as the `query` label.
 */
function withStatementText(expr: string): string {
  return `topk(${TOP_STATEMENTS}, ${expr})\n* on (queryid) group_left (query)\nmax by (queryid, query) (${selector("pg_stat_statements_query_id", [PG])})`;
}

function statementsTable(title: string, description: string, unit: string, expr: string) {
  return tablePanel({ title, description, unit }, [instantQuery(withStatementText(expr))]).withTransformation({
    id: "organize",
    options: { excludeByName: { Time: true }, indexByName: { query: 0, datname: 1, queryid: 2, Value: 3 } },
  });
}

export function slowestStatementsTable() {
  return statementsTable(
    "Slowest statements (mean time)",
    "The statements with the highest mean execution time per call right now (pg_stat_statements), with their text; PostgresSlowQueries fires on a sustained mean over its threshold.",
    units.Seconds,
    `${perStatement("pg_stat_statements_seconds_total")}\n/\n(${perStatement("pg_stat_statements_calls_total")} > 0)`,
  );
}

export function busiestStatementsTable() {
  return statementsTable(
    "Statements by total time",
    "Execution time each statement takes per second of wall clock right now: where the database's time goes, however fast each call is.",
    units.Seconds,
    perStatement("pg_stat_statements_seconds_total"),
  );
}

export function frequentStatementsTable() {
  return statementsTable(
    "Statements by calls",
    "The statements called most often right now, in calls per second.",
    units.RequestsPerSecond,
    perStatement("pg_stat_statements_calls_total"),
  );
}
