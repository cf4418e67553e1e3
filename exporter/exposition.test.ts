import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { joinExposition, negotiateFormat, renderRegistry } from "./exposition";

describe("negotiateFormat", () => {
  it("picks OpenMetrics only when the Accept header asks for it", () => {
    expect(negotiateFormat(undefined)).toBe("prometheus");
    expect(negotiateFormat("text/plain;version=0.0.4;q=1,*/*;q=0.1")).toBe("prometheus");
    expect(negotiateFormat("application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5")).toBe("openmetrics");
    expect(negotiateFormat("application/openmetrics-text;q=0,text/plain")).toBe("prometheus");
  });
});

describe("renderRegistry", () => {
  it("renders OpenMetrics without changing how the text format names counters afterwards", async () => {
    const registry = new Registry();
    new Counter({ name: "jobs_done_total", help: "jobs", registers: [registry] }).inc(2);
    const open = await renderRegistry(registry, "openmetrics");
    expect(open).toContain("# TYPE jobs_done counter\njobs_done_total 2");
    expect(open).not.toContain("# EOF");
    expect(await renderRegistry(registry, "prometheus")).toContain("# TYPE jobs_done_total counter\njobs_done_total 2");
  });
});

describe("joinExposition", () => {
  it("ends an OpenMetrics document with exactly one # EOF", () => {
    expect(joinExposition("openmetrics", "a 1", Buffer.from("b 2\n")).toString()).toBe("a 1\nb 2\n# EOF\n");
    expect(joinExposition("prometheus", "a 1\n", Buffer.from("\nb 2\n")).toString()).toBe("a 1\n\nb 2\n");
    expect(joinExposition("prometheus", "a 1\n").toString()).toBe("a 1\n");
  });
});
