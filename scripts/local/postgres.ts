import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import type { ProcessGroup, StartOptions } from "./processes";
import { waitUntil } from "./processes";

// A throwaway PostgreSQL from Debian's packages. initdb refuses to run as root, so when
// we are root every server command runs as the `postgres` user through setpriv, which
// execs in place: the PID we supervise is the postmaster itself.

export interface LocalPostgres {
  port: number;
  database: string;
  monitorUser: string;
  monitorPassword: string;
  appUser: string;
  appPassword: string;
}

function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(root, version, "bin");
    if (existsSync(join(dir, "initdb"))) return dir;
  }
  throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql: run `bash scripts/setup.sh`");
}

const isRoot = () => userInfo().uid === 0;

/** The command prefix that runs a PostgreSQL binary as a non-root user. */
function asPostgres(binary: string, args: string[]): [string, string[]] {
  if (!isRoot()) return [binary, args];
  return ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", binary, ...args]];
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/** Server settings beyond the defaults below, e.g. shared_preload_libraries for pg_stat_statements. */
export type PostgresSettings = Record<string, string>;

/** How to start (or restart, after stopping it) the server of a data directory made by startPostgres. */
export function postgresServer(dir: string, port: number, settings: PostgresSettings = {}): StartOptions {
  const [command, args] = asPostgres(join(postgresBinDir(), "postgres"), [
    "-D", join(dir, "data"),
    "-c", `port=${port}`,
    "-c", "listen_addresses=127.0.0.1",
    "-c", `unix_socket_directories=${join(dir, "socket")}`,
    "-c", "fsync=off",
    "-c", "shared_buffers=32MB",
    // What postgres_exporter and the dashboards read about long transactions.
    "-c", "track_io_timing=on",
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ]);
  return { name: "postgresql", command, args };
}

export async function startPostgres(
  group: ProcessGroup,
  dir: string,
  port: number,
  credentials: Omit<LocalPostgres, "port">,
  settings: PostgresSettings = {},
): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  const dataDir = join(dir, "data");
  const socketDir = join(dir, "socket");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(socketDir, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    for (const path of [dir, dataDir, socketDir]) chownSync(path, uid, gid);
  }

  const [initCmd, initArgs] = asPostgres(join(bin, "initdb"), [
    "-D", dataDir, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8",
  ]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });

  group.start(postgresServer(dir, port, settings));

  const psql = (sql: string, database = "postgres") =>
    execFileSync(join(bin, "psql"), ["-h", socketDir, "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], {
      stdio: "pipe",
      encoding: "utf8",
    });
  await waitUntil("PostgreSQL", async () => {
    if (group.hasExited("postgresql")) throw new Error(`postgres exited: ${group.logTail("postgresql")}`);
    psql("SELECT 1");
    return true;
  }, 30_000);

  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  psql(`CREATE ROLE ${credentials.appUser} LOGIN PASSWORD ${quote(credentials.appPassword)}`);
  psql(`CREATE DATABASE ${credentials.database} OWNER ${credentials.appUser}`);
  // The exporter gets only what pg_monitor grants: it can read statistics, not data.
  psql(`CREATE ROLE ${credentials.monitorUser} LOGIN PASSWORD ${quote(credentials.monitorPassword)} IN ROLE pg_monitor`);
  // A preloaded pg_stat_statements is read through its extension's view, in the database
  // the exporter connects to (pg_monitor includes pg_read_all_stats, which shows every query).
  if ((settings.shared_preload_libraries ?? "").split(",").includes("pg_stat_statements")) {
    psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", credentials.database);
  }
  writeFileSync(join(dir, "READY"), "");
  return { port, ...credentials };
}
