import { describe, expect, it } from "vitest";
import { corsHeaders, preflightHeaders } from "./cors";
import { ClientBuckets, UpstreamLimits } from "./rate-limits";

describe("ClientBuckets", () => {
  it("lets a burst through, then asks the client to wait until a token refills", () => {
    const buckets = new ClientBuckets(0.5, 2);
    expect([buckets.take("a", 0), buckets.take("a", 0), buckets.take("a", 0)]).toEqual([0, 0, 2]);
    expect(buckets.take("b", 0)).toBe(0);
    expect(buckets.take("a", 2_000)).toBe(0);
  });
});

describe("UpstreamLimits", () => {
  it("refuses the limited categories of a project until Sentry's limit expires", () => {
    const limits = new UpstreamLimits();
    limits.record("1", { statusCode: 429, rateLimits: "60:error:organization" }, 0);
    expect(limits.active("1", ["event"], 1_000)).toEqual({ retryAfterSeconds: 59, rateLimitsHeader: "59:error:organization" });
    expect(limits.active("1", ["transaction"], 1_000)).toBeUndefined();
    expect(limits.active("2", ["event"], 1_000)).toBeUndefined();
    expect(limits.active("1", ["event"], 61_000)).toBeUndefined();
  });

  it("takes a bare Retry-After as a limit on every category", () => {
    const limits = new UpstreamLimits();
    limits.record("1", { statusCode: 429, retryAfter: "30" }, 0);
    expect(limits.active("1", ["transaction"], 0)?.retryAfterSeconds).toBe(30);
  });
});

describe("CORS", () => {
  it("answers an allowed origin, refuses another, and stays out of same-origin and server requests", () => {
    expect(corsHeaders("https://shop.example.com", ["https://shop.example.com/"])).toMatchObject({ "access-control-allow-origin": "https://shop.example.com" });
    expect(corsHeaders("https://evil.example.com", ["https://shop.example.com"])).toBe("refused");
    expect(corsHeaders(undefined, ["https://shop.example.com"])).toEqual({});
    expect(corsHeaders("https://shop.example.com", [])).toEqual({});
    expect(preflightHeaders("Content-Type, Content-Encoding, X-Other")["access-control-allow-headers"]).toBe("content-type, content-encoding");
  });
});
