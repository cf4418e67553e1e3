import { describe, expect, it } from "vitest";
import { bearerTokenMatches } from "./bearer-token";

describe("bearerTokenMatches", () => {
  it("accepts only the exact token after Bearer", () => {
    expect(bearerTokenMatches("Bearer s3cret", "s3cret")).toBe(true);
    expect(bearerTokenMatches("bearer s3cret", "s3cret")).toBe(true);
    expect(bearerTokenMatches("Bearer s3cre", "s3cret")).toBe(false);
    expect(bearerTokenMatches("Basic s3cret", "s3cret")).toBe(false);
    expect(bearerTokenMatches(undefined, "s3cret")).toBe(false);
    expect(bearerTokenMatches("Bearer ", "")).toBe(false);
  });
});
