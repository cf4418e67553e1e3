import { describe, expect, it } from "vitest";
import { EvenFailures, faultsSchema } from "./faults";

describe("EvenFailures", () => {
  it("fails exactly the requested share, spread evenly", () => {
    const failures = new EvenFailures();
    const outcomes = Array.from({ length: 100 }, () => failures.shouldFail(0.05));
    expect(outcomes.filter(Boolean)).toHaveLength(5);
    // Evenly: one failure in each run of 20.
    for (let start = 0; start < 100; start += 20) expect(outcomes.slice(start, start + 20).filter(Boolean)).toHaveLength(1);
  });

  it("never fails at 0 and always fails at 1", () => {
    const failures = new EvenFailures();
    expect(Array.from({ length: 50 }, () => failures.shouldFail(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 50 }, () => failures.shouldFail(1)).every(Boolean)).toBe(true);
  });
});

describe("faultsSchema", () => {
  it("rejects a rate above 1 and unknown faults, naming them", () => {
    expect(faultsSchema.safeParse({ errorRate: 1.5 }).error?.issues[0]?.path).toEqual(["errorRate"]);
    expect(faultsSchema.safeParse({ diskFull: true }).success).toBe(false);
  });
});
