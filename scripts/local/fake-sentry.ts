import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for Sentry's ingest on 127.0.0.1, for the relay's tests and benchmark: it records
// what arrives, and answers 200, 429 or 500 on demand, or stalls without answering.

export interface ReceivedEnvelope {
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type FakeSentryMode =
  | { kind: "ok" }
  | { kind: "status"; status: number; headers?: Record<string, string> }
  | { kind: "stall" };

export class FakeSentry {
  readonly received: ReceivedEnvelope[] = [];
  mode: FakeSentryMode = { kind: "ok" };
  /** Keep the bodies (tests) or only count them (the benchmark). */
  record = true;
  /** Bodies kept at most (the local stack runs for days); the oldest go first. */
  maxRecorded = Number.POSITIVE_INFINITY;
  count = 0;
  private readonly stalled = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  /** Listens on 127.0.0.1, on `port` or (0) any free one. */
  static async start(port = 0): Promise<FakeSentry> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    const fake = new FakeSentry(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on("request", (request, response) => fake.answer(request, response));
    return fake;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      this.count += 1;
      if (this.record) this.received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
      if (this.received.length > this.maxRecorded) this.received.shift();
      const mode = this.mode;
      if (mode.kind === "stall") {
        this.stalled.add(response);
        return;
      }
      if (mode.kind === "status") {
        response.writeHead(mode.status, { "content-type": "application/json", ...mode.headers }).end('{"detail":"fake"}');
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end('{"id":"fake"}');
    });
  }

  /** Answers every stalled request, so the server can close. */
  release(): void {
    for (const response of this.stalled) response.destroy();
    this.stalled.clear();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
