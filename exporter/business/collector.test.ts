import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics";
import { BusinessCollector, checkUniqueLabelSets } from "./collector";
import type { MetricSource, Sample } from "./source";

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function collectorFor(source: Partial<MetricSource> & Pick<MetricSource, "read">, now = () => 1_000_000) {
  const metrics = createMetrics("test");
  const collector = new BusinessCollector(
    [{ name: "orders", help: "Orders.", type: "gauge", labelNames: ["n"], intervalSeconds: 10, timeoutSeconds: 1, ...source }],
    { metrics, log: quiet, maxConcurrent: 1, staleIntervals: 2, defaultLabels: { service: "test" }, now },
  );
  return { collector, metrics };
}

describe("BusinessCollector", () => {
  it("renders thousands of series in slices into one block with one header, the same in both formats", async () => {
    const samples: Sample[] = Array.from({ length: 1_234 }, (_, i) => ({ labels: { n: String(i) }, value: i }));
    const { collector } = collectorFor({ read: async () => samples });
    await collector.runAllOnce();
    const [text] = await collector.exposition("prometheus");
    const lines = text!.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("#"))).toEqual(["# HELP orders Orders.", "# TYPE orders gauge"]);
    expect(lines.slice(2)).toHaveLength(1_234);
    expect(lines[2]).toBe('orders{n="0",service="test"} 0');
    expect(lines.at(-1)).toBe('orders{n="1233",service="test"} 1233');
    const [open] = await collector.exposition("openmetrics");
    expect(open!.split("\n").filter((line) => line.startsWith("#"))).toHaveLength(2);
    expect(open!.trimEnd().split("\n")).toHaveLength(1_236);
  });

  it("keeps the joined body until a source's result changes", async () => {
    let value = 1;
    const { collector } = collectorFor({ read: async () => [{ labels: { n: "a" }, value }] });
    await collector.runAllOnce();
    const first = await collector.expositionBody("prometheus");
    expect(first.toString()).toBe('\n# HELP orders Orders.\n# TYPE orders gauge\norders{n="a",service="test"} 1\n');
    expect(await collector.expositionBody("prometheus")).toBe(first);
    value = 2;
    await collector.runAllOnce();
    expect((await collector.expositionBody("prometheus")).toString()).toContain('orders{n="a",service="test"} 2');
  });

  it("drops a failing metric's series once its last success is staleIntervals old", async () => {
    let clock = 1_000_000;
    let fail = false;
    const { collector } = collectorFor({
      read: async () => {
        if (fail) throw new Error("database down");
        return [{ labels: { n: "a" }, value: 1 }];
      },
    }, () => clock);
    await collector.runAllOnce();
    fail = true;
    clock += 15_000;
    await collector.runAllOnce();
    expect(await collector.exposition("prometheus")).toHaveLength(1);
    clock += 6_000;
    expect(await collector.exposition("prometheus")).toEqual([]);
  });
});

describe("checkUniqueLabelSets", () => {
  it("refuses two samples with the same labels, in any key order", () => {
    expect(() => checkUniqueLabelSets([{ labels: { a: "1", b: "2" }, value: 1 }, { labels: { b: "2", a: "1" }, value: 2 }])).toThrow(/same labels/);
  });
});
