import { parseEnvelope, type Envelope } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { attachmentAndReplayItems, browserErrorEvent, bytesOf, DSN, PROJECT_ID, PUBLIC_KEY, tunnelEnvelope } from "../../examples/demo-app/envelopes";
import { DsnAllowList } from "./allow-list";
import { countKey, parseRelayedEnvelope } from "./envelope";
import { prepareEnvelope, type PrepareOptions } from "./prepare";
import { Scrubber } from "./scrub";

const allowList = new DsnAllowList([{ dsn: DSN, name: "shop-frontend" }]);
const options: PrepareOptions = {
  scrubber: new Scrubber({ sensitiveFields: [], safeFields: [], keepFrameVars: false }),
  maxEventBytes: 1024 * 1024,
  binaryItems: "forward",
};

function prepare(body: Buffer, overrides: Partial<PrepareOptions> = {}) {
  return prepareEnvelope({ decoded: body, original: body, contentEncoding: undefined, identify: (dsn) => allowList.forTunnel(dsn) }, { ...options, ...overrides });
}

describe("prepareEnvelope", () => {
  it("sends the original bytes when nothing changes, and says which events it saw", () => {
    const body = bytesOf(tunnelEnvelope(browserErrorEvent(), DSN, attachmentAndReplayItems()));
    const prepared = prepare(body);
    expect(prepared).toMatchObject({ ok: true, changed: false, itemTypes: ["event", "attachment", "replay_event", "replay_recording"] });
    expect(prepared.ok && prepared.body).toBe(body);
    expect(prepared.ok && prepared.events).toEqual([{ level: "error", environment: "production", release: "shop-frontend@4.2.0" }]);
    expect(prepared.ok && prepared.target.path).toBe(`/api/${PROJECT_ID}/envelope/?sentry_key=${PUBLIC_KEY}&sentry_version=7`);
  });

  it("drops binary items by policy and keeps unknown item types and header attributes", () => {
    const [headers, items] = tunnelEnvelope(browserErrorEvent(), DSN, attachmentAndReplayItems());
    const body = bytesOf([{ ...headers, vendor_hint: "kept" }, [...items, [{ type: "future_item" }, { anything: 1 }]]] as unknown as Envelope);
    const prepared = prepare(body, { binaryItems: "drop" });
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const [forwardedHeaders, forwardedItems] = parseEnvelope(prepared.body);
    expect((forwardedHeaders as Record<string, unknown>).vendor_hint).toBe("kept");
    expect(forwardedItems.map(([item]) => item.type)).toEqual(["event", "replay_event", "future_item"]);
  });

  it("rewrites the length of a scrubbed event whose SDK stated it (as the Python SDK does)", () => {
    const event = JSON.stringify({ message: "mail ada@example.com", level: "error" });
    const body = Buffer.from(`{"dsn":"${DSN}"}\n{"type":"event","length":${Buffer.byteLength(event)}}\n${event}\n{"type":"attachment","length":3}\nabc`);
    const prepared = prepare(body);
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    const [, items] = parseEnvelope(prepared.body);
    const forwardedEvent = JSON.parse(Buffer.from(items[0]![1] as Uint8Array).toString()) as Record<string, unknown>;
    expect(forwardedEvent.message).toBe("mail [email]");
    expect(Buffer.from(items[1]![1] as Uint8Array).toString()).toBe("abc");
  });

  it("scrubs replay events too, without counting them as events", () => {
    const [headers, items] = tunnelEnvelope(browserErrorEvent(), DSN, attachmentAndReplayItems());
    (items[2]![1] as Record<string, unknown>).user = { ip_address: "203.0.113.9", id: "7" };
    const prepared = prepare(bytesOf([headers, items] as Envelope));
    expect(prepared).toMatchObject({ ok: true, changed: true, scrubbed: { user_ip: 1 } });
    expect(prepared.ok && prepared.events).toHaveLength(1);
    if (!prepared.ok) return;
    expect(parseEnvelope(prepared.body)[1][2]![1]).toMatchObject({ user: { id: "7" } });
    expect(JSON.stringify(parseEnvelope(prepared.body)[1][2]![1])).not.toContain("203.0.113.9");
  });

  it("refuses an event item that is not a JSON object", () => {
    const body = Buffer.from(`{"dsn":"${DSN}"}\n{"type":"event","length":4}\nnope`);
    expect(prepare(body)).toMatchObject({ ok: false, status: 400, reason: "malformed" });
  });
});

