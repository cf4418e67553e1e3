import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUS_WEBHOOK_PATH } from "../../core/exporter/contract";
import { EXPORTER_NODE } from "../../infra/exporter-bundle";
import { buildExporter } from "../../scripts/build-exporter";
import { LOCAL_SPACES_BUCKET } from "../../scripts/local/spaces";
import { loopbackExporterConfig } from "../../test/support/exporter-config";
import { webhookBody } from "../../test/support/status-page";
import { s3ClientFor, startSpacesFixture, type SpacesFixture, TEST_TOKENS, testStatusConfig } from "../../test/support/status-service";

// The bundle as the droplet runs it, with a status section: main restores the state,
// publishes, takes the webhook, and a restart keeps every update.

let fixture: SpacesFixture;
let bundle: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  fixture = await startSpacesFixture();
  bundle = (await buildExporter(join(fixture.dir, "main.js"))).outFile;
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await fixture.cleanup();
});

/** Starts the bundle and resolves with the internal listener's URL once it listens. */
function startExporter(configPath: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(EXPORTER_NODE, [bundle, "--config", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`exporter exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const parsed = JSON.parse(line) as { listener?: string; address?: string };
      if (parsed.listener === "internal" && parsed.address) resolve({ url: parsed.address, child });
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function publishedSummary(): Promise<{ status: { indicator: string }; incidents: Array<{ name: string }> }> {
  const response = await s3ClientFor(fixture.spaces.endpoint).send(new GetObjectCommand({ Bucket: LOCAL_SPACES_BUCKET, Key: "api/v2/summary.json" }));
  return JSON.parse((await response.Body?.transformToString("utf8")) ?? "{}");
}

describe("the exporter with a status page", () => {
  it("publishes what the webhook reports, and keeps it across a restart", async () => {
    const config = loopbackExporterConfig({
      service: "vigil-exporter-status",
      shutdownGraceSeconds: 5,
      status: testStatusConfig(fixture.dir, fixture.spaces.endpoint),
    });
    const configPath = join(fixture.dir, "exporter.json");
    writeFileSync(configPath, JSON.stringify(config));

    const first = await startExporter(configPath);
    const response = await fetch(`${first.url}${STATUS_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKENS.webhook}`, "content-type": "application/json" },
      body: JSON.stringify(webhookBody("g1", [{ fingerprint: "a", component: "shop" }])),
    });
    expect(response.status).toBe(200);
    await stop(first.child);
    // SIGTERM waits for the publish the change started.
    expect((await publishedSummary()).status.indicator).toBe("critical");

    const second = await startExporter(configPath);
    const state = await fetch(`${second.url}/api/status/state`, { headers: { authorization: `Bearer ${TEST_TOKENS.admin}` } });
    expect(((await state.json()) as { incidents: Array<{ name: string }> }).incidents.map((incident) => incident.name)).toEqual(["Problems with Shop"]);
    await stop(second.child);
  });
});
