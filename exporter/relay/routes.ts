import type { FastifyPluginAsync } from "fastify";
import { preflightHeaders } from "./cors";
import type { RelayRequest, SentryRelay } from "./relay";

/** Sentry's own envelope endpoint, where SDKs without a tunnel post. */
const PROJECT_PATH = "/api/:projectId/envelope/";

export interface RelayRoutesOptions {
  relay: SentryRelay;
}

/** The Sentry relay's routes on the ingest listener: the tunnel and Sentry's project path, each with its CORS preflight. */
export const relayRoutes: FastifyPluginAsync<RelayRoutesOptions> = async (app, { relay }) => {
  // Encapsulated (a plugin): the raw-body parser and the error handler apply to the relay's
  // routes only, so POST /events keeps the listener's JSON parser and 1 MiB limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (request, payload, done) => {
    relay.receiveBody(request, payload).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    );
  });
  app.setErrorHandler((error: Error, _request, reply) => relay.refuseUnreadable(error, reply));
  app.addHook("onRequest", async (request, reply) => relay.admit(request, reply));

  for (const path of [relay.tunnelPath, PROJECT_PATH]) {
    app.options(path, async (request, reply) => reply.code(204).headers(preflightHeaders(request.headers["access-control-request-headers"])).send());
  }
  app.post<RelayRequest>(relay.tunnelPath, async (request, reply) => relay.forwardTunnel(request, reply));
  app.post<RelayRequest>(PROJECT_PATH, async (request, reply) => relay.forwardToProject(request, reply));
};
