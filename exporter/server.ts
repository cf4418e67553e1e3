import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import fastify, { LogController, type FastifyInstance } from "fastify";
import type { ExporterConfig } from "./config";
import { createMetrics, recordHttpResponse, type ExporterMetrics } from "./metrics";
import { Readiness } from "./readiness";

export const REQUEST_ID_HEADER = "x-request-id";

// SECURITY: the id is copied into every log line and echoed in a response header, so a caller
// must not be able to smuggle control characters, separators or megabytes into either.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where pino writes each JSON line (the shape of pino's DestinationStream). */
export interface LogDestination {
  write(line: string): void;
}

export interface ServerDeps {
  /** Defaults to a fresh registry for config.service. */
  metrics?: ExporterMetrics;
  /** Defaults to a registry with no checks; main passes its own so SIGTERM can mark it draining. */
  readiness?: Readiness;
  /** Where JSON log lines go; defaults to stdout. Tests pass a collector. */
  logStream?: LogDestination;
}

/** The caller's id when it is a sane token, otherwise a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const supplied = request.headers[REQUEST_ID_HEADER];
  return typeof supplied === "string" && SANE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
}

export function buildServer(config: ExporterConfig, deps: ServerDeps = {}): FastifyInstance {
  const metrics = deps.metrics ?? createMetrics(config.service);
  const readiness = deps.readiness ?? new Readiness();

  const app = fastify({
    logger: {
      level: config.logLevel,
      base: { service: config.service },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    // Fastify would trust the header verbatim; reading it in genReqId lets requestIdFor vet it.
    requestIdHeader: false,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: "requestId" }),
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  // Fastify marks only requests that arrive after close() with `connection: close`; a response
  // to a request already in flight would otherwise leave its keep-alive socket open, and close()
  // would wait for that idle socket until the grace period forced the exit.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (readiness.isDraining) reply.header("connection", "close");
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    recordHttpResponse(metrics, {
      route: request.routeOptions.url,
      method: request.method,
      statusCode: reply.statusCode,
      durationSeconds: reply.elapsedTime / 1_000,
    });
  });

  app.get("/metrics", async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  // Liveness only says the event loop answers; dependencies belong to /ready, so a database
  // outage makes the exporter unready rather than restarted.
  app.get("/health", async () => ({ status: "ok" }));

  app.get("/ready", async (_request, reply) => {
    const report = await readiness.evaluate();
    reply.code(report.ready ? 200 : 503);
    return report;
  });

  return app;
}
