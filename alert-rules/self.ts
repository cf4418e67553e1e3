import { JOBS } from "../core/catalog";
import { scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import type { RuleGroup } from "./model";
import { scaledWindow } from "./templates";

// Alerts about the monitoring stack itself: if these are wrong, nothing else can be trusted.
// Metric names are Prometheus 2.42's and Alertmanager 0.25's.

/**
 * Windows and `for:` of the pipeline alerts. They are not operator knobs (config has only
 * targetDownFor): each is chosen so that what heals itself stays quiet.
 */
const SELF = {
  /** A rule that fails once (a query timeout) is noise; one failing for 15m is a bug. */
  ruleFailuresWindow: "5m",
  ruleFailuresFor: "15m",
  /** An Alertmanager restart during `pulumi up` fails a few sends, well under 10m. */
  notificationsWindow: "5m",
  notificationsFor: "10m",
  /** Over 1% of alert batches failing (Prometheus resends every minute, so one loss heals). */
  notificationsErrorRatio: 0.01,
  /**
   * Alertmanager sends rarely through Slack or PagerDuty (once per group and interval), so
   * the window is long enough to hold a few attempts; over 10% failing means more than a
   * stray failure of the heartbeat webhook, which sends every minute.
   */
  sendFailuresWindow: "15m",
  sendFailuresFor: "5m",
  sendFailuresRatio: 0.1,
  /** A reload that reads a half-written file fails, and the next one succeeds. */
  reloadFor: "5m",
} as const;

export function selfRules({ config, timing }: RuleContext): RuleGroup {
  const targetDownFor = scaledDuration(timing, config.alerts.targetDownFor);
  const prometheus = `job="${JOBS.prometheus}"`;
  const alertmanager = `job="${JOBS.alertmanager}"`;
  const ruleFailuresWindow = scaledWindow(timing, SELF.ruleFailuresWindow);
  const ruleFailuresFor = scaledDuration(timing, SELF.ruleFailuresFor);
  const notificationsWindow = scaledWindow(timing, SELF.notificationsWindow);
  const notificationsFor = scaledDuration(timing, SELF.notificationsFor);
  const sendFailuresWindow = scaledWindow(timing, SELF.sendFailuresWindow);
  const sendFailuresFor = scaledDuration(timing, SELF.sendFailuresFor);
  const reloadFor = scaledDuration(timing, SELF.reloadFor);
  return {
    name: "self",
    rules: [
      {
        alert: "Watchdog",
        // Always firing: Alertmanager forwards it to a dead man's switch, which pages
        // when the heartbeat stops, i.e. when the alerting pipeline itself is broken.
        expr: "vector(1)",
        labels: { severity: "none" },
        annotations: {
          summary: "The alerting pipeline is working.",
          description:
            "This alert always fires. It is routed to the heartbeat receiver; if the heartbeat stops arriving, Prometheus or Alertmanager is down or cannot deliver.",
        },
      },
      {
        alert: "TargetDown",
        expr: "up == 0",
        for: targetDownFor,
        labels: { severity: "warning" },
        annotations: {
          summary: "{{ $labels.job }} target {{ $labels.instance }} is down.",
          description:
            `Prometheus has failed to scrape {{ $labels.instance }} (job {{ $labels.job }}) for more than ${targetDownFor}; its metrics and the alerts built on them are blind.`,
        },
      },
      {
        alert: "PrometheusRuleFailures",
        expr: `increase(prometheus_rule_evaluation_failures_total{${prometheus}}[${ruleFailuresWindow}]) > 0`,
        for: ruleFailuresFor,
        // Blind, like a target down: the alerts of that group cannot fire.
        labels: { severity: "warning" },
        annotations: {
          summary: "Prometheus fails to evaluate rule group {{ $labels.rule_group }}.",
          description:
            `{{ $value | printf "%.0f" }} evaluations of rule group {{ $labels.rule_group }} failed in the last ${ruleFailuresWindow}, and failures have gone on for ${ruleFailuresFor}; the alerts and recordings of that group are not being computed.`,
        },
      },
      {
        alert: "PrometheusNotificationsFailing",
        // errors_total counts failed batches, sent_total the alerts in every batch tried:
        // the ratio is the share of sends that failed. discovered < 1 means no
        // Alertmanager to send to at all, where there are no errors to count.
        expr:
          `(\n  rate(prometheus_notifications_errors_total{${prometheus}}[${notificationsWindow}])\n/\n  rate(prometheus_notifications_sent_total{${prometheus}}[${notificationsWindow}])\n) > ${SELF.notificationsErrorRatio}\n` +
          `or\nprometheus_notifications_alertmanagers_discovered{${prometheus}} < 1`,
        for: notificationsFor,
        // Alerts are being lost: critical, so that whatever still gets through pages.
        labels: { severity: "critical" },
        annotations: {
          summary: "Prometheus cannot deliver alerts to Alertmanager.",
          description:
            `{{ if $labels.alertmanager }}{{ $value | humanizePercentage }} of the alerts Prometheus sent to {{ $labels.alertmanager }} failed over the last ${notificationsWindow}{{ else }}Prometheus has discovered no Alertmanager to send alerts to{{ end }}, for ${notificationsFor}; alerts may not reach anyone.`,
        },
      },
      {
        alert: "AlertmanagerFailedToSendAlerts",
        // By integration only: Alertmanager 0.25 does not say which receiver failed.
        expr:
          `sum by (integration) (rate(alertmanager_notifications_failed_total{${alertmanager}}[${sendFailuresWindow}]))\n/\n` +
          `sum by (integration) (rate(alertmanager_notifications_total{${alertmanager}}[${sendFailuresWindow}]))\n> ${SELF.sendFailuresRatio}`,
        for: sendFailuresFor,
        // Notifications are being lost: critical goes to every configured receiver, so it
        // reaches someone through whichever integration still works.
        labels: { severity: "critical" },
        annotations: {
          summary: "Alertmanager fails to send notifications through {{ $labels.integration }}.",
          description:
            `{{ $value | humanizePercentage }} of the notifications Alertmanager sent through {{ $labels.integration }} failed (after retries) over the last ${sendFailuresWindow}; those notifications are lost.`,
        },
      },
      {
        alert: "PrometheusConfigReloadFailed",
        expr: `prometheus_config_last_reload_successful{${prometheus}} == 0`,
        for: reloadFor,
        // Prometheus keeps running the previous config: nothing is lost yet, but the
        // change that was deployed is not in effect, and a restart would not start.
        labels: { severity: "warning" },
        annotations: {
          summary: "Prometheus failed to reload its configuration.",
          description:
            `Prometheus ({{ $labels.instance }}) could not load its new configuration and has been running the previous one for ${reloadFor}; a restart would fail to start it.`,
        },
      },
      {
        alert: "AlertmanagerConfigReloadFailed",
        expr: `alertmanager_config_last_reload_successful{${alertmanager}} == 0`,
        for: reloadFor,
        labels: { severity: "warning" },
        annotations: {
          summary: "Alertmanager failed to reload its configuration.",
          description:
            `Alertmanager ({{ $labels.instance }}) could not load its new configuration and has been running the previous one for ${reloadFor}; routing changes are not in effect and a restart would fail to start it.`,
        },
      },
    ],
  };
}
