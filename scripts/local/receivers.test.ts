import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalReceivers, notifiedAlert } from "./receivers";

// The stand-ins must refuse what the real services refuse, or the fault suite would pass
// against a receiver Alertmanager's real integration could never satisfy.

const receivers = new LocalReceivers({ pagerdutyRoutingKey: "key-0123", smtpUsername: "vigil", smtpPassword: "s3cret" });
beforeAll(() => receivers.listen(0, 0));
afterAll(() => receivers.close());
beforeEach(() => {
  receivers.clear();
  receivers.failSlackWith(undefined);
});

const trigger = {
  routing_key: "key-0123",
  event_action: "trigger",
  dedup_key: "group-1",
  payload: { summary: "PostgresDown", source: "alertmanager", severity: "critical", class: "PostgresDown", custom_details: { severity: "critical" } },
};
const post = (path: string, body: unknown) =>
  fetch(`${receivers.httpUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the PagerDuty Events API v2 stand-in", () => {
  it("accepts a valid trigger with 202 and the dedup key, and records it", async () => {
    const response = await post("/v2/enqueue", trigger);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "success", message: "Event processed", dedup_key: "group-1" });
    const [received] = receivers.received("pagerduty");
    expect(received && notifiedAlert(received)).toEqual({ alertname: "PostgresDown", status: "firing", severity: "critical" });
  });

  it("refuses a wrong routing key, a bad severity or a trigger without payload with 400, recording nothing", async () => {
    expect((await post("/v2/enqueue", { ...trigger, routing_key: "other" })).status).toBe(400);
    expect((await post("/v2/enqueue", { ...trigger, payload: { ...trigger.payload, severity: "page" } })).status).toBe(400);
    const { payload: _payload, ...withoutPayload } = trigger;
    expect((await post("/v2/enqueue", withoutPayload)).status).toBe(400);
    expect(receivers.received()).toEqual([]);
  });
});

describe("the Slack webhook stand-in", () => {
  const message = { channel: "#alerts", attachments: [{ title: "[RESOLVED] critical · RedisDown · redis" }] };

  it("answers ok and reads the alert from the title", async () => {
    const response = await post("/services/T1/B1/x", message);
    expect(await response.text()).toBe("ok");
    const [received] = receivers.received("slack");
    expect(received && notifiedAlert(received)).toEqual({ alertname: "RedisDown", status: "resolved", severity: "critical" });
  });

  it("answers 500 while told to fail, recording the attempt", async () => {
    receivers.failSlackWith(500);
    expect((await post("/services/T1/B1/x", message)).status).toBe(500);
    expect(receivers.received("slack")[0]?.body).toMatchObject({ failedWith: 500 });
  });
});

/** Speaks SMTP line by line, as Alertmanager's client does, and answers every reply line. */
async function smtpSession(port: number, commands: string[]): Promise<string[]> {
  const socket = connect(port, "127.0.0.1");
  const replies: string[] = [];
  let buffer = "";
  let waiting: (() => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    // A reply ends with a line whose code is followed by a space.
    if (/^\d{3} [^\n]*\r\n$/m.test(buffer.split("\r\n").slice(-2).join("\r\n"))) {
      replies.push(buffer.trim());
      buffer = "";
      waiting?.();
    }
  });
  const next = () => new Promise<void>((resolve) => (waiting = resolve));
  await next();
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    await next();
  }
  socket.end();
  return replies;
}

describe("the SMTP sink", () => {
  const plain = (user: string, password: string) => Buffer.from(`\0${user}\0${password}`).toString("base64");

  it("takes a mail after a PLAIN login and reads the alert from the subject", async () => {
    const replies = await smtpSession(receivers.smtpPort, [
      "EHLO alertmanager",
      `AUTH PLAIN ${plain("vigil", "s3cret")}`,
      "MAIL FROM:<vigil@example.com>",
      "RCPT TO:<oncall@example.com>",
      "DATA",
      "Subject: [FIRING:1] info · SignupsDropped\r\n\r\nbody\r\n.",
      "QUIT",
    ]);
    expect(replies[2]).toMatch(/^235/);
    const [mail] = receivers.received("email");
    expect(mail?.body).toMatchObject({ from: "vigil@example.com", to: ["oncall@example.com"] });
    expect(mail && notifiedAlert(mail)).toEqual({ alertname: "SignupsDropped", status: "firing", severity: "info" });
  });

  it("refuses a wrong password and records nothing", async () => {
    const replies = await smtpSession(receivers.smtpPort, ["EHLO alertmanager", `AUTH PLAIN ${plain("vigil", "wrong")}`, "QUIT"]);
    expect(replies[2]).toMatch(/^535/);
    expect(receivers.received("email")).toEqual([]);
  });
});
