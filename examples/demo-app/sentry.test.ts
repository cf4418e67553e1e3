import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSentry } from "../../scripts/local/fake-sentry";
import { startDemoSentry, type DemoSentry } from "./sentry";
import { buildDemoApp } from "./server";

// An error in Sentry must lead to its request's log lines: the demo app's server SDK tags
// each event with the request id its log line carries. The SDK sends to a recording stand-in
// for Sentry's ingest on 127.0.0.1 (Sentry itself cannot be reached here).

let sentry: FakeSentry;
let demo: DemoSentry;

beforeAll(async () => {
  sentry = await FakeSentry.start();
  const dsn = `${sentry.origin.replace("://", "://0123456789abcdef0123456789abcdef@")}/42`;
  // The browser side posts once a minute: not within this test.
  demo = startDemoSentry({ serverDsn: dsn, browserDsn: dsn, tunnelUrl: `${sentry.origin}/tunnel`, browserEveryMs: 600_000 });
});
afterAll(() => sentry.close());

/** The event items of every envelope received, parsed. */
function events(): Array<{ tags?: Record<string, string>; exception?: { values?: Array<{ value?: string }> } }> {
  return sentry.received.flatMap((envelope) => {
    const lines = envelope.body.toString("utf8").split("\n");
    const found = [];
    for (let index = 1; index + 1 < lines.length; index += 2) {
      if ((JSON.parse(lines[index] ?? "{}") as { type?: string }).type === "event") found.push(JSON.parse(lines[index + 1] ?? "{}"));
    }
    return found;
  });
}

describe("the demo app's Sentry events", () => {
  it("carry the request id of the request that failed, the one answered in X-Request-Id and logged", async () => {
    const app = buildDemoApp(undefined, { onServerError: (error, context) => demo.captureServerError(error, context) });
    try {
      const given = await app.inject({ method: "GET", url: "/api/fail", headers: { "x-request-id": "req-4f1c" } });
      const generated = await app.inject({ method: "GET", url: "/api/fail" });
      await demo.stop();
      const tags = events().map((event) => event.tags);
      expect(tags).toContainEqual(expect.objectContaining({ route: "/api/fail", request_id: "req-4f1c" }));
      expect(given.headers["x-request-id"]).toBe("req-4f1c");
      const generatedId = String(generated.headers["x-request-id"]);
      expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);
      expect(tags).toContainEqual(expect.objectContaining({ request_id: generatedId }));
    } finally {
      await app.close();
    }
  });
});
