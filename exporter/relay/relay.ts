import type { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Registry } from "prom-client";
import type { RelayConfig } from "../../core/exporter/relay-config";
import { DsnAllowList, publicKeyFromRequest, type Identified } from "./allow-list";
import { decodeBody, readBody, RelayRefusal } from "./body";
import { ByteBudget, type Reservation } from "./byte-budget";
import { corsHeaders } from "./cors";
import { RelayMetrics } from "./metrics";
import type { Verdict } from "./outcomes";
import { prepareEnvelope } from "./prepare";
import { ClientBuckets, UpstreamLimits } from "./rate-limits";
import { Scrubber } from "./scrub";
import { UpstreamClient } from "./upstream";

/** The response headers of Sentry's answer that the SDK acts on. */
const PASSED_BACK = ["retry-after", "x-sentry-rate-limits"] as const;

export interface RelayRequest {
  Params: { projectId?: string };
  Querystring: Record<string, string | undefined>;
  Body: Buffer | undefined;
}

/**
 * The Sentry relay: the tunnel the application's SDKs post envelopes to. It checks whose they
 * are, scrubs personal data from events, counts them, and forwards them to Sentry. It holds what
 * lasts across requests (the allow list, the rate buckets, Sentry's limits, the byte budget, the
 * upstream connections); relayRoutes (relay/routes.ts) plugs its steps into the ingest listener.
 */
export class SentryRelay {
  private readonly allowList: DsnAllowList;
  private readonly scrubber: Scrubber;
  private readonly metrics: RelayMetrics;
  private readonly clients: ClientBuckets;
  private readonly upstreamLimits = new UpstreamLimits();
  private readonly upstream: UpstreamClient;
  private readonly budget: ByteBudget;
  private readonly reservations = new WeakMap<FastifyRequest, Reservation>();

  constructor(
    private readonly config: RelayConfig,
    registry: Registry,
    private readonly now: () => number = Date.now,
  ) {
    this.allowList = new DsnAllowList(config.allowedDsns, config.upstreamOrigin);
    this.scrubber = new Scrubber(config.scrub);
    this.metrics = new RelayMetrics(registry);
    this.budget = new ByteBudget(config.limits.maxBufferedBytes);
    this.clients = new ClientBuckets(config.rateLimit.perClientPerSecond, config.rateLimit.burst);
    this.upstream = new UpstreamClient(this.allowList.origins(), config.upstream, (pending) => this.metrics.upstreamInFlight.set(pending));
  }

  /** Path the browser SDKs' `tunnel` option posts to. */
  get tunnelPath(): string {
    return this.config.tunnelPath;
  }

  /** Reads a request's body within the relay's size, time and byte-budget limits (the relay's content-type parser). */
  receiveBody(request: FastifyRequest, payload: Readable): Promise<Buffer> {
    const declared = request.headers["content-length"];
    return readBody(payload, declared === undefined ? undefined : Number(declared), this.config.limits, {
      pool: this.budget,
      reservation: this.reservationOf(request),
    });
  }

  /** Answers a request whose body could not be read (the relay's error handler); rethrows the relay's own failures. */
  refuseUnreadable(error: Error, reply: FastifyReply): FastifyReply {
    const refusal = error instanceof RelayRefusal ? error : undefined;
    const status = refusal?.statusCode ?? (error as { statusCode?: number }).statusCode ?? 500;
    // The relay's own failure is not the client's envelope: the listener's handler logs it and main reports it.
    if (status >= 500 && !refusal) throw error;
    this.metrics.verdict({ outcome: "rejected", reason: refusal?.reason ?? "malformed" });
    // The rest of a refused body is never read: closing is cheaper than draining it.
    if (refusal) reply.header("connection", "close");
    return reply.code(status).send({ error: refusal?.reason ?? "malformed", detail: error.message });
  }

  /**
   * Lets a request in, or answers it, before its body is read (the relay's onRequest hook): the
   * origin against CORS, then the client's rate. Its bytes are released however it ends.
   */
  admit(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    // The response's close comes however the request ends (answered, refused, client gone).
    const reservation = this.reservationOf(request);
    reply.raw.once("close", () => this.budget.release(reservation));
    const origin = request.headers.origin;
    const cors = corsHeaders(origin, this.config.allowedOrigins);
    if (cors === "refused") {
      if (request.method === "POST") this.metrics.verdict({ outcome: "rejected", reason: "origin_not_allowed" });
      return reply.code(403).header("connection", "close").send({ error: "origin_not_allowed" });
    }
    reply.headers(cors);
    if (request.method !== "POST") return undefined;
    // SECURITY: refused before the body is read, so a flood costs a header parse per request.
    const waitSeconds = this.clients.take(request.ip, this.now());
    if (waitSeconds > 0) {
      this.metrics.verdict({ outcome: "rate_limited", reason: "client" });
      return reply.code(429).header("retry-after", String(waitSeconds)).header("connection", "close").send({ error: "rate_limited" });
    }
    return undefined;
  }

