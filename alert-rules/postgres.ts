import { JOBS } from "../core/catalog";
import { quoted } from "../core/config/selectors";
import { formatDuration, scaled, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { forVisitors, type RuleGroup } from "./model";
import { DOWN_FOR_SECONDS, downAlert, exporterDownExpr, percent, ratioAlert, scaledWindow } from "./templates";

// The application's database, seen through postgres_exporter (the version core/catalog.ts
// pins; metric names checked against the running binary). Only PostgresDown carries a `component`
// label (postgres.statusComponent): a database nobody can reach is an outage users feel,
// so the status page says so. The other alerts are causes on-call judges, not symptoms.

/** Job selector spliced into every query of this group. */
const JOB = `job=${quoted(JOBS.postgres)}`;

/** PostgresDeadlocks: the window deadlocks are counted over. */
const DEADLOCK_WINDOW = "10m";
/** PostgresLowCacheHitRatio: the ratio's window, how long it must stay low… */
const CACHE_WINDOW = "10m";
const CACHE_FOR_SECONDS = 15 * 60;
/** …and the disk reads per second below which the ratio is noise (an idle database). */
const CACHE_MIN_READS_PER_SECOND = 1;
/** PostgresExporterErrors: how long the exporter must keep failing queries. */
const EXPORTER_ERRORS_FOR_SECONDS = 10 * 60;
/** PostgresSlowQueries: the window a statement's mean execution time is taken over. */
const SLOW_QUERY_WINDOW = "10m";

export function postgresRules({ config, timing }: RuleContext): RuleGroup | undefined {
  if (!config.postgres) return undefined;
  const settings = config.alerts.postgres;
  const database = `${config.postgres.database} on ${config.postgres.host}:${config.postgres.port}`;
  const deadlockWindow = scaledWindow(timing, DEADLOCK_WINDOW);
  const cacheWindow = scaledWindow(timing, CACHE_WINDOW);
  const longTransaction = formatDuration(settings.longTransactionSeconds);
  const slowQueryWindow = scaledWindow(timing, SLOW_QUERY_WINDOW);

  return {
    name: "postgres",
    rules: [
      downAlert({
        alert: "PostgresDown",
        // Down either way: the exporter answers but cannot reach the database (pg_up 0),
        // or the exporter itself cannot be scraped (then pg_up is stale and absent). Both
        // sides carry the same job/instance labels, so an outage that moves from one to
        // the other stays one pending alert.
        expr: exporterDownExpr("pg_up", JOBS.postgres),
        visitors: config.postgres.statusComponent ? forVisitors(config.postgres.statusComponent, "major_outage") : undefined,
        summary: "PostgreSQL is unreachable from the monitoring droplet.",
        description:
          `postgres_exporter ({{ $labels.instance }}) has not been able to connect to PostgreSQL (${database}), or has not answered its scrapes itself, for more than ${scaled(timing, DOWN_FOR_SECONDS)}. ` +
          "The application probably cannot reach its database either, and every other Postgres alert and the business metrics are blind.",
        timing,
      }),
      ratioAlert({
        alert: "PostgresTooManyConnections",
        numerator: `sum without (datname, state) (pg_stat_activity_count{${JOB}})`,
        denominator: `pg_settings_max_connections{${JOB}}`,
        threshold: settings.connectionsRatio,
        for: settings.connectionsFor,
        severity: "warning",
        summary: "PostgreSQL {{ $labels.server }} is using {{ $value | humanizePercentage }} of max_connections.",
        description:
          `{{ $value | humanizePercentage }} of max_connections on {{ $labels.server }} have been in use for more than ${scaledDuration(timing, settings.connectionsFor)} (threshold ${percent(settings.connectionsRatio)}). ` +
          "When none are left, new connections from the application fail with \"too many clients already\".",
        timing,
      }),
      {
        alert: "PostgresDeadlocks",
        expr: `increase(pg_stat_database_deadlocks{${JOB}}[${deadlockWindow}]) > 0`,
        labels: { severity: "warning" },
        annotations: {
          summary: "Deadlocks in PostgreSQL database {{ $labels.datname }}.",
          description:
            `PostgreSQL detected {{ printf "%.0f" $value }} deadlock(s) in database {{ $labels.datname }} on {{ $labels.server }} in the last ${deadlockWindow}. ` +
            "Each one aborted a transaction with an error the application had to handle; repeated deadlocks point to transactions taking locks in different orders.",
        },
      },
      {
        alert: "PostgresLongRunningTransaction",
        // The exporter reports the oldest transaction per database and state; the state
        // (active, idle in transaction) is read in the runbook, not split into alerts.
        expr: `max without (state) (pg_stat_activity_max_tx_duration{${JOB}}) > ${settings.longTransactionSeconds}`,
        labels: { severity: "warning" },
        annotations: {
          summary: "A transaction in PostgreSQL database {{ $labels.datname }} has been open for {{ $value | humanizeDuration }}.",
          description:
            `The oldest open transaction in database {{ $labels.datname }} on {{ $labels.server }} started {{ $value | humanizeDuration }} ago (threshold ${longTransaction}). ` +
            "It holds its locks and keeps VACUUM from removing dead rows, so tables bloat and other queries may wait on it.",
        },
      },
      {
        alert: "PostgresLowCacheHitRatio",
        // The read floor keeps an idle database (a handful of reads, none cached yet)
        // from alerting on a ratio of almost nothing; `for` lets a cold cache warm up
        // after a restart.
        expr:
          `rate(pg_stat_database_blks_hit{${JOB}}[${cacheWindow}])\n/\n` +
          `(rate(pg_stat_database_blks_hit{${JOB}}[${cacheWindow}]) + rate(pg_stat_database_blks_read{${JOB}}[${cacheWindow}]))\n` +
          `< ${settings.cacheHitRatio}\n` +
          `and\nrate(pg_stat_database_blks_read{${JOB}}[${cacheWindow}]) > ${CACHE_MIN_READS_PER_SECOND}`,
        for: scaled(timing, CACHE_FOR_SECONDS),
        labels: { severity: "warning" },
        annotations: {
          summary: "PostgreSQL database {{ $labels.datname }} serves only {{ $value | humanizePercentage }} of reads from its cache.",
          description:
            `Only {{ $value | humanizePercentage }} of the blocks read in database {{ $labels.datname }} on {{ $labels.server }} came from shared buffers over the last ${cacheWindow}, for more than ${scaled(timing, CACHE_FOR_SECONDS)} (threshold ${percent(settings.cacheHitRatio)}). ` +
            "The rest went to the operating system or the disk: queries are slower, and the working set may no longer fit in shared_buffers.",
        },
      },
      {
        alert: "PostgresSlowQueries",
        // pg_stat_statements counts each statement's calls and total execution time; their
        // increases over the window give the mean time of the calls made in it. A statement
        // not called in the window divides by nothing and drops out, so an old slow query
        // stops alerting once nobody runs it.
        expr:
          `increase(pg_stat_statements_seconds_total{${JOB}}[${slowQueryWindow}])\n/\n` +
          `(increase(pg_stat_statements_calls_total{${JOB}}[${slowQueryWindow}]) > 0)\n` +
          `> ${settings.slowQuerySeconds}`,
        for: scaledDuration(timing, settings.slowQueryFor),
        labels: { severity: "warning" },
        annotations: {
          summary: "A statement in PostgreSQL database {{ $labels.datname }} takes {{ $value | humanizeDuration }} on average.",
          description:
            `Statement {{ $labels.queryid }} (run by {{ $labels.user }} in database {{ $labels.datname }}) has averaged {{ $value | humanizeDuration }} per call over the last ${slowQueryWindow}, for more than ${scaledDuration(timing, settings.slowQueryFor)} (threshold ${settings.slowQuerySeconds}s). ` +
            "Requests that run it wait as long; the PostgreSQL dashboard's slow-query tables show its text.",
        },
      },
      {
        alert: "PostgresExporterErrors",
        // While the database is unreachable every query fails; that is PostgresDown's
        // to say, so this alert is only about queries failing on a reachable database
        // (a missing grant, a timeout, a view that changed with a PostgreSQL upgrade).
        expr:
          `(\n  pg_exporter_last_scrape_error{${JOB}} == 1\n  or\n  min without (collector) (pg_scrape_collector_success{${JOB}}) == 0\n)\n` +
          `and on (job, instance)\npg_up{${JOB}} == 1`,
        for: scaled(timing, EXPORTER_ERRORS_FOR_SECONDS),
        labels: { severity: "warning" },
        annotations: {
          summary: "postgres_exporter {{ $labels.instance }} fails some of its queries.",
          description:
            `postgres_exporter ({{ $labels.instance }}) reaches PostgreSQL (${database}) but some of its queries or collectors have been failing for more than ${scaled(timing, EXPORTER_ERRORS_FOR_SECONDS)}. ` +
            "The metrics those queries produce are missing, and the alerts built on them cannot fire.",
        },
      },
    ],
  };
}

