import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ExporterConfig } from "../core/exporter/config";
import { EXPORTER_NODE } from "../infra/exporter-bundle";
import { buildExporter } from "../scripts/build-exporter";
import { loopbackExporterConfig } from "../test/support/exporter-config";

// These tests run the esbuild bundle exactly as the droplet does (`node main.js --config …`),
// so they cover the entry point, signal handling and the bundle itself.

type LogLine = Record<string, unknown>;

interface RunningExporter {
  child: ChildProcess;
  logs: LogLine[];
  stderr: () => string;
  exitCode: Promise<number | null>;
  /** Resolves with the first log line that matches, including lines already seen. */
  waitForLog: (matches: (line: LogLine) => boolean) => Promise<LogLine>;
}

let workDir: string;
let bundle: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "vigil-exporter-main-"));
  bundle = (await buildExporter(join(workDir, "main.js"))).outFile;
});

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function writeConfig(name: string, overrides: Partial<ExporterConfig> = {}): string {
  const config = loopbackExporterConfig({ service: "vigil-exporter-e2e", shutdownGraceSeconds: 10, ...overrides });
  const path = join(workDir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function startExporter(args: string[], env: NodeJS.ProcessEnv = withoutConfigEnv()): RunningExporter {
  const child = spawn(EXPORTER_NODE, [bundle, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  const logs: LogLine[] = [];
  const waiters: { matches: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout! }).on("line", (text) => {
    const line = JSON.parse(text) as LogLine;
    logs.push(line);
    for (const waiter of waiters.filter((w) => w.matches(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exitCode = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    logs,
    stderr: () => stderr,
    exitCode,
    waitForLog: (matches) => {
      const seen = logs.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ matches, resolve });
        void exitCode.then((code) => reject(new Error(`exporter exited (${code}) first; stderr: ${stderr}`)));
      });
    },
  };
}

function withoutConfigEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VIGIL_EXPORTER_CONFIG;
  return env;
}

async function boundPort(exporter: RunningExporter, listener: "internal" | "ingest" = "internal"): Promise<number> {
  const listening = await exporter.waitForLog((line) => line.msg === "listening" && line.listener === listener);
  expect(listening.service).toBe("vigil-exporter-e2e");
  expect(listening.port).toEqual(expect.any(Number));
  expect(listening.port).not.toBe(0);
  return listening.port as number;
}

/**
 * Opens a raw connection and sends a request whose body is still missing, so the server holds an
 * in-flight request for as long as the test wants. Returns a way to finish it and read the reply.
 */
function sendUnfinishedRequest(port: number, requestId: string) {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.write(
    `POST /no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${requestId}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{`,
  );
  return {
    finish: async (): Promise<string> => {
      socket.write("}");
      await closed;
      return received;
    },
    destroy: () => socket.destroy(),
  };
}

describe("the exporter bundle", () => {
  it("serves /metrics and /ready, logs the request id, and exits 0 on SIGTERM", async () => {
    const exporter = startExporter(["--config", writeConfig("serves.json")]);
    const port = await boundPort(exporter);

    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { "x-request-id": "scrape-0001" } });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("x-request-id")).toBe("scrape-0001");
    expect(await metrics.text()).toMatch(/^process_resident_memory_bytes\{service="vigil-exporter-e2e"\} \d+/m);

    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: {} });
    const generatedId = ready.headers.get("x-request-id");
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);

    const completed = await exporter.waitForLog((line) => line.requestId === "scrape-0001" && line.msg === "request completed");
    expect(completed).toMatchObject({ service: "vigil-exporter-e2e", res: { statusCode: 200 } });
    await exporter.waitForLog((line) => line.requestId === generatedId && line.msg === "request completed");

    exporter.child.kill("SIGTERM");
    expect(await exporter.exitCode).toBe(0);
    expect(exporter.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(["shutting down", "stopped"]));
  });

  it("lets an in-flight request finish after SIGTERM, then exits 0", async () => {
    const exporter = startExporter(["--config", writeConfig("drains.json")]);
    const port = await boundPort(exporter);
    const request = sendUnfinishedRequest(port, "inflight-1");
    await exporter.waitForLog((line) => line.requestId === "inflight-1" && line.msg === "incoming request");

    exporter.child.kill("SIGTERM");
    await exporter.waitForLog((line) => line.msg === "shutting down");
    const reply = await request.finish();

    expect(reply).toMatch(/^HTTP\/1\.1 404 /);
    expect(reply).toMatch(/^x-request-id: inflight-1\r$/im);
    expect(reply).toMatch(/^connection: close\r$/im);
    expect(await exporter.exitCode).toBe(0);
  });

  it("forces exit 1 with an error log when a request outlives shutdownGraceSeconds", async () => {
    const exporter = startExporter(["--config", writeConfig("forced.json", { shutdownGraceSeconds: 0.5 })]);
    const port = await boundPort(exporter);
    const request = sendUnfinishedRequest(port, "stuck-1");
    await exporter.waitForLog((line) => line.requestId === "stuck-1" && line.msg === "incoming request");

    exporter.child.kill("SIGTERM");
    expect(await exporter.exitCode).toBe(1);
    request.destroy();
    const forced = exporter.logs.find((line) => line.level === 50);
    expect(forced?.msg).toMatch(/grace period/);
    expect(forced?.service).toBe("vigil-exporter-e2e");
  });

  it("reads the config path from VIGIL_EXPORTER_CONFIG and stops cleanly on SIGINT", async () => {
    const env = { ...withoutConfigEnv(), VIGIL_EXPORTER_CONFIG: writeConfig("from-env.json") };
    const exporter = startExporter([], env);
    const port = await boundPort(exporter);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    exporter.child.kill("SIGINT");
    expect(await exporter.exitCode).toBe(0);
  });

  it("exits 1 naming both --config and VIGIL_EXPORTER_CONFIG when neither is given", async () => {
    const exporter = startExporter([]);
    expect(await exporter.exitCode).toBe(1);
    expect(exporter.stderr()).toContain("--config <path>");
    expect(exporter.stderr()).toContain("VIGIL_EXPORTER_CONFIG");
  });

  it("exits 1 naming the file and the field when the config is invalid", async () => {
    const path = join(workDir, "invalid.json");
    writeFileSync(path, JSON.stringify({ service: "x", listen: { host: "127.0.0.1", port: 0 }, logLevel: "loud", shutdownGraceSeconds: 1 }));
    const exporter = startExporter(["--config", path]);
    expect(await exporter.exitCode).toBe(1);
    expect(exporter.stderr()).toContain(path);
    expect(exporter.stderr()).toMatch(/logLevel: /);
  });
});
