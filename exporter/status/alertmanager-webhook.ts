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
  /** Identifies the notification group; the status page opens one incident per group. */
  groupKey: z.string().min(1).optional(),
  alerts: z.array(
    z.object({
      status: z.enum(["firing", "resolved"]),
      labels: labelSet,
      annotations: labelSet,
      // Alertmanager writes RFC 3339 with nanoseconds; endsAt is Go's zero time while firing.
      startsAt: z.iso.datetime({ offset: true }),
      endsAt: z.iso.datetime({ offset: true }),
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

/**
 * Bound on alerts held: Alertmanager sends a handful; a flood (a misrouted rule, or a caller
 * that should not be there) must not grow memory without limit. Beyond it new alerts are
 * dropped and counted by the caller; resolutions are always applied.
 */
export const MAX_TRACKED_ALERTS = 10_000;

/** The alerts firing per component, as the last notifications said. */
export class ComponentAlertStore {
  private readonly firing = new Map<string, Map<string, ComponentAlert>>();
  private tracked = 0;
  /** The notification group each firing alert came in (fingerprint → groupKey). */
  private readonly groupOf = new Map<string, string>();

  /**
   * Applies one notification; alerts without a component are not the status page's.
   * Returns how many firing alerts were dropped because the store is full.
   */
  apply(payload: WebhookPayload, groupKey: string): number {
    let dropped = 0;
    // The same rule as the status page's: a notification lists every alert of its group that
    // Alertmanager lets through, so one missing from it is inhibited or silenced now.
    const listed = new Set(payload.alerts.map((alert) => alert.fingerprint));
    for (const [component, alerts] of this.firing) {
      for (const fingerprint of alerts.keys()) {
        if (this.groupOf.get(fingerprint) !== groupKey || listed.has(fingerprint)) continue;
        alerts.delete(fingerprint);
        this.groupOf.delete(fingerprint);
        this.tracked -= 1;
      }
      if (alerts.size === 0) this.firing.delete(component);
    }
    for (const alert of payload.alerts) {
      const component = alert.labels.component;
      if (!component) continue;
      const alerts = this.firing.get(component) ?? new Map<string, ComponentAlert>();
      const known = alerts.has(alert.fingerprint);
      if (alert.status === "firing") {
        if (!known && this.tracked >= MAX_TRACKED_ALERTS) {
          dropped += 1;
          continue;
        }
        if (!known) this.tracked += 1;
        this.groupOf.set(alert.fingerprint, groupKey);
        alerts.set(alert.fingerprint, {
          alertname: alert.labels.alertname ?? "",
          severity: alert.labels.severity ?? "",
          summary: alert.annotations.summary ?? "",
          startsAt: alert.startsAt,
        });
      } else if (known) {
        alerts.delete(alert.fingerprint);
        this.groupOf.delete(alert.fingerprint);
        this.tracked -= 1;
      }
      if (alerts.size > 0) this.firing.set(component, alerts);
      else this.firing.delete(component);
    }
    return dropped;
  }

  /** How many components have firing alerts (a component without any is dropped in apply). */
  get componentCount(): number {
    return this.firing.size;
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
