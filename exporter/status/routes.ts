import type { FastifyInstance } from "fastify";
import { STATUS_WEBHOOK_PATH } from "../contract";
import type { ExporterMetrics } from "../metrics";
import { type ComponentAlertStore, describeIssues, webhookPayloadSchema } from "./alertmanager-webhook";

export interface StatusRouteDeps {
  metrics: ExporterMetrics;
  componentAlerts: ComponentAlertStore;
}

/** The status page's routes on the internal listener: Alertmanager's webhook and what it knows. */
export function registerStatusRoutes(app: FastifyInstance, deps: StatusRouteDeps): void {
  const { metrics, componentAlerts } = deps;
  // Alertmanager reports component alerts here. SECURITY: the internal listener is reachable
  // only on the droplet's docker network (it is not published beyond loopback), so only
  // vigil's own containers and the SSH tunnel can post.
  app.post(STATUS_WEBHOOK_PATH, async (request, reply) => {
    const parsed = webhookPayloadSchema.safeParse(request.body);
    if (!parsed.success) {
      metrics.statusWebhookNotifications.inc({ outcome: "invalid" });
      return reply.code(400).send({ error: describeIssues(parsed.error) });
    }
    const dropped = componentAlerts.apply(parsed.data);
    metrics.statusWebhookNotifications.inc({ outcome: dropped > 0 ? "store_full" : "accepted" });
    return { components: componentAlerts.componentCount };
  });
  app.get("/api/status/components", async () => componentAlerts.snapshot());
}
