import { z } from "zod";

// Alertmanager posts every alert that carries a `component` label here (the status-page
// route in alert-rules/alertmanager.ts). The store keeps which alerts fire per component:
// the status page (issue 7's publisher) derives each component's status from it.

const labelSet = z.record(z.string(), z.string());

/** Alertmanager's webhook payload, version 4 (the only one 0.25 sends). */
export const webhookPayloadSchema = z.object({
  version: z.literal("4"),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  alerts: z.array(
    z.object({
      status: z.enum(["firing", "resolved"]),
      labels: labelSet,
      annotations: labelSet,
      startsAt: z.string(),
      endsAt: z.string(),
      fingerprint: z.string().min(1),
    }),
  ),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export interface ComponentAlert {
  alertname: string;
  severity: string;
  summary: string;
  startsAt: string;
}

/** The alerts firing per component, as the last notifications said. */
export class ComponentAlertStore {
  private readonly firing = new Map<string, Map<string, ComponentAlert>>();

  /** Applies one notification; alerts without a component are not the status page's. */
  apply(payload: WebhookPayload): void {
    for (const alert of payload.alerts) {
      const component = alert.labels.component;
      if (!component) continue;
      const alerts = this.firing.get(component) ?? new Map<string, ComponentAlert>();
      if (alert.status === "firing") {
        alerts.set(alert.fingerprint, {
          alertname: alert.labels.alertname ?? "",
          severity: alert.labels.severity ?? "",
          summary: alert.annotations.summary ?? "",
          startsAt: alert.startsAt,
        });
      } else {
        alerts.delete(alert.fingerprint);
      }
      if (alerts.size > 0) this.firing.set(component, alerts);
      else this.firing.delete(component);
    }
  }

  /** Components with firing alerts, sorted, each alert list in start order. */
  snapshot(): Record<string, ComponentAlert[]> {
    return Object.fromEntries(
      [...this.firing.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([component, alerts]) => [
          component,
          [...alerts.values()].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0)),
        ]),
    );
  }
}

/** "alerts.0.fingerprint: …" lines, so a bad payload's 400 names the field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}