describe("parseRelayedEnvelope", () => {
  it("refuses a length that is not a byte count", () => {
    expect(parseRelayedEnvelope(Buffer.from(`{}\n{"type":"attachment","length":-1}\n`), { maxEventBytes: 10 })).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("counts a key only where it is a key, not inside a string", () => {
    expect(countKey('{"sent_at":"x","note":"\\"sent_at\\": y"}', "sent_at")).toBe(1);
    expect(countKey('{"sent_at":"x", "sent_at" : "y"}', "sent_at")).toBe(2);
    expect(countKey('{"a":"\\\\","sent_at":"x"}', "sent_at")).toBe(1);
  });
});

describe("DsnAllowList", () => {
  it("matches a tunnel DSN only when scheme, host, project and key all agree", () => {
    expect(allowList.forTunnel(DSN).ok).toBe(true);
    expect(allowList.forTunnel(DSN.replace("https:", "http:")).ok).toBe(false);
    expect(allowList.forTunnel(DSN.toUpperCase().replace("HTTPS:", "https:").replace(PUBLIC_KEY.toUpperCase(), PUBLIC_KEY))).toMatchObject({ ok: true });
    expect(allowList.forTunnel(42)).toMatchObject({ ok: false, reason: "no_dsn" });
  });

  it("on the project path, takes the key from the request when the envelope header names no DSN", () => {
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, undefined)).toMatchObject({ ok: true, target: { projectId: PROJECT_ID } });
    expect(allowList.forProjectPath(PROJECT_ID, "f".repeat(32), undefined)).toMatchObject({ ok: false, reason: "dsn_not_allowed" });
    expect(allowList.forProjectPath("9999", PUBLIC_KEY, undefined)).toMatchObject({ ok: false, reason: "dsn_not_allowed" });
    expect(allowList.forProjectPath(PROJECT_ID, undefined, undefined)).toMatchObject({ ok: false, reason: "no_dsn" });
  });

  it("on the project path, holds a header DSN to the tunnel's rule, whatever key the request carries", () => {
    const refused = { ok: false, reason: "dsn_not_allowed" };
    expect(allowList.forProjectPath(PROJECT_ID, undefined, DSN)).toMatchObject({ ok: true });
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, DSN)).toMatchObject({ ok: true });
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, `https://${PUBLIC_KEY}@evil.example.com/${PROJECT_ID}`)).toMatchObject(refused);
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, `http://${PUBLIC_KEY}@169.254.169.254/${PROJECT_ID}`)).toMatchObject(refused);
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, DSN.replace("https:", "http:"))).toMatchObject(refused);
    // The relay's own address is not an allowed DSN either (sentry-go and sentry-ruby write their DSN into every header).
    expect(allowList.forProjectPath(PROJECT_ID, undefined, `http://${PUBLIC_KEY}@10.0.0.7:9465/${PROJECT_ID}`)).toMatchObject(refused);
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, "not a dsn")).toMatchObject(refused);
    expect(allowList.forProjectPath(PROJECT_ID, PUBLIC_KEY, 42)).toMatchObject(refused);
  });

  it("on the project path, refuses an allowed header DSN that contradicts the request's project or key", () => {
    const other = `https://${"e".repeat(32)}@o1.ingest.sentry.io/7777`;
    const two = new DsnAllowList([{ dsn: DSN }, { dsn: other }]);
    expect(two.forProjectPath("7777", "e".repeat(32), other)).toMatchObject({ ok: true, target: { projectId: "7777" } });
    expect(two.forProjectPath(PROJECT_ID, PUBLIC_KEY, other)).toMatchObject({ ok: false, reason: "dsn_not_allowed", message: "the envelope header's DSN does not match the request" });
    expect(two.forProjectPath("7777", PUBLIC_KEY, other)).toMatchObject({ ok: false, reason: "dsn_not_allowed" });
  });

  it("sends to the configured upstream origin when one is set, while a header DSN must still name the allowed DSN's host", () => {
    const local = new DsnAllowList([{ dsn: DSN }], "http://127.0.0.1:4100");
    const target = { origin: "http://127.0.0.1:4100", name: PROJECT_ID };
    expect(local.forTunnel(DSN)).toMatchObject({ ok: true, target });
    expect(local.forProjectPath(PROJECT_ID, PUBLIC_KEY, DSN)).toMatchObject({ ok: true, target });
    expect(local.forProjectPath(PROJECT_ID, PUBLIC_KEY, undefined)).toMatchObject({ ok: true, target });
    const namingTheOrigin = `http://${PUBLIC_KEY}@127.0.0.1:4100/${PROJECT_ID}`;
    expect(local.forTunnel(namingTheOrigin)).toMatchObject({ ok: false, reason: "dsn_not_allowed" });
    expect(local.forProjectPath(PROJECT_ID, PUBLIC_KEY, namingTheOrigin)).toMatchObject({ ok: false, reason: "dsn_not_allowed" });
  });
});
