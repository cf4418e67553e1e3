import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics";
import { EventIngest } from "./ingest";

function ingestFor(cap = 2) {
  const registry = new Registry();
  const metrics = createMetrics("test");
  const ingest = new EventIngest([{ name: "signups_total", help: "signups", labels: ["plan"], cardinalityCap: cap }], registry, metrics);
  return { ingest, registry, metrics };
}

describe("EventIngest", () => {
  it("counts valid events and folds values beyond the cap into other", async () => {
    const { ingest, registry, metrics } = ingestFor(2);
    const result = ingest.ingest(["a", "b", "c", "a", "d"].map((plan) => ({ event: "signups_total", labels: { plan } })));
    expect(result).toEqual({ status: 202, accepted: 5, folded: 2 });
    const text = await registry.metrics();
    expect(text).toContain('signups_total{plan="a"} 2');
    expect(text).toContain('signups_total{plan="other"} 2');
    expect(await metrics.eventLabelsFolded.get()).toMatchObject({ values: [{ labels: { event: "signups_total", label: "plan" }, value: 2 }] });
  });

  it("rejects the whole batch when one event is wrong, naming where", async () => {
    const { ingest, registry } = ingestFor();
    expect(ingest.ingest([{ event: "signups_total" }, { event: "signups_total", labels: { plan: 3 } }])).toEqual({
      status: 400,
      error: "[1].labels.plan: expected a string",
    });
    expect(ingest.ingest([{ event: "signups_total", extra: true }])).toMatchObject({ status: 400, error: expect.stringContaining("unknown field(s) extra") });
    expect(ingest.ingest([])).toEqual({ status: 400, error: "the batch is empty" });
    // A counter only grows: one absurd increment would pin it at +Inf until a restart.
    expect(ingest.ingest([{ event: "signups_total", value: 1e308 }])).toMatchObject({
      status: 400,
      error: expect.stringContaining("[0].value: expected a number from 0 to 1000000"),
    });
    expect(ingest.ingest([{ event: "signups_total", value: -1 }])).toMatchObject({ status: 400 });
    expect(await registry.metrics()).not.toMatch(/^signups_total\{/m);
  });
});
