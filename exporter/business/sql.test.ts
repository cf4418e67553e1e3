import { describe, expect, it } from "vitest";
import { rowsToSamples } from "./sql";

describe("rowsToSamples", () => {
  const metric = { labels: ["tier"] };

  it("turns rows into labelled samples; numeric strings (bigint, numeric) become numbers", () => {
    expect(rowsToSamples(metric, ["tier", "value"], [{ tier: "free", value: "12" }, { tier: "basic", value: 3.5 }])).toEqual([
      { labels: { tier: "free" }, value: 12 },
      { labels: { tier: "basic" }, value: 3.5 },
    ]);
  });

  it("skips a NULL value and writes a NULL label as the empty string", () => {
    expect(rowsToSamples(metric, ["tier", "value"], [{ tier: null, value: 1 }, { tier: "x", value: null }])).toEqual([{ labels: { tier: "" }, value: 1 }]);
  });

  it("names what is wrong with the columns", () => {
    expect(() => rowsToSamples(metric, ["tier", "n"], [])).toThrow('the query returned no "value" column (it returned: tier, n)');
    expect(() => rowsToSamples(metric, ["value"], [])).toThrow('label "tier" is not a column of the result (it returned: value)');
    expect(() => rowsToSamples(metric, ["tier", "value", "extra"], [])).toThrow('column "extra" is neither "value" nor a declared label');
  });

  it("refuses a value that is not a number", () => {
    expect(() => rowsToSamples(metric, ["tier", "value"], [{ tier: "a", value: "lots" }])).toThrow('row 1: value "lots" is not a number');
  });
});
