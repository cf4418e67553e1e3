import { describe, expect, it } from "vitest";
import { at, TEST_PAGE } from "../test/support/status-page";
import { dailyUptime, type MatrixSeries, mergeUptime, periodUptime, uptimeDays } from "./uptime";
import type { DailyUptime } from "../core/status-model";

const NOW = at("2026-11-22T12:00:00Z");
const STEP = 900;
const DAY = 86_400;
const today = Date.UTC(2026, 10, 22) / 1_000;

/** Samples every step from `from` (unix s) for `count` steps, all with `value`. */
function series(metric: Record<string, string>, from: number, count: number, value = "1"): MatrixSeries {
  return { metric, values: Array.from({ length: count }, (_, index) => [from + index * STEP, value] as [number, string]) };
}

describe("daily uptime", () => {
  it("covers 90 UTC days ending today, oldest first", () => {
    const days = uptimeDays(NOW);
    expect(days).toHaveLength(90);
    expect(days.at(-1)).toBe(today);
    expect(days[0]).toBe(today - 89 * DAY);
  });

  it("counts major outage in full and partial outage at 30%, per day, and no data as no figure", () => {
    const yesterday = today - DAY;
    const uptime = dailyUptime(
      TEST_PAGE,
      {
        stepSeconds: STEP,
        // Yesterday watched all day (96 steps); 12 steps of failed probes, 10 of a warning alert.
        watched: [series({ component: "shop" }, yesterday, 96)],
        probes: [series({ component: "shop" }, yesterday, 12, "0")],
        alerts: [series({ component: "shop", severity: "warning" }, yesterday + 12 * STEP, 10)],
      },
      NOW,
    );
    const shop = uptime.shop ?? [];
    expect(shop).toHaveLength(90);
    const day = shop.at(-2);
    expect(day?.date).toBe("2026-11-21");
    expect(day?.majorOutageSeconds).toBe(12 * STEP);
    expect(day?.partialOutageSeconds).toBe(10 * STEP);
    expect(day?.uptime).toBeCloseTo(1 - (12 + 0.3 * 10) / 96, 10);
    expect(shop.at(-3)?.uptime).toBeNull();
    expect(uptime.email?.every((d) => d.uptime === null)).toBe(true);
  });

  it("lets a major outage win over a partial one at the same instant", () => {
    const uptime = dailyUptime(
      TEST_PAGE,
      {
        stepSeconds: STEP,
        watched: [series({ component: "api" }, today, 4)],
        probes: [],
        alerts: [series({ component: "api", severity: "warning" }, today, 4), series({ component: "api", severity: "critical" }, today, 2)],
      },
      NOW,
    );
    expect(uptime.api?.at(-1)).toMatchObject({ majorOutageSeconds: 2 * STEP, partialOutageSeconds: 2 * STEP, uptime: 1 - (2 + 0.6) / 4 });
  });

  it("averages the period over known days only", () => {
    const days = [
      { date: "a", uptime: null, majorOutageSeconds: 0, partialOutageSeconds: 0 },
      { date: "b", uptime: 1, majorOutageSeconds: 0, partialOutageSeconds: 0 },
      { date: "c", uptime: 0.99999, majorOutageSeconds: 1, partialOutageSeconds: 0 },
    ];
    expect(periodUptime(days)).toBeCloseTo(0.999995, 10);
  });
});

describe("the status an alert declares, in the uptime", () => {
  it("counts a critical alert that declares a partial outage at 30%, and one that declares none as up", () => {
    const uptime = dailyUptime(
      TEST_PAGE,
      {
        stepSeconds: STEP,
        watched: [series({ component: "shop" }, today, 10)],
        probes: [],
        alerts: [
          series({ component: "shop", severity: "critical", component_status: "partial_outage" }, today, 4),
          series({ component: "shop", severity: "critical", component_status: "operational" }, today + 4 * STEP, 4),
        ],
      },
      NOW,
    );
    expect(uptime.shop?.at(-1)).toMatchObject({ majorOutageSeconds: 0, partialOutageSeconds: 4 * STEP, uptime: 1 - (0.3 * 4) / 10, observedSeconds: 10 * STEP });
  });
});

describe("history kept across Prometheus's retention", () => {
  const day = (date: string, uptime: number | null, observedSeconds?: number): DailyUptime => ({
    date,
    uptime,
    ...(observedSeconds === undefined ? {} : { observedSeconds }),
    majorOutageSeconds: 0,
    partialOutageSeconds: 0,
  });

  it("keeps a day Prometheus no longer holds, and a whole day over the few hours left of it", () => {
    const kept = { shop: [day("2026-08-30", 0.97, DAY), day("2026-09-01", 0.99, DAY), day("2026-09-02", 0.98, DAY)] };
    const fresh = { shop: [day("2026-08-30", null, 0), day("2026-09-01", 1, 3 * 3_600), day("2026-09-02", 0.5, DAY)] };
    expect(mergeUptime(kept, fresh).shop?.map((d) => d.uptime)).toEqual([0.97, 0.99, 0.5]);
  });

  it("takes the fresh figure for a day it has seen more of, for a day it did not know, and drops components no longer defined", () => {
    const kept = { shop: [day("2026-11-22", 1, 3_600)], gone: [day("2026-11-22", 0.1, DAY)] };
    const fresh = { shop: [day("2026-11-21", 0.9, DAY), day("2026-11-22", 0.8, 7_200)] };
    expect(mergeUptime(kept, fresh)).toEqual({ shop: [day("2026-11-21", 0.9, DAY), day("2026-11-22", 0.8, 7_200)] });
  });

  it("lets a figure from a state that did not record its observed time give way to any fresh one", () => {
    expect(mergeUptime({ shop: [day("2026-11-22", 0.4)] }, { shop: [day("2026-11-22", 1, 900)] }).shop?.[0]?.uptime).toBe(1);
    expect(mergeUptime({ shop: [day("2026-11-22", 0.4)] }, { shop: [day("2026-11-22", null, 0)] }).shop?.[0]?.uptime).toBe(0.4);
  });
});
