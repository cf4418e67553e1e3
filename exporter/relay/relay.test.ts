import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { parseEnvelope, type Envelope, type EnvelopeItem } from "@sentry/core";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { relayConfigSchema, type RelayConfigInput } from "../../core/exporter/relay-config";
import { attachmentAndReplayItems, browserErrorEvent, bytesOf, DSN, PROJECT_ID, PUBLIC_KEY, tunnelEnvelope } from "../../examples/demo-app/envelopes";
import { FakeSentry } from "../../scripts/local/fake-sentry";
import { loopbackExporterConfig } from "../../test/support/exporter-config";
import { createMetrics } from "../metrics";
import { buildIngestServer } from "../server";
import { SentryRelay } from "./relay";

const exporterConfig = loopbackExporterConfig({ logLevel: "fatal" });

interface Harness {
  url: string;
  fake: FakeSentry;
  metrics: () => Promise<string>;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harness(overrides: Partial<RelayConfigInput> = {}, beforeListen: (app: FastifyInstance) => void = () => {}): Promise<Harness> {
  const fake = await FakeSentry.start();
  cleanups.push(() => fake.close());
  const config = relayConfigSchema.parse({
    tunnelPath: "/tunnel",
    allowedDsns: [{ dsn: DSN, name: "shop-frontend" }],
    upstreamOrigin: fake.origin,
    ...overrides,
    limits: { maxBodyBytes: 256 * 1024, maxDecompressedBytes: 512 * 1024, maxEventBytes: 64 * 1024, bodyTimeoutMs: 5_000, ...overrides.limits },
    upstream: { timeoutMs: 1_000, ...overrides.upstream },
  });
  const metrics = createMetrics(exporterConfig.service);
  const relay = new SentryRelay(config, metrics.registry);
  const app: FastifyInstance = buildIngestServer({ ...exporterConfig, relay: config }, { metrics, relay });
  beforeListen(app);
  await app.listen({ host: "127.0.0.1", port: 0 });
  cleanups.push(async () => {
    await app.close();
    await relay.close();
  });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, fake, metrics: () => metrics.registry.metrics() };
}

function post(url: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", body, headers: { "content-type": "application/x-sentry-envelope", ...headers } });
}

