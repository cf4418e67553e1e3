import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join } from "node:path";

// The local stack's process supervisor: starts each service with its output in a log
// file, waits until it answers, and on stop ends every process it started — TERM first,
// KILL for anything still alive after a grace period — so no process is left behind.

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

interface Running {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  logPath: string;
  options: StartOptions;
}

export class ProcessGroup {
  private readonly running: Running[] = [];
  private stopping = false;

  constructor(private readonly logDir: string) {
    // Last resort if the supervisor exits without stopAll (an uncaught error): nothing
    // it started may outlive it.
    process.once("exit", () => {
      for (const entry of this.running) {
        if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill("SIGKILL");
      }
    });
  }

  start(options: StartOptions): ChildProcess {
    if (this.stopping) throw new Error(`not starting ${options.name}: the stack is stopping`);
    const logPath = join(this.logDir, `${options.name}.log`);
    const log = createWriteStream(logPath, { flags: "a" });
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a Ctrl-C in the terminal reaches the supervisor only,
      // which then stops the services in order (dependants first).
      detached: true,
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<number | null>((resolve) => {
      child.once("error", (error) => {
        log.write(`vigil: could not start ${options.command}: ${error.message}\n`);
        resolve(-1);
      });
      child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null)));
    });
    this.running.push({ name: options.name, child, exited, logPath, options });
    return child;
  }

  /** The newest process started under `name`. */
  private latest(name: string): Running | undefined {
    return [...this.running].reverse().find((r) => r.name === name);
  }

  /**
   * Stops one service (SIGTERM, then SIGKILL after the grace period, or `signal` at once) and
   * waits for it to exit; the fault suite uses it to take a dependency away.
   */
  async stop(name: string, options: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<void> {
    const entry = this.latest(name);
    if (!entry) throw new Error(`no process named ${name}`);
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
    entry.child.kill(options.signal ?? "SIGTERM");
    const timer = setTimeout(() => entry.child.kill("SIGKILL"), options.graceMs ?? 10_000);
    await entry.exited;
    clearTimeout(timer);
  }

  /** Starts a stopped service again, exactly as it was first started. */
  restart(name: string): ChildProcess {
    const entry = this.latest(name);
    if (!entry) throw new Error(`no process named ${name}`);
    if (entry.child.exitCode === null && entry.child.signalCode === null) throw new Error(`${name} is still running`);
    return this.start(entry.options);
  }

  /** Whether a started process has already exited (a crash during startup). */
  hasExited(name: string): boolean {
    const entry = this.latest(name);
    return entry !== undefined && (entry.child.exitCode !== null || entry.child.signalCode !== null);
  }

  logTail(name: string, lines = 20): string {
    const entry = this.latest(name);
    if (!entry) return "";
    try {
      return readFileSync(entry.logPath, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }

  /** The pid of each service still running, by name (the newest start of each). */
  runningPids(): Record<string, number> {
    const found: Record<string, number> = {};
    for (const entry of this.running) {
      if (entry.child.pid !== undefined && entry.child.exitCode === null && entry.child.signalCode === null) found[entry.name] = entry.child.pid;
    }
    return found;
  }

  pids(): number[] {
    return this.running.map((r) => r.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Stops everything, newest first (so dependants stop before what they depend on). */
  async stopAll(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const entry of [...this.running].reverse()) {
      if (entry.child.exitCode !== null || entry.child.signalCode !== null) continue;
      entry.child.kill("SIGTERM");
      const timer = setTimeout(() => entry.child.kill("SIGKILL"), graceMs);
      await entry.exited;
      clearTimeout(timer);
    }
  }
}

/** A port the kernel just handed out on 127.0.0.1; released before the caller binds it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function freePorts<K extends string>(names: readonly K[]): Promise<Record<K, number>> {
  const ports = {} as Record<K, number>;
  const taken = new Set<number>();
  for (const name of names) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; fails naming `what` after `timeoutMs`, or when aborted. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      if (await check()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s${lastError ? ` (${lastError})` : ""}`);
}

export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.ok;
}

export function tcpOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
