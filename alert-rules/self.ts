import { scaledDuration } from "../synth/timing";
import type { RuleContext } from "./context";
import type { RuleGroup } from "./model";

// Alerts about the monitoring stack itself: if these are wrong, nothing else can be trusted.

export function selfRules({ config, timing }: RuleContext): RuleGroup {
  const targetDownFor = scaledDuration(timing, config.alerts.targetDownFor);
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
    ],
  };
}
