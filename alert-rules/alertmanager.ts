import type { Secret, VigilConfig } from "../infra/config";
import type { Placement } from "../synth/placement";
import type { Timing } from "../synth/timing";
import { scaled } from "../synth/timing";

// Alertmanager's routing tree, built from config. Receivers that are not configured are
// left out; secrets are read by Alertmanager from files (`*_file`), so the config file
// itself never holds one and synth emits each secret file with a placeholder.

export interface SecretFile {
  /** Path under the alertmanager artifact tree, e.g. secrets/pagerduty-routing-key. */
  artifactPath: string;
  secret: Secret;
}

export interface AlertmanagerPlan {
  config: Record<string, unknown>;
  secretFiles: SecretFile[];
}

const PAGE_RECEIVER = "page";
const HEARTBEAT_RECEIVER = "heartbeat";
const BLACKHOLE_RECEIVER = "blackhole";

export function alertmanagerPlan(config: VigilConfig, placement: Placement, timing: Timing): AlertmanagerPlan {
  const { alerting } = config;
  const secretFiles: SecretFile[] = [];
  const secretFile = (name: string, secret: Secret): string => {
    const artifactPath = `secrets/${name}`;
    secretFiles.push({ artifactPath, secret });
    return `${placement.mounts.alertmanager}/${artifactPath}`;
  };

  const page: Record<string, unknown> = { name: PAGE_RECEIVER };
  if (alerting.pagerduty) {
    page.pagerduty_configs = [
      {
        routing_key_file: secretFile("pagerduty-routing-key", alerting.pagerduty.routingKey),
        ...(alerting.pagerduty.url ? { url: alerting.pagerduty.url } : {}),
        severity: '{{ if eq .CommonLabels.severity "critical" }}critical{{ else }}warning{{ end }}',
        send_resolved: true,
      },
    ];
  }
  if (alerting.slack) {
    page.slack_configs = [
      {
        api_url_file: secretFile("slack-webhook-url", alerting.slack.webhookUrl),
        channel: alerting.slack.channel,
        send_resolved: true,
        title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}",
        text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.description }}\n{{ end }}",
      },
    ];
  }
  if (alerting.email) {
    page.email_configs = [
      {
        to: alerting.email.to,
        from: alerting.email.from,
        smarthost: alerting.email.smarthost,
        auth_username: alerting.email.username,
        auth_password_file: secretFile("smtp-password", alerting.email.password),
        send_resolved: true,
      },
    ];
  }

  const receivers: Record<string, unknown>[] = [page, { name: BLACKHOLE_RECEIVER }];
  if (alerting.heartbeat) {
    receivers.push({
      name: HEARTBEAT_RECEIVER,
      webhook_configs: [{ url: alerting.heartbeat.url, send_resolved: false }],
    });
  }

  const document = {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: PAGE_RECEIVER,
      group_by: ["alertname", "job", "instance"],
      group_wait: scaled(timing, 30),
      group_interval: scaled(timing, 5 * 60),
      repeat_interval: scaled(timing, 4 * 60 * 60),
      routes: [
        {
          // Watchdog fires forever: it must reach the dead man's switch and nobody else.
          receiver: alerting.heartbeat ? HEARTBEAT_RECEIVER : BLACKHOLE_RECEIVER,
          matchers: ['alertname="Watchdog"'],
          group_wait: "0s",
          group_interval: scaled(timing, 60),
          repeat_interval: scaled(timing, 60),
        },
      ],
    },
    receivers,
  };
  return { config: document, secretFiles };
}