describe("forwarding", () => {
  it("forwards an envelope with an attachment and a compressed replay byte for byte, to the configured project", async () => {
    const { url, fake } = await harness();
    const body = bytesOf(tunnelEnvelope(browserErrorEvent(), DSN, attachmentAndReplayItems()));
    const response = await post(`${url}/tunnel`, body, { "content-type": "text/plain;charset=UTF-8" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "fake" });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]!.body.equals(body)).toBe(true);
    expect(fake.received[0]!.path).toBe(`/api/${PROJECT_ID}/envelope/?sentry_key=${PUBLIC_KEY}&sentry_version=7`);
  });

  it("passes a gzip body on as it came when nothing in it is scrubbed", async () => {
    const { url, fake } = await harness();
    const body = gzipSync(bytesOf(tunnelEnvelope(browserErrorEvent())));
    const response = await post(`${url}/tunnel`, body, { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    expect(fake.received[0]!.body.equals(body)).toBe(true);
    expect(fake.received[0]!.headers["content-encoding"]).toBe("gzip");
  });

  it("scrubs an event and keeps every other item, with lengths Sentry can read", async () => {
    const { url, fake } = await harness();
    const event = browserErrorEvent({ user: { email: "ada@example.com", ip_address: "203.0.113.9" }, extra: { password: "hunter2" } });
    const response = await post(`${url}/tunnel`, bytesOf(tunnelEnvelope(event, DSN, attachmentAndReplayItems())));
    expect(response.status).toBe(200);
    const [headers, items] = parseEnvelope(fake.received[0]!.body);
    expect(headers.dsn).toBe(DSN);
    expect(items.map(([item]) => item.type)).toEqual(["event", "attachment", "replay_event", "replay_recording"]);
    const forwarded = items[0]![1] as Record<string, any>;
    expect(forwarded.user).toEqual({ email: "[email]" });
    expect(forwarded.extra).toEqual({ password: "[Filtered]" });
    expect(Buffer.from(items[1]![1] as Uint8Array).toString()).toBe('{"items":3}');
  });

  it("accepts a server SDK's /api/<project>/envelope/ with its key in sentry_key or X-Sentry-Auth", async () => {
    const { url, fake } = await harness();
    const body = bytesOf([{ event_id: "a".repeat(32) }, [[{ type: "event" }, { message: "boom", level: "error" }]]] as never);
    expect((await post(`${url}/api/${PROJECT_ID}/envelope/?sentry_key=${PUBLIC_KEY}&sentry_version=7`, body)).status).toBe(200);
    expect((await post(`${url}/api/${PROJECT_ID}/envelope/`, body, { "x-sentry-auth": `Sentry sentry_key=${PUBLIC_KEY}, sentry_version=7` })).status).toBe(200);
    expect(fake.received).toHaveLength(2);
  });

  it("counts envelopes, events by project and scrubbed fields", async () => {
    const { url, metrics } = await harness();
    await post(`${url}/tunnel`, bytesOf(tunnelEnvelope(browserErrorEvent({ user: { ip_address: "203.0.113.9" } }))));
    const text = await metrics();
    expect(text).toMatch(/vigil_sentry_envelopes_total\{[^}]*outcome="forwarded",reason="scrubbed"[^}]*\} 1/);
    expect(text).toMatch(/vigil_sentry_events_total\{[^}]*project="shop-frontend",level="error",environment="production",release="shop-frontend@4.2.0"[^}]*\} 1/);
    expect(text).toMatch(/vigil_sentry_scrubbed_fields_total\{[^}]*rule="user_ip"[^}]*\} 1/);
    expect(text).toMatch(/vigil_sentry_upstream_requests_total\{[^}]*status_class="2xx"[^}]*\} 1/);
  });
});

describe("the DSN in the envelope header, on both paths", () => {
  const paths = [
    { entry: "the tunnel", path: "/tunnel" },
    // The request's own project and key are allowed: only the header's DSN is foreign.
    { entry: "Sentry's project path", path: `/api/${PROJECT_ID}/envelope/?sentry_key=${PUBLIC_KEY}&sentry_version=7` },
  ];
  const foreign = [
    { names: "another host", dsn: `https://${PUBLIC_KEY}@evil.example.com/${PROJECT_ID}` },
    { names: "the cloud metadata address", dsn: `http://${PUBLIC_KEY}@169.254.169.254/${PROJECT_ID}` },
    { names: "another public key", dsn: `https://${"f".repeat(32)}@o1.ingest.sentry.io/${PROJECT_ID}` },
    { names: "another project", dsn: `https://${PUBLIC_KEY}@o1.ingest.sentry.io/9999` },
  ];

  // Tuples rather than objects: `%s` puts a string in the test's name without quotes.
  it.each(paths.flatMap(({ entry, path }) => foreign.map(({ names, dsn }) => [entry, names, path, dsn] as const)))(
    "%s refuses an envelope whose header DSN names %s with 403, forwards nothing and counts it",
    async (_entry, _names, path, dsn) => {
      const { url, fake, metrics } = await harness();
      const response = await post(`${url}${path}`, bytesOf(tunnelEnvelope(browserErrorEvent(), dsn)));
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: "dsn_not_allowed" });
      expect(fake.count).toBe(0);
      expect(await metrics()).toMatch(/vigil_sentry_envelopes_total\{[^}]*outcome="rejected",reason="dsn_not_allowed"[^}]*\} 1/);
    },
  );

  it.each(paths.map(({ entry, path }) => [entry, path] as const))("%s forwards an envelope whose header DSN is the allowed one to the configured upstream origin", async (_entry, path) => {
    const { url, fake, metrics } = await harness();
    const body = bytesOf(tunnelEnvelope(browserErrorEvent()));
    const response = await post(`${url}${path}`, body);
    expect(response.status).toBe(200);
    expect(fake.count).toBe(1);
    expect(fake.received[0]!.path).toBe(`/api/${PROJECT_ID}/envelope/?sentry_key=${PUBLIC_KEY}&sentry_version=7`);
    expect(fake.received[0]!.body.equals(body)).toBe(true);
    expect(await metrics()).toMatch(/vigil_sentry_envelopes_total\{[^}]*outcome="forwarded",reason="unchanged"[^}]*\} 1/);
  });

  it("Sentry's project path refuses a header DSN that names the relay's own address, as sentry-go and sentry-ruby send it", async () => {
    const { url, fake } = await harness();
    const { port } = new URL(url);
    const body = bytesOf(tunnelEnvelope(browserErrorEvent(), `http://${PUBLIC_KEY}@127.0.0.1:${port}/${PROJECT_ID}`));
    const response = await post(`${url}/api/${PROJECT_ID}/envelope/`, body, { "x-sentry-auth": `Sentry sentry_key=${PUBLIC_KEY}, sentry_version=7` });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: "dsn_not_allowed" });
    expect(fake.count).toBe(0);
  });
});

