// The status page keeps the daily uptime it has published, while Prometheus keeps only its
// retention: a real Prometheus that holds three days (backfilled with promtool from samples
// of those days) recomputes those days, and the other 87 come back from the state mirror in
// (local) Spaces, as on a replacement droplet.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DailyUptime, emptyState, type StatusState } from "../../core/status-model";
import { fetchUptimeSamples } from "../../exporter/status/prometheus-uptime";
import { StatusService } from "../../exporter/status/service";
import { freePort, httpOk, ProcessGroup, waitUntil } from "../../scripts/local/processes";
import { LOCAL_SPACES_BUCKET } from "../../scripts/local/spaces";
import { STATE_MIRROR_KEY } from "../../status-page/site";
import { UPTIME_DAYS, uptimeDays } from "../../status-page/uptime";
import { tempDirsRemovedAfterAll } from "../support/binaries";
import { quietLog, s3ClientFor, startSpacesFixture, type SpacesFixture, TEST_TOKENS, testStatusConfig } from "../support/status-service";

const DAY = 86_400;
const STEP = 900;
const tempDir = tempDirsRemovedAfterAll();

/** OpenMetrics text for promtool's backfill: `up` of the shop every step, and one hour of EndpointDown. */
function backfill(from: number, to: number, outageFrom: number): string {
  const lines = ["# TYPE up gauge"];
  for (let t = from; t <= to; t += STEP) lines.push(`up{job="shop",instance="shop:8000",component="shop"} 1 ${t}`);
  lines.push("# TYPE ALERTS gauge");
  for (let t = outageFrom; t < outageFrom + 3_600; t += STEP) {
    lines.push(`ALERTS{alertname="EndpointDown",alertstate="firing",component="shop",component_status="major_outage",severity="critical"} 1 ${t}`);
  }
  return `${lines.join("\n")}\n# EOF\n`;
}

describe("uptime history beyond Prometheus's retention", () => {
  const group = new ProcessGroup(tempDir("vigil-uptime-logs-"));
  let prometheusUrl = "";
  let spaces: SpacesFixture;
  const now = new Date();
  const days = uptimeDays(now);
  const today = days.at(-1)!;
  // Prometheus holds the last two days and a half: from noon three days ago.
  const heldFrom = today - 3 * DAY + DAY / 2;
  const outageFrom = today - DAY + 6 * 3_600;

  beforeAll(async () => {
    const data = tempDir("vigil-uptime-tsdb-");
    const openMetrics = join(data, "backfill.om");
    writeFileSync(openMetrics, backfill(heldFrom, Math.floor(now.getTime() / 1_000 / STEP) * STEP - STEP, outageFrom));
    const tsdb = join(data, "tsdb");
    mkdirSync(tsdb);
    const created = spawnSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", openMetrics, tsdb], { encoding: "utf8" });
    if (created.error) throw new Error(`promtool is not on PATH (the pinned binaries): ${created.error.message}`);
    expect(created.status, created.stderr).toBe(0);
    const config = join(data, "prometheus.yml");
    writeFileSync(config, "global: {}\n");
    const port = await freePort();
    group.start({ name: "prometheus", command: "prometheus", args: [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, `--web.listen-address=127.0.0.1:${port}`], cwd: data });
    prometheusUrl = `http://127.0.0.1:${port}`;
    await waitUntil("Prometheus ready", () => httpOk(`${prometheusUrl}/-/ready`), 30_000);
    spaces = await startSpacesFixture();
  }, 120_000);

  afterAll(async () => {
    await group.stopAll();
    await spaces?.cleanup();
  });

  /** What a previous droplet published: every one of the 90 days at 99.5%, a whole day observed each. */
  function publishedBefore(): StatusState {
    const kept: DailyUptime[] = days.map((start) => ({
      date: new Date(start * 1_000).toISOString().slice(0, 10),
      uptime: 0.995,
      observedSeconds: DAY,
      majorOutageSeconds: 0.005 * DAY,
      partialOutageSeconds: 0,
    }));
    return { ...emptyState(now), uptime: { shop: kept } };
  }

  it("recomputes the days Prometheus holds whole, and keeps the rest as published, after a restore from Spaces", async () => {
    await s3ClientFor(spaces.spaces.endpoint).send(new PutObjectCommand({ Bucket: LOCAL_SPACES_BUCKET, Key: STATE_MIRROR_KEY, Body: JSON.stringify(publishedBefore()) }));
    const config = testStatusConfig(spaces.dir, spaces.spaces.endpoint, { prometheusUrl });
    const status = await StatusService.create(config, {
      registry: new Registry(),
      log: quietLog,
      tokens: TEST_TOKENS,
      uptimeSamples: (at) => fetchUptimeSamples(prometheusUrl, at),
      now: () => now,
    });
    try {
      await status.refreshUptime();
      const shop = status.current.uptime.shop ?? [];
      expect(shop).toHaveLength(UPTIME_DAYS);
      // 86 days Prometheus never held, and the day it holds only half of: as published.
      expect(shop.slice(0, UPTIME_DAYS - 3).map((day) => day.uptime)).toEqual(Array(UPTIME_DAYS - 3).fill(0.995));
      // Two days ago, held whole and watched throughout without an alert: recomputed.
      expect(shop.at(-3)).toMatchObject({ uptime: 1, observedSeconds: DAY, majorOutageSeconds: 0 });
      // Yesterday, held whole, is recomputed: an hour of EndpointDown in a day watched throughout.
      const yesterday = shop.at(-2)!;
      expect(yesterday.observedSeconds).toBe(DAY);
      expect(yesterday.majorOutageSeconds).toBe(3_600);
      expect(yesterday.uptime).toBeCloseTo(1 - 3_600 / DAY, 6);
      await status.settled();
    } finally {
      await status.stop();
    }
  });
});