  /** An envelope posted to the tunnel path: its header's DSN says whose it is. */
  forwardTunnel(request: FastifyRequest<RelayRequest>, reply: FastifyReply): Promise<FastifyReply> {
    return this.handle(request, reply, (dsn) => this.allowList.forTunnel(dsn));
  }

  /**
   * An envelope posted to Sentry's own path: the project id in the path and the public key from
   * `sentry_key` or X-Sentry-Auth say whose it is; a DSN in its header must be an allowed one, as on the tunnel.
   */
  forwardToProject(request: FastifyRequest<RelayRequest>, reply: FastifyReply): Promise<FastifyReply> {
    const key = publicKeyFromRequest(request.query, request.headers["x-sentry-auth"]);
    return this.handle(request, reply, (dsn) => this.allowList.forProjectPath(request.params.projectId ?? "", key, dsn));
  }

  private async handle(request: FastifyRequest<RelayRequest>, reply: FastifyReply, identify: (dsn: unknown) => Identified): Promise<FastifyReply> {
    const original = request.body ?? Buffer.alloc(0);
    this.metrics.received(original.length);
    const contentEncoding = request.headers["content-encoding"];
    const decoded = await decodeBody(original, contentEncoding, this.config.limits.maxDecompressedBytes);
    if (decoded !== original && !this.budget.reserve(this.reservationOf(request), decoded.length)) {
      return this.refuse(reply, 503, { outcome: "rejected", reason: "relay_busy" }, "the relay holds as many bytes as it may");
    }
    const prepared = prepareEnvelope(
      { decoded, original, contentEncoding, identify },
      { scrubber: this.scrubber, maxEventBytes: this.config.limits.maxEventBytes, binaryItems: this.config.binaryItems },
    );
    if (!prepared.ok) return this.refuse(reply, prepared.status, { outcome: "rejected", reason: prepared.reason }, prepared.message);
    this.metrics.scrubbedFields(prepared.scrubbed);

    const { target } = prepared;
    const limit = this.upstreamLimits.active(target.projectId, prepared.itemTypes, this.now());
    if (limit) {
      reply.header("retry-after", String(limit.retryAfterSeconds)).header("x-sentry-rate-limits", limit.rateLimitsHeader);
      return this.refuse(reply, 429, { outcome: "rate_limited", reason: "upstream_limit_active" }, "Sentry rate-limits this project");
    }
    for (const event of prepared.events) this.metrics.event({ project: target.name, ...event });

    const headers: Record<string, string> = { "content-type": "application/x-sentry-envelope" };
    if (prepared.contentEncoding) headers["content-encoding"] = prepared.contentEncoding;
    // The browser's user agent lets Sentry name the browser; its address is deliberately not passed on.
    const userAgent = request.headers["user-agent"];
    if (userAgent) headers["user-agent"] = userAgent;
    if (request.headers.origin) headers.origin = request.headers.origin;

    const forwarded = await this.upstream.send(target, prepared.body, headers);
    if (!forwarded.ok) {
      if (forwarded.reason !== "queue_full") this.metrics.upstream("error", forwarded.seconds, 0);
      return this.refuse(reply, 503, { outcome: "upstream_error", reason: forwarded.reason }, "Sentry is unavailable");
    }
    const { answer } = forwarded;
    this.metrics.upstream(`${Math.floor(answer.statusCode / 100)}xx`, forwarded.seconds, prepared.body.length);
    // Sentry sends per-category limits on accepted envelopes too (X-Sentry-Rate-Limits on a 200).
    if (answer.statusCode === 429 || answer.rateLimits) this.upstreamLimits.record(target.projectId, answer, this.now());
    for (const name of PASSED_BACK) {
      const value = name === "retry-after" ? answer.retryAfter : answer.rateLimits;
      if (value) reply.header(name, value);
    }
    this.metrics.verdict(verdictFor(answer.statusCode, prepared.changed));
    if (answer.contentType) reply.type(answer.contentType);
    return reply.code(answer.statusCode).send(answer.body);
  }

  private reservationOf(request: FastifyRequest): Reservation {
    let reservation = this.reservations.get(request);
    if (!reservation) {
      reservation = { bytes: 0 };
      this.reservations.set(request, reservation);
    }
    return reservation;
  }

  private refuse(reply: FastifyReply, status: number, verdict: Verdict, detail: string): FastifyReply {
    this.metrics.verdict(verdict);
    return reply.code(status).send({ error: verdict.reason, detail });
  }

  async close(): Promise<void> {
    await this.upstream.close();
  }
}

function verdictFor(statusCode: number, changed: boolean): Verdict {
  if (statusCode === 429) return { outcome: "rate_limited", reason: "upstream_429" };
  if (statusCode >= 500) return { outcome: "upstream_error", reason: "status_5xx" };
  if (statusCode >= 400) return { outcome: "upstream_error", reason: "status_4xx" };
  return { outcome: "forwarded", reason: changed ? "scrubbed" : "unchanged" };
}
