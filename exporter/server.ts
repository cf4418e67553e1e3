import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { ExporterConfig } from "../core/exporter/config";
import type { BusinessRuntime } from "./business/runtime";
import { eventRoutes } from "./events/routes";
import { CONTENT_TYPES, joinExposition, negotiateFormat, renderRegistry } from "./exposition";
import { createLogger, type LogDestination } from "./log";
import { createMetrics, recordHttpResponse, type ExporterMetrics } from "./metrics";
import { Readiness } from "./readiness";
import type { SentryRelay } from "./relay/relay";
import { relayRoutes } from "./relay/routes";
import { ComponentAlertStore } from "./status/alertmanager-webhook";
import { statusRoutes } from "./status/routes";
import type { StatusService } from "./status/service";

export const REQUEST_ID_HEADER = "x-request-id";

// SECURITY: the id is copied into every log line and echoed in a response header, so a caller
// must not be able to smuggle control characters, separators or megabytes into either.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Each feature brings its routes as a fastify plugin (events/, status/ and relay/routes.ts) that
// the listener registers with the feature's parts as options; the listener itself serves only
// what every exporter has (/health, and /metrics and /ready on the internal one).

export interface ServerDeps {
  /** The Sentry relay, whose routes go on the ingest listener; main builds it from config.relay. */
  relay?: SentryRelay;
  /** Defaults to a fresh registry for config.service. */
  metrics?: ExporterMetrics;
  /** Defaults to a registry with no checks; main passes its own so SIGTERM can mark it draining. */
  readiness?: Readiness;
  /** The process's logger; main makes one for both listeners. Defaults to one made from config. */
  logger?: FastifyBaseLogger;
  /** Where the default logger writes its JSON lines; defaults to stdout. Tests pass a collector. */
  logStream?: LogDestination;
  /** Business metrics and events; main builds it from config.business. */
  business?: BusinessRuntime;
  /** What Alertmanager says fires per status-page component; defaults to a fresh store. */
  componentAlerts?: ComponentAlertStore;
  /** The status page (model, admin API, publisher); main builds it from config.status. */
  status?: StatusService;
}

/** The caller's id when it is a sane token, otherwise a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const supplied = request.headers[REQUEST_ID_HEADER];
  return typeof supplied === "string" && SANE_REQUEST_ID.test(supplied) ? supplied : randomUUID();
}

/**
 * A fastify instance with what both listeners share: request ids, JSON logs, the
 * `connection: close` while draining, the HTTP metrics, and /health.
 */
function baseServer(
  config: ExporterConfig,
  metrics: ExporterMetrics,
  readiness: Readiness,
  deps: ServerDeps,
  trustedProxies: string[] = [],
): FastifyInstance {
  const app = fastify({
    // request.ip is then the client a listed proxy names in X-Forwarded-For (never anyone else's word).
    ...(trustedProxies.length > 0 ? { trustProxy: trustedProxies } : {}),
    loggerInstance: deps.logger ?? createLogger(config, deps.logStream),
    // Fastify would trust the header verbatim; reading it in genReqId lets requestIdFor vet it.
    requestIdHeader: false,
    genReqId: requestIdFor,
    logController: new LogController({ requestIdLogLabel: "requestId" }),
    // 1 MiB (fastify's default, stated): a full batch of events or an Alertmanager
    // notification of a few hundred alerts fits; anything larger is refused with 413.
    bodyLimit: 1024 * 1024,
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

  // Liveness only says the event loop answers; dependencies belong to /ready, so a database
  // outage makes the exporter unready rather than restarted.
  app.get("/health", async () => ({ status: "ok" }));
  return app;
}

/**
 * The internal listener: /metrics, /ready, Alertmanager's status webhook and the admin API.
 * SECURITY: only the docker network and the SSH tunnel reach it; nothing here is meant for
 * the application's hosts, which get the ingest listener instead.
 */
export function buildInternalServer(config: ExporterConfig, deps: ServerDeps = {}): FastifyInstance {
  const metrics = deps.metrics ?? createMetrics(config.service);
  const readiness = deps.readiness ?? new Readiness();
  const app = baseServer(config, metrics, readiness, deps);

  // Business series come from the collector's cache: a scrape never waits on a database.
  app.get("/metrics", async (request, reply) => {
    const format = negotiateFormat(request.headers.accept);
    const own = await renderRegistry(metrics.registry, format);
    reply.type(CONTENT_TYPES[format]);
    const business = await deps.business?.collector.expositionBody(format);
    return joinExposition(format, own, business);
  });

  app.get("/ready", async (_request, reply) => {
    const report = await readiness.evaluate();
    reply.code(report.ready ? 200 : 503);
    return report;
  });

  void app.register(statusRoutes, {
    metrics,
    componentAlerts: deps.componentAlerts ?? new ComponentAlertStore(),
    ...(deps.status ? { status: deps.status } : {}),
  });
  return app;
}

/**
 * The ingest listener: what the application sends (business events, Sentry envelopes). On
 * the droplet it is published on the private VPC address, so it serves nothing internal.
 */
export function buildIngestServer(config: ExporterConfig, deps: ServerDeps = {}): FastifyInstance {
  const metrics = deps.metrics ?? createMetrics(config.service);
  const readiness = deps.readiness ?? new Readiness();
  const app = baseServer(config, metrics, readiness, deps, config.relay?.trustedProxies);

  const events = deps.business?.events;
  if (events) void app.register(eventRoutes, { ...events, metrics });
  if (deps.relay) void app.register(relayRoutes, { relay: deps.relay });
  return app;
}
