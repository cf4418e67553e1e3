import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { postgresServer, startPostgres } from "../../scripts/local/postgres";
import { freePort, ProcessGroup, tcpOpen, waitUntil } from "../../scripts/local/processes";
import { startRedis } from "../../scripts/local/redis";

// Real PostgreSQL and Redis for the business-metrics tests and the benchmark, each on a free
// 127.0.0.1 port in its own temp directory, each stoppable and restartable (outage tests).

export const SAAS_SCHEMA_FILE = join(__dirname, "..", "..", "exporter", "presets", "saas", "schema.sql");

export interface TestPostgres {
  port: number;
  database: string;
  /** The monitoring role the exporter connects as. */
  user: string;
  password: string;
  /** Runs SQL as the superuser (over the Unix socket). */
  admin(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
}

export async function startTestPostgres(options: { statStatements?: boolean } = {}): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-business-pg-"));
  chmodSync(dir, 0o755);
  const port = await freePort();
  let group = new ProcessGroup(dir);
  const settings: Record<string, string> = options.statStatements ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" } : {};
  const credentials = { database: "app", monitorUser: "vigil_monitor", monitorPassword: "monitor-pw", appUser: "app", appPassword: "app-pw" };
  await startPostgres(group, join(dir, "pg"), port, credentials, settings);

  const admin = async (sql: string, values: unknown[] = []) => {
    const client = new Client({ host: join(dir, "pg", "socket"), port, user: "postgres", database: credentials.database });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  if (options.statStatements) await admin("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

  return {
    port,
    database: credentials.database,
    user: credentials.monitorUser,
    password: credentials.monitorPassword,
    admin,
    stop: () => group.stopAll(),
    restart: async () => {
      group = new ProcessGroup(dir);
      group.start(postgresServer(join(dir, "pg"), port, settings));
      await waitUntil("PostgreSQL restart", async () => {
        await admin("SELECT 1");
        return true;
      }, 30_000);
    },
    destroy: async () => {
      await group.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loads the SaaS preset schema and lets the monitoring role read every table of it. */
export async function loadSaasSchema(postgres: TestPostgres): Promise<void> {
  await postgres.admin(readFileSync(SAAS_SCHEMA_FILE, "utf8"));
  await postgres.admin(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${postgres.user}`);
}

export interface TestRedis {
  port: number;
  password: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "vigil-business-redis-"));
  const port = await freePort();
  const password = "redis-pw";
  let group = new ProcessGroup(dir);
  await startRedis(group, join(dir, "data"), port, password);
  return {
    port,
    password,
    stop: async () => {
      await group.stopAll();
      await waitUntil("Redis to stop", async () => !(await tcpOpen(port)), 10_000);
    },
    restart: async () => {
      group = new ProcessGroup(dir);
      await startRedis(group, join(dir, "data"), port, password);
    },
    destroy: async () => {
      await group.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
