import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST } from "../../core/timing";
import { httpOk, sleep, tcpOpen, waitUntil } from "../../scripts/local/processes";
import type { LocalStack } from "../../scripts/local/stack";
import { startLocalStack } from "../../scripts/local/stack";

// The spine end to end: synth's artifacts for the local placement, run by the real
// Prometheus, Alertmanager and exporters against a real PostgreSQL, Redis and the demo app.

const ROOT = join(__dirname, "..", "..");

interface Target {
  labels: Record<string, string>;
  health: string;
  lastError: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Processes whose command line mentions `needle` (to prove nothing was left behind). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

describe("the local stack", () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ timing: FAST });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("has every Prometheus target up", async () => {
    const prometheus = stack.urls.Prometheus;
    let targets: Target[] = [];
    await waitUntil(
      "every target up",
      async () => {
        targets = (await getJson<{ data: { activeTargets: Target[] } }>(`${prometheus}/api/v1/targets`)).data.activeTargets;
        return targets.length > 0 && targets.every((target) => target.health === "up");
      },
      60_000,
    ).catch((error: Error) => {
      const down = targets.filter((t) => t.health !== "up").map((t) => `${t.labels.job}: ${t.health} ${t.lastError}`);
      throw new Error(`${error.message}\n${down.join("\n")}`);
    });
    const jobs = targets.map((target) => target.labels.job).sort();
    expect(jobs).toEqual(
      // vmauth (Debian's) always; VictoriaLogs, vmalert (which reads it) and Fluent Bit only
      // where victoria-logs and fluent-bit are on PATH.
      [
        "alertmanager",
        "blackbox-exporter",
        "blackbox-http",
        "demo",
        "node",
        "postgres",
        "prometheus",
        "redis",
        "vigil-exporter",
        "vmauth",
        ...(stack.skipped.victoriaLogs ? [] : ["victoria-logs", "vmalert"]),
        ...(stack.skipped.fluentBit ? [] : ["fluent-bit"]),
      ].sort(),
    );
    // Without them, the stack says so and where the logs are.
    if (stack.skipped.victoriaLogs) expect(stack.skipped.victoriaLogs).toMatch(/victoria-logs is not on PATH; the stack's logs are in .*\/logs/);
  });

  it("probes the application's public URL successfully", async () => {
    await waitUntil("probe_success 1", async () => {
      const result = await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(
        `${stack.urls.Prometheus}/api/v1/query?query=${encodeURIComponent('probe_success{job="blackbox-http"}')}`,
      );
      return result.data.result[0]?.value[1] === "1";
    });
  });

  it("scrapes PostgreSQL and Redis through their exporters", async () => {
    await waitUntil("pg_up and redis_up", async () => {
      const query = async (expr: string) =>
        (await getJson<{ data: { result: Array<{ value: [number, string] }> } }>(
          `${stack.urls.Prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`,
        )).data.result[0]?.value[1];
      return (await query("pg_up")) === "1" && (await query("redis_up")) === "1";
    });
  });

  it("has the Watchdog alert active in Alertmanager and delivers its heartbeat", async () => {
    await waitUntil("Watchdog active", async () => {
      const alerts = await getJson<Array<{ labels: Record<string, string>; status: { state: string } }>>(
        `${stack.urls.Alertmanager}/api/v2/alerts`,
      );
      return alerts.some((alert) => alert.labels.alertname === "Watchdog" && alert.status.state === "active");
    });
    await waitUntil("heartbeat delivered", async () => {
      const received = await getJson<Array<{ channel: string }>>(`${stack.receiverUrl}/received`);
      return received.some((entry) => entry.channel === "heartbeat");
    });
    // Watchdog goes to the heartbeat alone: nobody is paged for it.
    const received = await getJson<Array<{ channel: string; body: unknown }>>(`${stack.receiverUrl}/received`);
    const pagesForWatchdog = received.filter(
      (entry) => entry.channel !== "heartbeat" && JSON.stringify(entry.body).includes("Watchdog"),
    );
    expect(pagesForWatchdog).toEqual([]);
  });

  it("routes an alert with a component label to the vigil exporter's status webhook", async () => {
    const alert = {
      labels: { alertname: "EndpointDown", severity: "critical", component: "demo", instance: "http://demo.invalid/" },
      annotations: { summary: "demo is down" },
    };
    const response = await fetch(`${stack.urls.Alertmanager}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([alert]),
    });
    expect(response.ok).toBe(true);
    const exporter = stack.urls["vigil exporter"]?.replace(/\/metrics$/, "");
    await waitUntil("the exporter to hear of the component alert", async () => {
      const components = await getJson<Record<string, Array<{ alertname: string }>>>(`${exporter}/api/status/components`);
      return components.demo?.some((entry) => entry.alertname === "EndpointDown") ?? false;
    }, 30_000);
  });

  it("writes secrets into the local files but never into the rendered artifacts", () => {
    const secretFile = readFileSync(join(stack.dir, "alertmanager", "secrets", "pagerduty-routing-key"), "utf8");
    expect(secretFile).toBe("local0routing0key0000000000000000");
    for (const artifact of stack.artifacts) expect(artifact.content).not.toContain("local0routing0key0000000000000000");
  });
});

/** `npm run local --fast` as a user runs it, with everything it prints collected. */
function runNpmLocal(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(ROOT, "scripts", "run.mjs"), "local", "--fast"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  child.stdout?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => printed, exited };
}

describe("npm run local", () => {
  it("brings the stack up, prints the URLs and stops everything on Ctrl-C", async () => {
    const { child, output, exited } = runNpmLocal();

    try {
      await waitUntil("the stack to come up", async () => {
        if (child.exitCode !== null) throw new Error(`npm run local exited early:\n${output()}`);
        return output().includes("the local stack is up") && output().includes("configs and logs:");
      }, 120_000);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
    const prometheusUrl = /Prometheus\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1];
    const dir = /configs and logs: (\S+)/.exec(output())?.[1];
    expect(prometheusUrl).toBeDefined();
    expect(dir).toBeDefined();
    expect(await httpOk(`${prometheusUrl}/-/ready`)).toBe(true);
    const ports = [...output().matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output()).toContain("vigil: stopped");
    await sleep(200);
    expect(processesMentioning(dir as string)).toEqual([]);
    for (const port of new Set(ports)) expect(await tcpOpen(port), `port ${port} still open`).toBe(false);
    expect(existsSync(dir as string)).toBe(false);
  });

  it("stops what it started and removes its directory when Ctrl-C comes during startup", async () => {
    const localDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("vigil-local-")));
    const before = localDirs();
    const { child, output, exited } = runNpmLocal();
    await waitUntil("the demo app to start", async () => output().includes("demo app") && output().includes("ready"), 60_000);
    const started = [...localDirs()].filter((name) => !before.has(name));
    expect(started).toHaveLength(1);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output()).toContain("vigil: stopped");
    expect(output()).not.toContain("the local stack is up");
    expect(existsSync(join(tmpdir(), started[0] as string))).toBe(false);
    expect(processesMentioning(started[0] as string)).toEqual([]);
  });
});
