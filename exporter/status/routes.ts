import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from "fastify";
import type { z } from "zod";
import { STATUS_WEBHOOK_PATH } from "../../core/exporter/contract";
import { UnknownIncidentError, UnknownMaintenanceError } from "../../status-page/incidents";
import { requireBearerToken } from "../bearer-token";
import { ADMIN_PATHS, incidentUpdateBody, maintenanceBody, openIncidentBody, unknownComponentProblem } from "./admin-api";
import { type ComponentAlertStore, describeIssues, webhookPayloadSchema } from "./alertmanager-webhook";
import type { StatusWebhookMetrics } from "./metrics";
import { SilenceError, type StatusService } from "./service";

export interface StatusRoutesOptions {
  metrics: StatusWebhookMetrics;
  componentAlerts: ComponentAlertStore;
  /** The status page; absent (no `status` config) = the webhook only feeds componentAlerts. */
  status?: StatusService;
}

function parse<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  void reply.code(400).send({ error: describeIssues(parsed.error) });
  return undefined;
}

/** The status page's routes on the internal listener: Alertmanager's webhook and the admin API. */
export const statusRoutes: FastifyPluginAsync<StatusRoutesOptions> = async (app, { metrics, componentAlerts, status }) => {
  // Alertmanager reports component alerts here. SECURITY: the internal listener is reachable
  // only on the droplet's docker network and through the SSH tunnel; with the status page
  // configured, the webhook also requires Alertmanager's bearer token, so another container
  // on that network cannot post a fake outage to the public page.
  app.post(STATUS_WEBHOOK_PATH, {
    ...(status ? { onRequest: requireBearerToken(status.tokens.webhook, () => metrics.statusWebhookNotifications.inc({ outcome: "unauthorized" })) } : {}),
  }, async (request, reply) => {
    const parsed = webhookPayloadSchema.safeParse(request.body);
    if (!parsed.success) {
      metrics.statusWebhookNotifications.inc({ outcome: "invalid" });
      return reply.code(400).send({ error: describeIssues(parsed.error) });
    }
    const payload = parsed.data;
    const groupKey = payload.groupKey ?? fallbackGroupKey(payload.alerts[0]?.labels);
    if (status) {
      const result = await status.applyAlerts({ ...payload, groupKey });
      if (!result.ok) {
        metrics.statusWebhookNotifications.inc({ outcome: "invalid" });
        return reply.code(422).send({ error: `alerts.labels.component: unknown component ${result.unknownComponents.map((id) => JSON.stringify(id)).join(", ")}; add it to statusPage.components` });
      }
    }
    const dropped = componentAlerts.apply(payload, groupKey);
    metrics.statusWebhookNotifications.inc({ outcome: dropped > 0 ? "store_full" : "accepted" });
    return { components: componentAlerts.componentCount };
  });
  app.get("/api/status/components", async () => componentAlerts.snapshot());

  if (status) registerAdminRoutes(app, status);
};

/** Alertmanager always sends groupKey; a hand-made payload without one is grouped by alert and component. */
function fallbackGroupKey(labels: Record<string, string> | undefined): string {
  return `{}:{alertname="${labels?.alertname ?? ""}", component="${labels?.component ?? ""}"}`;
}

function registerAdminRoutes(app: FastifyInstance, status: StatusService): void {
  // SECURITY: changing what the public reads needs the admin token, whoever reaches the listener.
  const onRequest = requireBearerToken(status.tokens.admin);
  const page = status.page;

  app.get(ADMIN_PATHS.state, { onRequest }, async () => status.current);

  app.post(ADMIN_PATHS.incidents, { onRequest }, async (request, reply) => {
    const body = parse(openIncidentBody, request.body, reply);
    if (!body) return reply;
    const problem = unknownComponentProblem(page, "components", Object.keys(body.components));
    if (problem) return reply.code(400).send({ error: problem });
    const incident = await status.openIncident({ name: body.name, body: body.body, status: body.status, components: body.components, ...(body.impact ? { impact: body.impact } : {}) });
    return reply.code(201).send(incident);
  });

  app.post<{ Params: { id: string } }>(ADMIN_PATHS.incidentUpdates, { onRequest }, async (request, reply) => {
    const body = parse(incidentUpdateBody, request.body, reply);
    if (!body) return reply;
    const problem = unknownComponentProblem(page, "components", Object.keys(body.components ?? {}));
    if (problem) return reply.code(400).send({ error: problem });
    try {
      return await status.updateIncident(request.params.id, { status: body.status, body: body.body, ...(body.components ? { components: body.components } : {}) });
    } catch (error) {
      if (error instanceof UnknownIncidentError) return reply.code(404).send({ error: error.message });
      throw error;
    }
  });

  app.post(ADMIN_PATHS.maintenances, { onRequest }, async (request, reply) => {
    const body = parse(maintenanceBody, request.body, reply);
    if (!body) return reply;
    const problem = unknownComponentProblem(page, "componentIds", body.componentIds);
    if (problem) return reply.code(400).send({ error: problem });
    try {
      return reply.code(201).send(await status.scheduleMaintenance(body));
    } catch (error) {
      // 502: the window is saved and shown, but Alertmanager (upstream) did not take the silence.
      if (error instanceof SilenceError) return reply.code(502).send({ error: error.message, maintenance: error.maintenance });
      throw error;
    }
  });

  app.delete<{ Params: { id: string } }>(ADMIN_PATHS.maintenance, { onRequest }, async (request, reply) => {
    try {
      return await status.cancelMaintenance(request.params.id);
    } catch (error) {
      if (error instanceof UnknownMaintenanceError) return reply.code(404).send({ error: error.message });
      throw error;
    }
  });

  app.post(ADMIN_PATHS.publish, { onRequest }, async (_request, reply) => {
    const ok = await status.publish();
    return reply.code(ok ? 200 : 502).send({ published: ok });
  });
}
