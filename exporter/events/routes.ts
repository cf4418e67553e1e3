import type { FastifyPluginAsync } from "fastify";
import { requireBearerToken } from "../bearer-token";
import type { EventIngest } from "./ingest";
import type { EventMetrics } from "./metrics";

export interface EventRoutesOptions {
  ingest: EventIngest;
  /** The bearer token the application sends (the file business.ingestTokenFile names). */
  token: string;
  metrics: Pick<EventMetrics, "eventBatchesRejected">;
}

/** POST /events on the ingest listener: the application's business events, checked whole by EventIngest. */
export const eventRoutes: FastifyPluginAsync<EventRoutesOptions> = async (app, { ingest, token, metrics }) => {
  app.post("/events", {
    onRequest: requireBearerToken(token, () => metrics.eventBatchesRejected.inc({ reason: "unauthorized" })),
  }, async (request, reply) => {
    const result = ingest.ingest(request.body);
    if (result.status === 400) {
      metrics.eventBatchesRejected.inc({ reason: "invalid" });
      return reply.code(400).send({ error: result.error });
    }
    return reply.code(202).send({ accepted: result.accepted, folded: result.folded });
  });
};
