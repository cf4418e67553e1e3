import { parseEnvelope, type Envelope } from "@sentry/core";

// Parsing is @sentry/core's parseEnvelope; this module adds the checks it leaves out (it
// accepts an item whose length runs past the body, and a header with a key twice), so that
// what the relay forwards is what Sentry would have accepted from the SDK directly.

/** Item types held to Sentry's event size limit. */
export const EVENT_ITEM_TYPES: ReadonlySet<string> = new Set(["event", "transaction"]);

/** Item types the scrubber reads: events, transactions, and replay events (event-shaped, with the user and request). */
export const SCRUBBED_ITEM_TYPES: ReadonlySet<string> = new Set([...EVENT_ITEM_TYPES, "replay_event"]);

/** Item types that carry bytes rather than JSON, for `binaryItems: drop`. */
export const BINARY_ITEM_TYPES: ReadonlySet<string> = new Set(["attachment", "replay_recording", "replay_video", "profile", "profile_chunk"]);

export type ParsedEnvelope =
  | { ok: true; envelope: Envelope }
  | { ok: false; status: 400 | 413; reason: "malformed" | "item_too_large"; message: string };

export interface EnvelopeLimits {
  /** Largest event or transaction item, in bytes. */
  maxEventBytes: number;
}

const NEWLINE = 0x0a;

export function parseRelayedEnvelope(bytes: Uint8Array, limits: EnvelopeLimits): ParsedEnvelope {
  const firstNewline = bytes.indexOf(NEWLINE);
  const headerLine = Buffer.from(bytes.buffer, bytes.byteOffset, firstNewline < 0 ? bytes.length : firstNewline).toString("utf8");
  // JSON.parse keeps the last of two equal keys; Sentry refuses such a header, so the relay does too.
  if (countKey(headerLine, "sent_at") > 1) return malformed("the envelope header has sent_at twice");

  let envelope: Envelope;
  try {
    envelope = parseEnvelope(bytes);
  } catch (error) {
    return malformed(`a header line is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [headers, items] = envelope;
  if (!isPlainObject(headers)) return malformed("the envelope header is not a JSON object");

  const mustMeasureEvents = bytes.length > limits.maxEventBytes;
  for (const [index, [itemHeaders, payload]] of items.entries()) {
    if (!isPlainObject(itemHeaders) || typeof itemHeaders.type !== "string") {
      return malformed(`item ${index}: the header is not an object with a type`);
    }
    const declared = (itemHeaders as { length?: unknown }).length;
    if (declared !== undefined) {
      if (typeof declared !== "number" || !Number.isInteger(declared) || declared < 0) return malformed(`item ${index}: length is not a byte count`);
      if (payload instanceof Uint8Array && payload.length < declared) {
        return malformed(`item ${index}: length ${declared} runs past the end of the body`);
      }
    }
    if (mustMeasureEvents && EVENT_ITEM_TYPES.has(itemHeaders.type) && payloadBytes(payload) > limits.maxEventBytes) {
      return { ok: false, status: 413, reason: "item_too_large", message: `item ${index} (${itemHeaders.type}) exceeds ${limits.maxEventBytes} bytes` };
    }
  }
  return { ok: true, envelope };
}

function malformed(message: string): ParsedEnvelope {
  return { ok: false, status: 400, reason: "malformed", message };
}

function payloadBytes(payload: unknown): number {
  if (payload instanceof Uint8Array) return payload.length;
  return Buffer.byteLength(typeof payload === "string" ? payload : JSON.stringify(payload));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * How often `key` appears as an object key in one line of JSON. A real quote (one not escaped
 * by an odd run of backslashes) before the key and a colon after it only happen for a key.
 */
export function countKey(jsonLine: string, key: string): number {
  const pattern = new RegExp(`(?:^|[^\\\\])(?:\\\\\\\\)*"${key}"\\s*:`, "g");
  return jsonLine.match(pattern)?.length ?? 0;
}
