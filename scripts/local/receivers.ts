import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { z } from "zod";

// Stand-ins for PagerDuty, Slack, an SMTP server and the heartbeat service on the local
// stack. Each speaks the real service's protocol closely enough that Alertmanager's own
// integrations (pagerduty_configs, slack_configs, email_configs, webhook_configs) talk to
// them unchanged: the Events API v2 validates what PagerDuty validates, the SMTP sink
// requires the configured login. Everything that arrives is recorded, so the fault suite
// can assert who was paged, and printed, so an operator sees what would have woken somebody.

export type Channel = "pagerduty" | "slack" | "email" | "heartbeat";

export interface Received {
  channel: Channel;
  /** When it arrived (ms since the epoch). */
  at: number;
  body: unknown;
}

/** PagerDuty Events API v2: what Alertmanager sends to /v2/enqueue. */
const pagerDutyEventSchema = z.object({
  routing_key: z.string().min(1),
  event_action: z.enum(["trigger", "acknowledge", "resolve"]),
  dedup_key: z.string().min(1).max(255),
  payload: z
    .object({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(["critical", "error", "warning", "info"]),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
});
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>;

export interface SlackMessage {
  channel?: string;
  attachments?: Array<{ title?: string; text?: string; color?: string }>;
}

export interface EmailMessage {
  from: string;
  to: string[];
  /** The raw message as received (headers and body). */
  data: string;
}

export interface ReceiverSettings {
  /** The routing key PagerDuty would accept; any other is refused like PagerDuty does (400). */
  pagerdutyRoutingKey: string;
  /** The SMTP login Alertmanager must present. */
  smtpUsername: string;
  smtpPassword: string;
  /** Called for each recorded notification (the launcher prints it). */
  onReceived?: (received: Received) => void;
}

/** The Slack attachment's title or the email's subject; PagerDuty and heartbeats have none. */
function notificationTitle(received: Received): string | undefined {
  if (received.channel === "slack") return (received.body as SlackMessage).attachments?.[0]?.title;
  if (received.channel === "email") return /^Subject: (.*)$/m.exec((received.body as EmailMessage).data)?.[1];
  return undefined;
}

/** One readable line per notification. */
export function describeReceived(received: Received): string {
  switch (received.channel) {
    case "pagerduty": {
      const event = received.body as PagerDutyEvent;
      return `[pagerduty] ${event.event_action} ${event.payload?.severity ?? ""}: ${event.payload?.summary ?? event.dedup_key}`;
    }
    case "slack":
      return `[slack ${(received.body as SlackMessage).channel ?? ""}] ${notificationTitle(received) ?? ""}`;
    case "email":
      return `[email ${(received.body as EmailMessage).to.join(", ")}] ${notificationTitle(received) ?? ""}`;
    case "heartbeat":
      return "[heartbeat] ping";
  }
}

export class LocalReceivers {
  private readonly log: Received[] = [];
  private slackFailure: number | undefined;
  private readonly http: FastifyInstance;
  private readonly smtp: SMTPServer;
  httpUrl = "";
  smtpPort = 0;

  constructor(private readonly settings: ReceiverSettings) {
    this.http = this.buildHttp();
    this.smtp = this.buildSmtp();
  }

  /** Everything recorded, oldest first; optionally one channel only. */
  received(channel?: Channel): Received[] {
    return channel ? this.log.filter((entry) => entry.channel === channel) : [...this.log];
  }

  /** Forgets what was recorded (between fault scenarios). */
  clear(): void {
    this.log.length = 0;
  }

  /** Makes the Slack webhook answer with this status (500: Slack is down), or normally again. */
  failSlackWith(status: number | undefined): void {
    this.slackFailure = status;
  }

  async listen(httpPort: number, smtpPort: number): Promise<void> {
    await this.http.listen({ host: "127.0.0.1", port: httpPort });
    this.httpUrl = `http://127.0.0.1:${(this.http.server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve, reject) => {
      this.smtp.once("error", reject);
      this.smtp.listen(smtpPort, "127.0.0.1", () => resolve());
    });
    this.smtpPort = (this.smtp.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await this.http.close();
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }

  private record(channel: Channel, body: unknown): void {
    const entry = { channel, at: Date.now(), body };
    this.log.push(entry);
    // Bounded, for a local stack left running for days.
    if (this.log.length > 5_000) this.log.shift();
    this.settings.onReceived?.(entry);
  }

  private buildHttp(): FastifyInstance {
    const app = Fastify({ logger: false, forceCloseConnections: true });

    app.post("/v2/enqueue", async (request, reply) => {
      const parsed = pagerDutyEventSchema.safeParse(request.body);
      if (!parsed.success) {
        return reply.code(400).send({ status: "invalid event", message: "Event object is invalid", errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
      }
      if (parsed.data.routing_key !== this.settings.pagerdutyRoutingKey) {
        return reply.code(400).send({ status: "invalid event", message: "Event object is invalid", errors: ["Invalid routing key"] });
      }
      if (parsed.data.event_action === "trigger" && !parsed.data.payload) {
        return reply.code(400).send({ status: "invalid event", message: "Event object is invalid", errors: ["'payload' is missing"] });
      }
      this.record("pagerduty", parsed.data);
      return reply.code(202).send({ status: "success", message: "Event processed", dedup_key: parsed.data.dedup_key });
    });

    // Slack's incoming webhooks live under /services/T…/B…/<secret>; Alertmanager posts JSON.
    app.post("/services/*", async (request, reply) => {
      if (this.slackFailure !== undefined) {
        this.record("slack", { failedWith: this.slackFailure, attempted: request.body });
        return reply.code(this.slackFailure).type("text/plain").send("internal_error");
      }
      this.record("slack", request.body);
      return reply.type("text/plain").send("ok");
    });

    app.post("/heartbeat", async (request, reply) => {
      this.record("heartbeat", request.body);
      return reply.type("text/plain").send("OK");
    });

    app.get("/received", async () => this.log);
    app.get("/health", async () => ({ status: "ok" }));
    return app;
  }

  private buildSmtp(): SMTPServer {
    // Alertmanager authenticates with PLAIN over loopback (Go's net/smtp sends PLAIN
    // credentials without TLS only to localhost), so this sink offers no STARTTLS.
    return new SMTPServer({
      disabledCommands: ["STARTTLS"],
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.settings.smtpUsername && auth.password === this.settings.smtpPassword) {
          callback(null, { user: auth.username });
        } else {
          callback(new Error("535 Authentication failed"));
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          // A page is a few KiB; keep at most 1 MiB of one message.
          if (size < 1024 * 1024) chunks.push(chunk);
          size += chunk.length;
        });
        stream.on("end", () => {
          const envelope = session.envelope;
          const from = envelope.mailFrom ? envelope.mailFrom.address : "";
          this.record("email", { from, to: envelope.rcptTo.map((rcpt) => rcpt.address), data: Buffer.concat(chunks).toString("utf8") } satisfies EmailMessage);
          callback();
        });
      },
    });
  }
}

export interface NotifiedAlert {
  alertname: string;
  /** firing or resolved. */
  status: "firing" | "resolved";
  severity: string;
}

const TITLE = /^\[(FIRING|RESOLVED)(?::\d+)?\] (?:(\w+) · )?(\w+)/;

/**
 * Which alert a notification is about, read the way a person reads it: PagerDuty's class and
 * event action, the Slack title, the email subject (alert-rules/alertmanager-templates.ts
 * renders them; routes group by alertname, so each notification is about one alert).
 */
export function notifiedAlert(received: Received): NotifiedAlert | undefined {
  if (received.channel === "pagerduty") {
    const event = received.body as PagerDutyEvent;
    const severity = String(event.payload?.custom_details?.severity ?? "");
    const alertname = event.payload?.class ?? "";
    return { alertname, status: event.event_action === "resolve" ? "resolved" : "firing", severity };
  }
  const title = notificationTitle(received);
  const match = title ? TITLE.exec(title) : null;
  if (!match) return undefined;
  return { alertname: match[3] ?? "", status: match[1] === "RESOLVED" ? "resolved" : "firing", severity: match[2] ?? "" };
}
