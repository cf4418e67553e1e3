import { Pool, type PoolClient, type QueryConfig } from "pg";
import type { BusinessPostgres } from "../../core/exporter/business-config";
import { VALUE_COLUMN, type SqlMetricDefinition } from "../../core/exporter/business-definitions";
import type { MetricSource, Sample } from "./source";

// SQL-backed business metrics: each query runs in its own READ ONLY transaction with a
// statement_timeout, through a small pool shared by all of them.

const SSL_FOR: Record<BusinessPostgres["sslmode"], boolean | { rejectUnauthorized: boolean }> = {
  disable: false,
  allow: false,
  prefer: false,
  require: { rejectUnauthorized: false },
  "verify-ca": { rejectUnauthorized: true },
  "verify-full": { rejectUnauthorized: true },
};

export interface PoolOptions {
  /** Connections the business queries may hold; readiness gets one more. */
  maxConcurrent: number;
  /** Longest a connection attempt may take. */
  connectTimeoutSeconds: number;
  /** Idle connections and errors on them are reported here instead of crashing the process. */
  onIdleError: (error: Error) => void;
}

export function createBusinessPool(connection: BusinessPostgres, options: PoolOptions): Pool {
  const pool = new Pool({
    host: connection.host,
    port: connection.port,
    database: connection.database,
    user: connection.user,
    password: connection.password,
    ssl: SSL_FOR[connection.sslmode],
    max: options.maxConcurrent + 1,
    connectionTimeoutMillis: options.connectTimeoutSeconds * 1_000,
    idleTimeoutMillis: 60_000,
    application_name: "vigil-exporter",
    // SECURITY: every transaction on these connections is read-only by default, a second
    // guard beside the explicit BEGIN READ ONLY, so a query cannot write whatever it says.
    options: "-c default_transaction_read_only=on",
  });
  // A connection that dies while idle (the server restarts) emits here; unhandled, it would
  // crash the process. The next query simply opens a new connection.
  pool.on("error", options.onIdleError);
  return pool;
}

/** One SQL metric as a collector source. */
export function sqlSource(pool: Pool, metric: SqlMetricDefinition): MetricSource {
  return {
    name: metric.name,
    help: metric.help,
    type: metric.type,
    labelNames: metric.labels,
    intervalSeconds: metric.intervalSeconds,
    timeoutSeconds: metric.timeoutSeconds,
    read: async () => {
      const result = await runReadOnly(pool, metric.query, metric.timeoutSeconds);
      return rowsToSamples(metric, result.fields, result.rows);
    },
  };
}

interface QueryResultLike {
  fields: string[];
  rows: Record<string, unknown>[];
}

async function runReadOnly(pool: Pool, query: string, timeoutSeconds: number): Promise<QueryResultLike> {
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  // pg emits a connection lost between two statements as an 'error' event on the checked-out
  // client, which would crash the process unheard; here it marks the client broken instead.
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  try {
    const timeoutMs = Math.max(1, Math.round(timeoutSeconds * 1_000));
    await client.query(`BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${timeoutMs}`);
    // SECURITY: the extended protocol accepts one statement only, so a query cannot end the
    // read-only transaction with its own COMMIT and carry on writing.
    const config: QueryConfig & { queryMode: "extended"; query_timeout: number } = {
      text: query,
      queryMode: "extended",
      // The client gives up a little after the server should have; only a dead connection gets here.
      query_timeout: timeoutMs + 2_000,
    };
    const result = await client.query(config);
    return { fields: result.fields.map((field) => field.name), rows: result.rows as Record<string, unknown>[] };
  } catch (error) {
    throw new Error(describePgError(error), { cause: error });
  } finally {
    if (!broken) {
      try {
        await client.query("ROLLBACK");
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
      }
    }
    client.removeListener("error", onError);
    // A connection that cannot even roll back is destroyed rather than reused.
    client.release(broken);
  }
}

function describePgError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (code === "57014") return `query timed out (statement_timeout): ${error.message}`;
  if (code === "25006") return `the query tried to write, and business queries are read-only: ${error.message}`;
  return code ? `${error.message} (SQLSTATE ${code})` : error.message || error.name;
}

/**
 * Rows → samples. The columns must be exactly `value` plus the declared labels: a missing
 * label would merge series, an undeclared column would hide one. A NULL value yields no
 * sample (SUM over no rows is NULL); NULL labels become "".
 */
export function rowsToSamples(metric: Pick<SqlMetricDefinition, "labels">, fields: string[], rows: Record<string, unknown>[]): Sample[] {
  const columns = fields.join(", ") || "none";
  if (!fields.includes(VALUE_COLUMN)) {
    throw new Error(`the query returned no "${VALUE_COLUMN}" column (it returned: ${columns})`);
  }
  for (const label of metric.labels) {
    if (!fields.includes(label)) throw new Error(`label "${label}" is not a column of the result (it returned: ${columns})`);
  }
  for (const field of fields) {
    if (field !== VALUE_COLUMN && !metric.labels.includes(field)) {
      throw new Error(`column "${field}" is neither "${VALUE_COLUMN}" nor a declared label (declare it in labels, or drop it)`);
    }
  }
  const samples: Sample[] = [];
  rows.forEach((row, index) => {
    const raw = row[VALUE_COLUMN];
    if (raw === null || raw === undefined) return;
    const value = typeof raw === "number" ? raw : Number(raw);
    if (typeof raw === "boolean" || Number.isNaN(value)) {
      throw new Error(`row ${index + 1}: value ${JSON.stringify(raw)} is not a number`);
    }
    const labels: Record<string, string> = {};
    for (const label of metric.labels) labels[label] = labelValue(row[label]);
    samples.push({ labels, value });
  });
  return samples;
}

function labelValue(raw: unknown): string {
  if (raw === null || raw === undefined) return "";
  if (raw instanceof Date) return raw.toISOString();
  return String(raw);
}

/** Readiness: can the exporter reach the database right now. */
export async function checkPostgres(pool: Pool): Promise<{ ok: boolean; reason?: string }> {
  try {
    await pool.query("SELECT 1");
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `postgres: ${error instanceof Error ? error.message || error.name : String(error)}` };
  }
}
