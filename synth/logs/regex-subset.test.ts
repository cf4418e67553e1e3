import { describe, expect, it } from "vitest";
import { luaPatternSet, luaString } from "./lua-syntax";
import { leadingRun, luaNativePatterns, luaStartPattern } from "./redaction-lua-matcher";
import { parsePattern } from "./regex-subset";

// The subset the Lua matcher runs with JavaScript's semantics: what it refuses (each for the
// reason regex-subset.ts gives), and what the renderer derives from a tree to find starts fast.

describe("the regex subset refuses", () => {
  it.each([
    ["the dot", /a.b/, "not in the subset"],
    ["anchors", /^ab$/, "not in the subset"],
    ["back references", /(a)\1/, "escape \\1"],
    ["positive lookahead", /a(?=b)/, "positive lookarounds"],
    ["named groups", /(?<name>a)/, "only (?:…)"],
    ["a capture inside a repeat", /(?:(a)b)+/, "capturing group inside a repeat"],
    ["a bounded repeat of a class that reaches beyond ASCII", /[^a]{2,5}x/, "must be repeated with * or +"],
    ["a single class that reaches beyond ASCII", /a\sb/, "must be repeated with * or +"],
    ["a lookbehind of varying width", /(?<!ab?)c/, "fixed width"],
    ["a lookbehind beyond ASCII", /(?<![^a])b/, "ASCII characters only"],
    ["a non-ASCII literal", /é/, "not ASCII"],
    ["a pattern that may start with nothing", /a*/, "without consuming"],
    ["a pattern that may start beyond ASCII", /[^a]+b/, "non-ASCII character"],
    ["the unicode flag", /a/u, "flags"],
    ["the global flag", /a/g, "flags"],
  ])("%s", (_name, pattern, reason) => {
    expect(() => parsePattern(pattern)).toThrow(reason);
  });
});

describe("the parsed tree", () => {
  it("folds ASCII letters with the i flag, before a class is negated", () => {
    const { tree } = parsePattern(/x[^a]+b/i);
    if (tree.kind !== "sequence") throw new Error("expected a sequence");
    const [, run, letter] = tree.items;
    if (run?.kind !== "repeat" || run.item.kind !== "char" || letter?.kind !== "char") throw new Error("expected a run and a letter");
    expect(run.item.ascii.has("A".charCodeAt(0))).toBe(false);
    expect(run.item.ascii.has("c".charCodeAt(0))).toBe(true);
    expect(run.item.beyond).toBe("all");
    expect([...letter.ascii].sort()).toEqual(["B".charCodeAt(0), "b".charCodeAt(0)]);
  });

  it("knows where a match may start and what may not come before it", () => {
    const ip = parsePattern(/(?<![\w.:]|[A-Za-z]\/)(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.])/);
    expect(luaStartPattern(ip)).toBe("%f[%.0-9%:A-Z%_a-z][0-9%:A-Fa-f]");
    expect(luaStartPattern(parsePattern(/\bbearer\s+x/i))).toBe("%f[0-9A-Z%_a-z][Bb]");
    // A \b before a class that holds a non-word byte says nothing of the byte before.
    expect(luaStartPattern(parsePattern(/\b[a-]x/))).toBe("[%-a]");
  });

  it("marks the leading run a failed match may skip", () => {
    expect(leadingRun(parsePattern(/[a-z]+@x/).tree)).toMatchObject({ kind: "char" });
    expect(leadingRun(parsePattern(/[a-z]*@x/).tree)).toBeUndefined();
    expect(leadingRun(parsePattern(/[a-z]{1,9}@x/).tree)).toBeUndefined();
  });

  it("renders clues of plain characters as Lua patterns, and leaves the rest to the matcher", () => {
    expect(luaNativePatterns(parsePattern(/\d\.\d|:[0-9A-Fa-f]*:/).tree)).toEqual(["%d%.%d", "%:%x*%:"]);
    expect(luaNativePatterns(parsePattern(/[A-Z]{2}\d{1,2}/).tree)).toEqual(["[A-Z][A-Z]%d%d?"]);
    expect(luaNativePatterns(parsePattern(/\bab/).tree)).toBeUndefined();
  });
});

describe("Lua literals", () => {
  it("write every byte outside printable ASCII as a decimal escape", () => {
    expect(luaString('a"\\\n\u00a0')).toBe('"a\\"\\\\\\010\\194\\160"');
  });

  it("write byte sets with % before punctuation and ranges for runs", () => {
    expect(luaPatternSet(new Set([..."-.ABCDxyz_"].map((char) => char.charCodeAt(0))))).toBe("[%-%.A-D%_x-z]");
    expect(luaPatternSet(new Set([..."0123456789"].map((char) => char.charCodeAt(0))))).toBe("%d");
    expect(luaPatternSet(new Set([":".charCodeAt(0)]))).toBe("%:");
  });
});
