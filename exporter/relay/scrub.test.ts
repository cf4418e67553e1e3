import { describe, expect, it } from "vitest";
import { Scrubber, type ScrubRule } from "./scrub";

const scrubber = new Scrubber({ sensitiveFields: ["date_of_birth"], safeFields: ["order_token"], keepFrameVars: false });

/** Scrubs `{ extra: { value } }` and returns the value and the rules that fired. */
function scrubValue(value: unknown, key = "value"): { value: unknown; rules: ScrubRule[] } {
  const event = { extra: { [key]: value } };
  const result = scrubber.scrub(event);
  return { value: event.extra[key], rules: Object.keys(result.counts) as ScrubRule[] };
}

describe("the scrubber replaces", () => {
  it.each([
    ["a value under a sensitive key", "password", "hunter2", "[Filtered]", "sensitive_key"],
    ["a value under a key that contains one (x-api-key)", "X-Api-Key", "k-123", "[Filtered]", "sensitive_key"],
    ["a whole object under a sensitive key", "credentials", { user: "a", pass: "b" }, "[Filtered]", "sensitive_key"],
    ["a configured sensitive field", "Date-Of-Birth", "1990-01-01", "[Filtered]", "custom_key"],
    ["a bearer token", "value", "sent Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "sent Bearer [Filtered]", "bearer"],
    ["a credit card number (Luhn)", "value", "card 4111 1111 1111 1111 declined", "card [creditcard] declined", "credit_card"],
    ["an IBAN (mod 97)", "value", "refund to DE89370400440532013000", "refund to [iban]", "iban"],
    ["a US SSN", "value", "ssn 123-45-6789 on file", "ssn [ssn] on file", "us_ssn"],
    ["a PEM private key", "value", "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "[pemkey]", "pem_key"],
    ["credentials in a URL", "value", "connect postgres://app:s3cret@db.internal:5432/shop", "connect postgres://[Filtered]@db.internal:5432/shop", "url_credentials"],
    ["an email address", "value", "no account for ada@example.com", "no account for [email]", "email"],
    ["an IPv4 address, with a port", "value", "upstream 10.0.0.5:8080 refused", "upstream [ip]:8080 refused", "ip"],
    ["an IPv6 address", "value", "from 2001:db8::8a2e:370:7334", "from [ip]", "ip"],
    ["a short IPv6 address", "value", "link fe80::1 down", "link [ip] down", "ip"],
  ] as const)("%s", (_name, key, value, expected, rule) => {
    const result = scrubValue(value, key);
    expect(result.value).toEqual(expected);
    expect(result.rules).toEqual([rule]);
  });
});

describe("the scrubber keeps", () => {
  it.each([
    ["an error message", "Cannot read properties of undefined (reading 'total')"],
    ["a version that looks like an address", "Chrome/120.0.0.0"],
    ["a 13-digit timestamp", "1763800000123"],
    ["a number that fails Luhn", "4111 1111 1111 1112"],
    ["a clock time", "12:30:45"],
    ["a scoped name that parses as IPv6", "undefined method for Cafe::Bad"],
    ["an order id", "ORD-2026-000123"],
  ])("%s", (_name, value) => {
    expect(scrubValue(value)).toEqual({ value, rules: [] });
  });

  it("frame file names, function names and the user agent, and a configured safe field", () => {
    const event = {
      exception: { values: [{ value: "boom", stacktrace: { frames: [{ filename: "/home/app/src/auth/token.ts", function: "refreshToken", lineno: 3 }] } }] },
      request: { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36" } },
      extra: { order_token: "ok-1" },
    };
    const before = structuredClone(event);
    expect(scrubber.scrub(event).changed).toBe(false);
    expect(event).toEqual(before);
  });
});

describe("the scrubber removes", () => {
  it("cookies, authorization headers, the user's IP and frames' local variables, counting each", () => {
    const event = {
      user: { id: "42", ip_address: "{{auto}}" },
      request: {
        cookies: { session: "abc" },
        headers: [["Cookie", "session=abc"], ["Authorization", "Basic YTpi"], ["X-Forwarded-For", "203.0.113.9, 10.0.0.1"], ["Accept", "*/*"]],
        env: { REMOTE_ADDR: "203.0.113.9" },
        query_string: "page=2&token=abc",
      },
      exception: { values: [{ stacktrace: { frames: [{ filename: "a.py", vars: { card: "4111111111111111" } }] } }] },
    };
    const result = scrubber.scrub(event);
    expect(event).toEqual({
      user: { id: "42" },
      request: {
        headers: [["X-Forwarded-For", "[ip], [ip]"], ["Accept", "*/*"]],
        env: { REMOTE_ADDR: "[ip]" },
        query_string: "page=2&token=[Filtered]",
      },
      exception: { values: [{ stacktrace: { frames: [{ filename: "a.py" }] } }] },
    });
    expect(result.counts).toEqual({ user_ip: 1, cookies: 2, authorization: 1, sensitive_key: 1, frame_vars: 1, ip: 3 });
  });

  it("keeps frames' local variables when configured to, scrubbing them like any value", () => {
    const keeping = new Scrubber({ sensitiveFields: [], safeFields: [], keepFrameVars: true });
    const frame = { filename: "a.py", vars: { password: "x", count: 3 } };
    keeping.scrub({ exception: { values: [{ stacktrace: { frames: [frame] } }] } });
    expect(frame.vars).toEqual({ password: "[Filtered]", count: 3 });
  });

  it("replaces nesting deeper than it walks, instead of overflowing the stack", () => {
    let deep: unknown = "leaf";
    for (let level = 0; level < 10_000; level += 1) deep = [deep];
    const event = { extra: { deep } };
    expect(scrubber.scrub(event).counts.too_deep).toBe(1);
  });
});
