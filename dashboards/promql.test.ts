import { describe, expect, it } from "vitest";
import { promqlReferences } from "./promql";

describe("promqlReferences", () => {
  it("finds each metric with the calls it sits in, outermost first", () => {
    const { metrics } = promqlReferences(
      'histogram_quantile(0.95, sum by (le, handler) (rate(http_request_duration_seconds_bucket{job="shop"}[$__rate_interval])))',
    );
    expect(metrics).toEqual([
      { metric: "http_request_duration_seconds_bucket", within: ["histogram_quantile", "sum", "rate"] },
    ]);
  });

  it("does not take labels, keywords, functions, numbers or durations for metrics", () => {
    const { metrics } = promqlReferences(
      'sum without (instance) (up{job="a"}) / on (job) group_left (team) count by (job) (up offset 1d) > bool 0.5 or vector(1e-9) unless time() > inf',
    );
    expect(metrics.map((m) => m.metric)).toEqual(["up", "up"]);
  });

  it("skips what sits inside label matchers and strings, even braces and brackets", () => {
    const { metrics, ranges } = promqlReferences('label_replace(x_total{a="b}[5m]{"}, "dst", "$1", "src", "(rate.*)")');
    expect(metrics).toEqual([{ metric: "x_total", within: ["label_replace"] }]);
    expect(ranges).toEqual([]);
  });

  it("reports each range window with the function it is handed to", () => {
    const { ranges } = promqlReferences(
      "rate(a_total[5m]) + increase(b_total[$__rate_interval]) + predict_linear(c[6h], 3600) + max_over_time(rate(d_total[1m])[1h:5m])",
    );
    expect(ranges).toEqual([
      { range: "5m", function: "rate" },
      { range: "$__rate_interval", function: "increase" },
      { range: "6h", function: "predict_linear" },
      { range: "1m", function: "rate" },
      { range: "1h:5m", function: "max_over_time" },
    ]);
  });

  it("reads expressions that span lines and carry comments", () => {
    const { metrics } = promqlReferences("sum(\n  rate(a_total[5m]) # requests\n)\n/\nsum(b)");
    expect(metrics).toEqual([
      { metric: "a_total", within: ["sum", "rate"] },
      { metric: "b", within: ["sum"] },
    ]);
  });
});
