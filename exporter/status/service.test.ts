import { rmSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { EXPORTER_METRICS } from "../../core/exporter/contract";
import { LOCAL_SPACES_BUCKET, startLocalSpaces } from "../../scripts/local/spaces";
import { STATE_MIRROR_KEY } from "../../status-page/site";
import { notification } from "../../test/support/status-page";
import { quietLog, s3ClientFor, startSpacesFixture, type SpacesFixture, TEST_TOKENS, testStatusConfig } from "../../test/support/status-service";
import { StatusService } from "./service";

const fixtures: SpacesFixture[] = [];
afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.cleanup();
});

async function fixture(): Promise<SpacesFixture> {
  const started = await startSpacesFixture();
  fixtures.push(started);
  return started;
}

const noSleep = { attempts: 3, baseDelayMs: 1, sleep: async () => undefined };

async function service(dir: string, endpoint: string, options: { registry?: Registry; s3?: S3Client; dataDir?: string; now?: () => Date } = {}): Promise<StatusService> {
  return StatusService.create(testStatusConfig(dir, endpoint, options.dataDir ? { dataDir: options.dataDir } : {}), {
    registry: options.registry ?? new Registry(),
    log: quietLog,
    tokens: TEST_TOKENS,
    retry: noSleep,
    ...(options.s3 ? { s3: options.s3 } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

async function getObject(endpoint: string, key: string) {
  const response = await s3ClientFor(endpoint).send(new GetObjectCommand({ Bucket: LOCAL_SPACES_BUCKET, Key: key }));
  return { body: (await response.Body?.transformToString("utf8")) ?? "", contentType: response.ContentType, cacheControl: response.CacheControl };
}

async function metricValue(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? Number.NaN;
}

describe("publishing to Spaces", () => {
  it("uploads the HTML and the Statuspage JSON with their content types and cache headers, and records the success", async () => {
    const { dir, spaces } = await fixture();
    const registry = new Registry();
    const status = await service(dir, spaces.endpoint, { registry });
    await status.applyAlerts(notification("g1", [{ fingerprint: "a", component: "shop" }]));
    await status.settled();

    const summary = await getObject(spaces.endpoint, "api/v2/summary.json");
    expect(summary.contentType).toBe("application/json; charset=utf-8");
    expect(summary.cacheControl).toBe("public, max-age=60, must-revalidate");
    expect(JSON.parse(summary.body).status).toEqual({ indicator: "critical", description: "Major System Outage" });
    const html = await getObject(spaces.endpoint, "index.html");
    expect(html.contentType).toBe("text/html; charset=utf-8");
    expect(html.body).toContain("Problems with Shop");
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishLastSuccess)).toBeGreaterThan(0);
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishFailures)).toBe(0);
  });

  it("counts staleness from start until the first publish, then from each success (never a last success of 0 after a restart)", async () => {
    const { dir, spaces } = await fixture();
    const registry = new Registry();
    let now = new Date("2026-11-23T06:00:00Z");
    const status = await service(dir, spaces.endpoint, { registry, now: () => now });
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishLastSuccess)).toBe(now.getTime() / 1_000);

    now = new Date("2026-11-23T06:05:00Z");
    expect(await status.publish()).toBe(true);
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishLastSuccess)).toBe(now.getTime() / 1_000);
  });

  it("counts a failed publish during an outage, and publishes the latest state once Spaces is back", async () => {
    const { dir, spaces } = await fixture();
    const registry = new Registry();
    const status = await service(dir, spaces.endpoint, { registry });
    await status.settled();
    const port = Number(new URL(spaces.endpoint).port);
    await spaces.close();

    await status.applyAlerts(notification("g1", [{ fingerprint: "a", component: "api" }]));
    await status.settled();
    expect(await status.publish()).toBe(false);
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishFailures)).toBe(2);

    const back = await startLocalSpaces(join(dir, "s3"), port);
    try {
      expect(await status.publish()).toBe(true);
      expect(JSON.parse((await getObject(back.endpoint, "api/v2/components.json")).body).components.find((c: { id: string }) => c.id === "api").status).toBe("major_outage");
    } finally {
      await back.close();
    }
  });

  it("retries a failing upload with backoff and succeeds without counting a failure", async () => {
    const { dir, spaces } = await fixture();
    const registry = new Registry();
    const real = s3ClientFor(spaces.endpoint);
    let failuresLeft = 2;
    const flaky = {
      send: (command: Parameters<S3Client["send"]>[0]) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          return Promise.reject(Object.assign(new Error("503 Slow Down"), { name: "SlowDown" }));
        }
        return real.send(command);
      },
    } as unknown as S3Client;
    const status = await service(dir, spaces.endpoint, { registry, s3: flaky });
    expect(await status.publish()).toBe(true);
    expect(failuresLeft).toBe(0);
    expect(await metricValue(registry, EXPORTER_METRICS.statusPublishFailures)).toBe(0);
  });
});

describe("keeping the state", () => {
  it("restores from the data dir after a restart", async () => {
    const { dir, spaces } = await fixture();
    const first = await service(dir, spaces.endpoint);
    await first.openIncident({ name: "Slow checkout", body: "Looking.", components: { shop: "degraded_performance" } });
    await first.stop();
    const second = await service(dir, spaces.endpoint);
    expect(second.current.incidents.map((incident) => incident.name)).toEqual(["Slow checkout"]);
  });

  it("restores from the Spaces mirror when the data dir is gone (a lost droplet)", async () => {
    const { dir, spaces } = await fixture();
    const first = await service(dir, spaces.endpoint);
    await first.openIncident({ name: "Database failover", body: "Switching.", components: { api: "partial_outage" } });
    await first.stop();
    expect(JSON.parse((await getObject(spaces.endpoint, STATE_MIRROR_KEY)).body).incidents).toHaveLength(1);
    rmSync(join(dir, "data"), { recursive: true, force: true });
    const replacement = await service(dir, spaces.endpoint, { dataDir: join(dir, "new-droplet") });
    expect(replacement.current.incidents.map((incident) => incident.name)).toEqual(["Database failover"]);
  });

  it("refuses to start empty when the mirror cannot be read, rather than publish an all-clear", async () => {
    const { dir, spaces } = await fixture();
    await spaces.close();
    await expect(service(dir, spaces.endpoint)).rejects.toThrow();
  });
});
