import { gzipSync } from "node:zlib";
import {
  createAttachmentEnvelopeItem,
  createEnvelope,
  createEventEnvelope,
  dsnFromString,
  serializeEnvelope,
  type Envelope,
  type EnvelopeItem,
  type Event,
} from "@sentry/core";

// Envelopes as the SDKs make them, built with @sentry/core's own functions: what the demo
// app sends through the relay, and what the relay's tests and benchmark send.

export const PUBLIC_KEY = "0123456789abcdef0123456789abcdef";
export const PROJECT_ID = "4505";
export const DSN = `https://${PUBLIC_KEY}@o1.ingest.sentry.io/${PROJECT_ID}`;

/** A browser error event with nothing personal in it. */
export function browserErrorEvent(overrides: Partial<Event> = {}): Event {
  return {
    event_id: "9f2c3b1a6d5e4f708192a3b4c5d6e7f8",
    timestamp: 1_763_800_000.123,
    platform: "javascript",
    level: "error",
    environment: "production",
    release: "shop-frontend@4.2.0",
    exception: {
      values: [
        {
          type: "TypeError",
          value: "Cannot read properties of undefined (reading 'total')",
          mechanism: { type: "onerror", handled: false },
          stacktrace: {
            frames: [
              { filename: "https://shop.example.com/assets/app-3f2a.js", function: "renderCart", lineno: 120, colno: 17, in_app: true },
              { filename: "https://shop.example.com/assets/vendor-9c1d.js", function: "commitRoot", lineno: 8812, colno: 5, in_app: false },
            ],
          },
        },
      ],
    },
    request: {
      url: "https://shop.example.com/cart",
      headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36" },
    },
    contexts: { browser: { name: "Chrome", version: "120.0.0.0" } },
    tags: { page: "cart" },
    sdk: { name: "sentry.javascript.browser", version: "11.12.0" },
    ...overrides,
  };
}

/** The envelope the browser SDK posts to its `tunnel`: the DSN travels in the header. */
export function tunnelEnvelope(event: Event, dsn = DSN, extraItems: EnvelopeItem[] = []): Envelope {
  const components = dsnFromString(dsn)!;
  const envelope = createEventEnvelope(event, components, { sdk: { name: "sentry.javascript.browser", version: "11.12.0" } }, "/tunnel");
  return createEnvelope<Envelope>(envelope[0], [...envelope[1], ...extraItems] as Envelope[1]);
}

/** An attachment and a replay (its event and its gzip-compressed recording), as the SDK sends them. */
export function attachmentAndReplayItems(): EnvelopeItem[] {
  const attachment = createAttachmentEnvelopeItem({ filename: "cart.json", data: '{"items":3}', contentType: "application/json" });
  const recording = gzipSync(JSON.stringify([{ type: 4, data: { href: "https://shop.example.com/cart" }, timestamp: 1_763_800_000_000 }]));
  const replayRecordingHeader = new TextEncoder().encode(`${JSON.stringify({ segment_id: 0 })}\n`);
  const payload = new Uint8Array(replayRecordingHeader.length + recording.length);
  payload.set(replayRecordingHeader);
  payload.set(recording, replayRecordingHeader.length);
  return [
    attachment,
    [{ type: "replay_event" }, { type: "replay_event", replay_id: "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6", segment_id: 0, urls: ["https://shop.example.com/cart"] }],
    [{ type: "replay_recording", length: payload.length }, payload],
  ] as unknown as EnvelopeItem[];
}

export function bytesOf(envelope: Envelope): Buffer {
  const serialized = serializeEnvelope(envelope);
  return typeof serialized === "string" ? Buffer.from(serialized) : Buffer.from(serialized);
}
