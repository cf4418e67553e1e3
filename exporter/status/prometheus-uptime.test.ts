import { describe, expect, it } from "vitest";
import { UPTIME_QUERIES } from "../../status-page/uptime";
import { fetchUptimeSamples, UPTIME_STEP_SECONDS } from "./prometheus-uptime";

describe("reading the uptime samples from Prometheus", () => {
  it("asks query_range for 90 days at a 15-minute step, aligned, and parses the matrices", async () => {
    const asked: URL[] = [];
    const fake = (async (url: string | URL | Request) => {
      const parsed = new URL(String(url));
      asked.push(parsed);
      const result = parsed.searchParams.get("query") === UPTIME_QUERIES.probes ? [{ metric: { component: "shop" }, values: [[1_795_000_000, "0"]] }] : [];
      return new Response(JSON.stringify({ status: "success", data: { resultType: "matrix", result } }));
    }) as typeof fetch;
    const samples = await fetchUptimeSamples("http://prometheus:9090", new Date("2026-11-22T12:07:00Z"), fake);
    expect(asked.map((url) => url.pathname)).toEqual(["/api/v1/query_range", "/api/v1/query_range", "/api/v1/query_range"]);
    expect(asked.map((url) => url.searchParams.get("query")).sort()).toEqual(Object.values(UPTIME_QUERIES).sort());
    const first = asked[0];
    expect(first?.searchParams.get("step")).toBe(String(UPTIME_STEP_SECONDS));
    expect(Number(first?.searchParams.get("end")) % UPTIME_STEP_SECONDS).toBe(0);
    expect(Number(first?.searchParams.get("start"))).toBe(Date.UTC(2026, 10, 22) / 1_000 - 89 * 86_400);
    expect(samples.probes).toEqual([{ metric: { component: "shop" }, values: [[1_795_000_000, "0"]] }]);
  });

  it("fails on an error answer instead of reporting 100% uptime", async () => {
    const failing = (async () => new Response(JSON.stringify({ status: "error", error: "bad query" }), { status: 400 })) as typeof fetch;
    await expect(fetchUptimeSamples("http://prometheus:9090", new Date(), failing)).rejects.toThrow("Prometheus answered 400");
  });
});
