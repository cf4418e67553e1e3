import { serializeEnvelope, type Envelope, type EnvelopeItem } from "@sentry/core";
import type { Identified, ProjectTarget } from "./allow-list";
import { BINARY_ITEM_TYPES, isPlainObject, parseRelayedEnvelope, SCRUBBED_ITEM_TYPES } from "./envelope";
import type { RejectReason } from "./outcomes";
import type { ScrubCounts, Scrubber } from "./scrub";

// The relay's decision for one envelope, without I/O: parse it, check whose it is, scrub its
// events, and say which bytes go to Sentry. The route around it only reads and sends.

export interface PrepareInput {
  /** The envelope after content decoding. */
  decoded: Buffer;
  /** The body as it arrived, sent on untouched when nothing in it changes. */
  original: Buffer;
  contentEncoding: string | undefined;
  /** Which allowed project the envelope belongs to, given its header's `dsn`. */
  identify(headerDsn: unknown): Identified;
}

export interface PrepareOptions {
  scrubber: Scrubber;
  maxEventBytes: number;
  binaryItems: "forward" | "drop";
}

export interface EventSummary {
  level: unknown;
  environment: unknown;
  release: unknown;
}

export type Prepared =
  | {
      ok: true;
      target: ProjectTarget;
      body: Buffer;
      /** Content-Encoding of `body`: the original's when it is sent untouched. */
      contentEncoding: string | undefined;
      changed: boolean;
      itemTypes: string[];
      /** Error and message events (not transactions): what the events metric counts. */
      events: EventSummary[];
      scrubbed: ScrubCounts;
    }
  | { ok: false; status: number; reason: RejectReason; message: string };

export function prepareEnvelope(input: PrepareInput, options: PrepareOptions): Prepared {
  const parsed = parseRelayedEnvelope(input.decoded, { maxEventBytes: options.maxEventBytes });
  if (!parsed.ok) return parsed;
  const [headers, items] = parsed.envelope;

  // SECURITY: whose envelope it is is decided before anything in it is read further.
  const identity = input.identify((headers as { dsn?: unknown }).dsn);
  if (!identity.ok) return { ok: false, status: identity.reason === "no_dsn" ? 400 : 403, reason: identity.reason, message: identity.message };

  let changed = false;
  const scrubbed: ScrubCounts = {};
  const events: EventSummary[] = [];
  const kept: EnvelopeItem[] = [];
  for (const item of items) {
    const [itemHeaders, payload] = item;
    const type = itemHeaders.type as string;
    if (options.binaryItems === "drop" && BINARY_ITEM_TYPES.has(type)) {
      changed = true;
      continue;
    }
    if (!SCRUBBED_ITEM_TYPES.has(type)) {
      kept.push(item);
      continue;
    }
    const event = eventPayload(payload);
    if (!event) return { ok: false, status: 400, reason: "malformed", message: `a ${type} item is not a JSON object` };
    const result = options.scrubber.scrub(event);
    for (const [rule, count] of Object.entries(result.counts)) scrubbed[rule as keyof ScrubCounts] = (scrubbed[rule as keyof ScrubCounts] ?? 0) + count;
    if (type === "event") events.push({ level: event.level, environment: event.environment, release: event.release });
    if (!result.changed) {
      kept.push(item);
      continue;
    }
    changed = true;
    const json = JSON.stringify(event);
    // An SDK that stated the item's length (the Python SDK does) must see the new one, or Sentry misreads every item after it.
    const newHeaders = "length" in itemHeaders ? { ...itemHeaders, length: Buffer.byteLength(json) } : itemHeaders;
    kept.push([newHeaders, json] as unknown as EnvelopeItem);
  }

  const itemTypes = kept.map(([itemHeaders]) => itemHeaders.type as string);
  if (!changed) {
    return { ok: true, target: identity.target, body: input.original, contentEncoding: input.contentEncoding, changed, itemTypes, events, scrubbed };
  }
  const serialized = serializeEnvelope([headers, kept] as Envelope);
  const body = typeof serialized === "string" ? Buffer.from(serialized) : Buffer.from(serialized.buffer, serialized.byteOffset, serialized.length);
  return { ok: true, target: identity.target, body, contentEncoding: undefined, changed, itemTypes, events, scrubbed };
}

function eventPayload(payload: unknown): Record<string, unknown> | undefined {
  if (isPlainObject(payload)) return payload;
  if (!(payload instanceof Uint8Array)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString("utf8"));
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
