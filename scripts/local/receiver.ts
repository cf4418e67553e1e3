import Fastify from "fastify";
import type { FastifyInstance } from "fastify";

// Stands in for PagerDuty, Slack and the heartbeat service on the local stack: it
// records what Alertmanager sends and prints each page, so an operator sees exactly what
// would have woken somebody up.

export type Channel = "pagerduty" | "slack" | "heartbeat";

export interface Received {
  channel: Channel;
  at: string;
  body: unknown;
}

interface PagerDutyEvent {
  event_action?: string;
  payload?: { summary?: string; severity?: string };
}
interface SlackMessage {
  channel?: string;
  attachments?: Array<{ title?: string; text?: string }>;
}

/** One readable line per notification. */
export function describe(received: Received): string {
  if (received.channel === "pagerduty") {
    const event = received.body as PagerDutyEvent;
    return `[pagerduty] ${event.event_action ?? "?"} ${event.payload?.severity ?? ""}: ${event.payload?.summary ?? ""}`;
  }
  if (received.channel === "slack") {
    const message = received.body as SlackMessage;
    const first = message.attachments?.[0];
    return `[slack ${message.channel ?? ""}] ${first?.title ?? ""}`;
  }
  return "[heartbeat] ping";
}

export function buildReceiver(onReceived: (received: Received) => void): FastifyInstance {
  const app = Fastify({ logger: false });
  const received: Received[] = [];
  const record = (channel: Channel, body: unknown) => {
    const entry = { channel, at: new Date().toISOString(), body };
    received.push(entry);
    // Keep memory bounded on a long-running local stack.
    if (received.length > 1_000) received.shift();
    onReceived(entry);
  };
  app.post("/pagerduty", async (request, reply) => {
    record("pagerduty", request.body);
    return reply.code(202).send({ status: "success", message: "Event processed" });
  });
  app.post("/slack", async (request) => {
    record("slack", request.body);
    return "ok";
  });
  app.post("/heartbeat", async (request) => {
    record("heartbeat", request.body);
    return "OK";
  });
  app.get("/received", async () => received);
  app.get("/health", async () => ({ status: "ok" }));
  return app;
}
