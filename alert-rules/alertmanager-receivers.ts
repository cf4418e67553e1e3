import type { ArtifactFiles } from "../core/artifact-files";
import type { VigilConfig } from "../core/config";
import { STATUS_WEBHOOK_PATH } from "../core/exporter/contract";
import type { Placement } from "../core/placement";
import { address } from "../core/placement";
import { callTemplate, TEMPLATE } from "./alertmanager-templates";

// One receiver per destination, each holding one integration, so a route names exactly
// where an alert goes and `amtool config routes test` shows it. A destination that config
// does not set is not rendered at all: no receiver with an empty URL or key. Secrets reach
// Alertmanager only as files (`*_file`); synth writes each with a placeholder.

export const RECEIVER = {
  pagerduty: "pagerduty",
  slack: "slack",
  email: "email",
  /** The dead man's switch: Watchdog alone goes here. */
  heartbeat: "heartbeat",
  /** The vigil exporter's status-page webhook: every alert with a `component` label. */
  statusPage: "status-page",
  /** Goes nowhere: Watchdog without a heartbeat, info alerts nobody is set up to read. */
  blackhole: "blackhole",
} as const;

export type ReceiverName = (typeof RECEIVER)[keyof typeof RECEIVER];

/** The receivers that reach a person, as opposed to a machine. */
export type PersonReceiver = typeof RECEIVER.pagerduty | typeof RECEIVER.slack | typeof RECEIVER.email;

export interface Receiver {
  name: ReceiverName;
  pagerduty_configs?: Record<string, unknown>[];
  slack_configs?: Record<string, unknown>[];
  email_configs?: Record<string, unknown>[];
  webhook_configs?: Record<string, unknown>[];
}

/** The status-page webhook on the vigil exporter, as Alertmanager reaches it. */
export function statusWebhookUrl(placement: Placement): string {
  return `http://${address(placement.endpoints.vigilExporter)}${STATUS_WEBHOOK_PATH}`;
}

/** Every receiver the config sets up, people first, then machines, then the blackhole. */
export function buildReceivers(config: VigilConfig, placement: Placement, files: ArtifactFiles): Receiver[] {
  const { alerting } = config;
  const receivers: Receiver[] = [];

  if (alerting.pagerduty) {
    receivers.push({
      name: RECEIVER.pagerduty,
      pagerduty_configs: [
        {
          routing_key_file: files.secretFile("pagerduty-routing-key", alerting.pagerduty.routingKey),
          ...(alerting.pagerduty.url ? { url: alerting.pagerduty.url } : {}),
          send_resolved: true,
          severity: callTemplate(TEMPLATE.pagerdutySeverity),
          description: callTemplate(TEMPLATE.pagerdutySummary),
          class: "{{ .CommonLabels.alertname }}",
          component: "{{ .CommonLabels.component }}",
          group: "{{ .CommonLabels.job }}",
          // Alertmanager drops a link whose href renders empty (an alert with no dashboard).
          links: [
            { href: "{{ .CommonAnnotations.runbook_url }}", text: "Runbook" },
            { href: "{{ .CommonAnnotations.dashboard_url }}", text: "Dashboard" },
            { href: callTemplate(TEMPLATE.groupLogsUrl), text: "Logs" },
          ],
          // Added to Alertmanager's own (firing, resolved, num_firing, num_resolved).
          details: {
            severity: "{{ .CommonLabels.severity }}",
            summary: callTemplate(TEMPLATE.summaries),
            description: callTemplate(TEMPLATE.descriptions),
            runbook: "{{ .CommonAnnotations.runbook_url }}",
            dashboard: "{{ .CommonAnnotations.dashboard_url }}",
            logs: callTemplate(TEMPLATE.groupLogsUrl),
          },
        },
      ],
    });
  }

  if (alerting.slack) {
    receivers.push({
      name: RECEIVER.slack,
      slack_configs: [
        {
          api_url_file: files.secretFile("slack-webhook-url", alerting.slack.webhookUrl),
          channel: alerting.slack.channel,
          send_resolved: true,
          color: callTemplate(TEMPLATE.slackColor),
          title: callTemplate(TEMPLATE.title),
          fallback: callTemplate(TEMPLATE.title),
          text: callTemplate(TEMPLATE.slackText),
        },
      ],
    });
  }

  if (alerting.email) {
    receivers.push({
      name: RECEIVER.email,
      email_configs: [
        {
          to: alerting.email.to,
          from: alerting.email.from,
          smarthost: alerting.email.smarthost,
          auth_username: alerting.email.username,
          auth_password_file: files.secretFile("smtp-password", alerting.email.password),
          ...(alerting.email.requireTls ? {} : { require_tls: false }),
          send_resolved: true,
          headers: { Subject: callTemplate(TEMPLATE.title) },
          html: callTemplate(TEMPLATE.emailHtml),
          text: callTemplate(TEMPLATE.emailText),
        },
      ],
    });
  }

  if (alerting.heartbeat) {
    // A ping, not a message: "resolved" would mean nothing to a dead man's switch.
    receivers.push({
      name: RECEIVER.heartbeat,
      webhook_configs: [{ url_file: files.secretFile("heartbeat-url", alerting.heartbeat.url), send_resolved: false }],
    });
  }

  // The status page must learn when a component recovers, so resolved alerts go too. The
  // exporter requires its bearer token whenever the status page is configured.
  const statusAuth = config.statusPage
    ? { http_config: { authorization: { type: "Bearer", credentials_file: files.secretFile("status-webhook-token", config.statusPage.webhookToken) } } }
    : {};
  receivers.push({ name: RECEIVER.statusPage, webhook_configs: [{ url: statusWebhookUrl(placement), send_resolved: true, ...statusAuth }] });
  receivers.push({ name: RECEIVER.blackhole });
  return receivers;
}