describe("the ingest listener", () => {
  it("keeps its JSON parser for routes outside the relay", async () => {
    const { url } = await harness({}, (app) => app.post("/json-probe", async (request) => ({ echoed: request.body })));
    const response = await fetch(`${url}/json-probe`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
    expect(await response.json()).toEqual({ echoed: { a: 1 } });
  });
});

describe("a hostile corpus", () => {
  const good = () => bytesOf(tunnelEnvelope(browserErrorEvent()));
  const cases: Array<{ name: string; path?: string; body: () => Uint8Array | string; headers?: Record<string, string>; status: number; reason: string }> = [
    { name: "a DSN on another host", body: () => bytesOf(tunnelEnvelope(browserErrorEvent(), `https://${PUBLIC_KEY}@evil.example.com/${PROJECT_ID}`)), status: 403, reason: "dsn_not_allowed" },
    { name: "another project", body: () => bytesOf(tunnelEnvelope(browserErrorEvent(), `https://${PUBLIC_KEY}@o1.ingest.sentry.io/9999`)), status: 403, reason: "dsn_not_allowed" },
    { name: "another key", body: () => bytesOf(tunnelEnvelope(browserErrorEvent(), `https://ffffffffffffffffffffffffffffffff@o1.ingest.sentry.io/${PROJECT_ID}`)), status: 403, reason: "dsn_not_allowed" },
    { name: "no DSN", body: () => { const [headers, items] = tunnelEnvelope(browserErrorEvent()); delete headers.dsn; return bytesOf([headers, items] as Envelope); }, status: 400, reason: "no_dsn" },
    { name: "an unknown project on the project path", path: `/api/9999/envelope/?sentry_key=${PUBLIC_KEY}`, body: good, status: 403, reason: "dsn_not_allowed" },
    { name: "a header that is not JSON", body: () => `{"dsn":"${DSN}"\n{"type":"event"}\n{}`, status: 400, reason: "malformed" },
    { name: "an item length past the end", body: () => `{"dsn":"${DSN}"}\n{"type":"attachment","length":5000}\nshort`, status: 400, reason: "malformed" },
    { name: "sent_at twice", body: () => `{"dsn":"${DSN}","sent_at":"2026-01-01T00:00:00Z","sent_at":"2020-01-01T00:00:00Z"}\n{"type":"event"}\n{}`, status: 400, reason: "malformed" },
    { name: "a zip bomb", body: () => gzipSync(Buffer.alloc(20 * 1024 * 1024)), headers: { "content-encoding": "gzip" }, status: 413, reason: "decompressed_too_large" },
    { name: "a body that is not gzip", body: () => "not gzip", headers: { "content-encoding": "gzip" }, status: 400, reason: "bad_encoding" },
    { name: "an oversized body", body: () => Buffer.alloc(300 * 1024, 0x20), status: 413, reason: "body_too_large" },
    {
      name: "an event over the item cap",
      body: () => bytesOf(tunnelEnvelope(browserErrorEvent({ extra: { blob: "x".repeat(100 * 1024) } }))),
      status: 413,
      reason: "item_too_large",
    },
  ];

  it.each(cases)("refuses $name with $status, forwards nothing and stays up", async ({ path, body, headers, status, reason }) => {
    const { url, fake, metrics } = await harness();
    const response = await post(`${url}${path ?? "/tunnel"}`, body(), headers);
    expect(response.status).toBe(status);
    expect((await response.json()) as { error: string }).toMatchObject({ error: reason });
    expect(fake.count).toBe(0);
    expect(await metrics()).toMatch(new RegExp(`vigil_sentry_envelopes_total\\{[^}]*outcome="rejected",reason="${reason}"[^}]*\\} 1`));
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it("refuses a chunked body once it passes the cap, without a declared length", async () => {
    const { url, fake } = await harness();
    const chunks = new ReadableStream({
      start(controller) {
        for (let index = 0; index < 40; index += 1) controller.enqueue(new Uint8Array(16 * 1024));
        controller.close();
      },
    });
    const response = await fetch(`${url}/tunnel`, { method: "POST", body: chunks, duplex: "half", headers: { "content-type": "text/plain" } } as RequestInit);
    expect(response.status).toBe(413);
    expect(fake.count).toBe(0);
  });

  it("answers a slow-loris body with 408 once the body deadline passes", async () => {
    const { url, fake } = await harness({ limits: { bodyTimeoutMs: 500 } });
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write("POST /tunnel HTTP/1.1\r\nhost: relay\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n{\"dsn\":");
      });
      let received = "";
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(fake.count).toBe(0);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});

describe("origins", () => {
  it("answers a preflight from an allowed origin and refuses any other", async () => {
    const { url } = await harness({ allowedOrigins: ["https://shop.example.com"] });
    const preflight = await fetch(`${url}/tunnel`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-evil" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type");
    const refused = await post(`${url}/tunnel`, bytesOf(tunnelEnvelope(browserErrorEvent())), { origin: "https://evil.example.com" });
    expect(refused.status).toBe(403);
  });
});

describe("rate limits", () => {
  it("refuses a client over its bucket with 429 and Retry-After", async () => {
    const { url, fake } = await harness({ rateLimit: { perClientPerSecond: 0.01, burst: 2 } });
    const body = bytesOf(tunnelEnvelope(browserErrorEvent()));
    expect((await post(`${url}/tunnel`, body)).status).toBe(200);
    expect((await post(`${url}/tunnel`, body)).status).toBe(200);
    const third = await post(`${url}/tunnel`, body);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(fake.count).toBe(2);
  });

  it("gives each browser behind a trusted proxy its own bucket, and believes no one else's X-Forwarded-For", async () => {
    const { url, fake } = await harness({ rateLimit: { perClientPerSecond: 0.01, burst: 1 }, trustedProxies: ["127.0.0.1"] });
    const body = bytesOf(tunnelEnvelope(browserErrorEvent()));
    const from = (client: string) => post(`${url}/tunnel`, body, { "x-forwarded-for": client });
    expect((await from("198.51.100.1")).status).toBe(200);
    expect((await from("198.51.100.2")).status).toBe(200);
    expect((await from("198.51.100.1")).status).toBe(429);
    expect(fake.count).toBe(2);

    const untrusting = await harness({ rateLimit: { perClientPerSecond: 0.01, burst: 1 } });
    const viaUntrusted = (client: string) => post(`${untrusting.url}/tunnel`, body, { "x-forwarded-for": client });
    expect((await viaUntrusted("198.51.100.1")).status).toBe(200);
    // Without a trusted proxy the header is a claim anyone can make: the bucket stays the peer's.
    expect((await viaUntrusted("198.51.100.2")).status).toBe(429);
  });

  it("passes Sentry's 429 back and refuses that project locally until it expires", async () => {
    const { url, fake, metrics } = await harness();
    fake.mode = { kind: "status", status: 429, headers: { "retry-after": "60", "x-sentry-rate-limits": "60:error:organization" } };
    const body = bytesOf(tunnelEnvelope(browserErrorEvent()));
    const first = await post(`${url}/tunnel`, body);
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("60");
    expect(first.headers.get("x-sentry-rate-limits")).toBe("60:error:organization");
    fake.mode = { kind: "ok" };
    const second = await post(`${url}/tunnel`, body);
    expect(second.status).toBe(429);
    expect(second.headers.get("x-sentry-rate-limits")).toMatch(/^\d+:error:organization$/);
    expect(fake.count).toBe(1);
    expect(await metrics()).toMatch(/outcome="rate_limited",reason="upstream_limit_active"[^}]*\} 1/);
  });
});

describe("an upstream in trouble", () => {
  it("passes a 500 back and counts it as an upstream error", async () => {
    const { url, fake, metrics } = await harness();
    fake.mode = { kind: "status", status: 500 };
    expect((await post(`${url}/tunnel`, bytesOf(tunnelEnvelope(browserErrorEvent())))).status).toBe(500);
    expect(await metrics()).toMatch(/vigil_sentry_upstream_requests_total\{[^}]*status_class="5xx"[^}]*\} 1/);
  });

  it("answers 503 when Sentry stalls, and at once for what would queue beyond the bound", async () => {
    const { url, fake, metrics } = await harness({ upstream: { connections: 1, maxQueued: 0, timeoutMs: 2_000 } });
    fake.mode = { kind: "stall" };
    const body = bytesOf(tunnelEnvelope(browserErrorEvent()));
    const stalled = post(`${url}/tunnel`, body);
    await expect.poll(() => fake.count).toBe(1);
    const refused = await post(`${url}/tunnel`, body);
    expect(refused.status).toBe(503);
    expect((await stalled).status).toBe(503);
    const text = await metrics();
    expect(text).toMatch(/outcome="upstream_error",reason="queue_full"[^}]*\} 1/);
    expect(text).toMatch(/outcome="upstream_error",reason="timeout"[^}]*\} 1/);
  });

  it("answers 503 once the requests waiting on Sentry hold the byte budget, and gives it back when they end", async () => {
    const { url, fake, metrics } = await harness({
      limits: { maxBodyBytes: 256 * 1024, maxDecompressedBytes: 512 * 1024, maxBufferedBytes: 768 * 1024 },
      upstream: { connections: 8, maxQueued: 8, timeoutMs: 2_000 },
    });
    const attachment: EnvelopeItem = [{ type: "attachment", length: 240 * 1024, filename: "dump.bin" }, new Uint8Array(240 * 1024)] as never;
    const body = bytesOf(tunnelEnvelope(browserErrorEvent(), DSN, [attachment]));
    fake.mode = { kind: "stall" };
    const waiting = [post(`${url}/tunnel`, body), post(`${url}/tunnel`, body), post(`${url}/tunnel`, body)];
    await expect.poll(() => fake.count).toBe(3);
    const refused = await post(`${url}/tunnel`, body);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: "relay_busy" });
    expect((await Promise.all(waiting)).map((response) => response.status)).toEqual([503, 503, 503]);
    fake.mode = { kind: "ok" };
    expect((await post(`${url}/tunnel`, body)).status).toBe(200);
    expect(await metrics()).toMatch(/outcome="rejected",reason="relay_busy"[^}]*\} 1/);
  });

  it("answers 503 when nothing listens upstream", async () => {
    const { url, fake } = await harness();
    await fake.close();
    expect((await post(`${url}/tunnel`, bytesOf(tunnelEnvelope(browserErrorEvent())))).status).toBe(503);
  });
});
