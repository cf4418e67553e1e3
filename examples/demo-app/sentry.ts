import { randomUUID } from "node:crypto";
import { dsnFromString } from "@sentry/core";
import * as Sentry from "@sentry/node";
import { browserErrorEvent, bytesOf, tunnelEnvelope } from "./envelopes";
import type { ServerErrorContext } from "./server";

// The demo app reports errors to Sentry through vigil's relay both ways an application does:
// its server SDK (@sentry/node) with a DSN that points at the relay's ingest port, and a
// browser's SDK posting envelopes to the relay's tunnel path. The browser side is played
// here with envelopes built by @sentry/core, as the browser SDK builds them.

export interface DemoSentryOptions {
  /** The server SDK's DSN: the relay's address, with an allowed project's key and id. */
  serverDsn: string;
  /** The browser SDK's DSN (the real Sentry's, as the page embeds it) and its tunnel URL. */
  browserDsn: string;
  tunnelUrl: string;
  /** How often a "browser" reports an error. */
  browserEveryMs?: number;
}

export interface DemoSentry {
  /**
   * Reports a server-side error (an injected 5xx) through the server SDK, tagged with its
   * request's id, so that an error in Sentry leads to that request's log lines.
   */
  captureServerError(error: Error, context: ServerErrorContext): void;
  stop(): Promise<void>;
}

export function startDemoSentry(options: DemoSentryOptions): DemoSentry {
  // As a server application sets up its SDK: errors only, no tracing or instrumentation.
  Sentry.initWithoutDefaultIntegrations({ dsn: options.serverDsn, environment: "demo", tracesSampleRate: 0 });
  let sent = 0;
  const postTunnel = (dsn: string) =>
    fetch(options.tunnelUrl, {
      method: "POST",
      // What the browser SDK's fetch transport sends to a tunnel.
      headers: { "content-type": "text/plain;charset=UTF-8" },
      body: bytesOf(
        tunnelEnvelope(
          browserErrorEvent({
            event_id: randomUUID().replaceAll("-", ""),
            timestamp: Date.now() / 1_000,
            environment: "demo",
            // Personal data the relay must scrub before it leaves: an address and an email.
            user: { ip_address: "203.0.113.9", email: "shopper@example.com" },
          }),
          dsn,
        ),
      ),
      signal: AbortSignal.timeout(2_000),
    }).catch(() => undefined);
  const browserDsn = dsnFromString(options.browserDsn);
  // A DSN the relay does not know (a stale build, a copied snippet): refused, and counted.
  const unknownDsn = browserDsn ? `https://${"f".repeat(32)}@${browserDsn.host}/${browserDsn.projectId}` : options.browserDsn;
  const timer = setInterval(() => {
    sent += 1;
    void postTunnel(sent % 6 === 0 ? unknownDsn : options.browserDsn);
  }, options.browserEveryMs ?? 5_000);
  timer.unref();
  return {
    captureServerError: (error, context) =>
      Sentry.withScope((scope) => {
        scope.setTags({ route: context.route, request_id: context.requestId });
        Sentry.captureException(error);
      }),
    stop: async () => {
      clearInterval(timer);
      await Sentry.flush(2_000);
    },
  };
}
