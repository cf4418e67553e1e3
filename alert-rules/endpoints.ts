import { JOBS } from "../core/catalog";
import { scaled, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { forVisitors, type RuleGroup } from "./model";
import { DOWN_FOR_SECONDS, downAlert } from "./templates";

// Alerts from the blackbox exporter's probe of the public URL, as users reach it. The probe
// job labels its series with the application as `component`; so do these alerts.

const DAY_SECONDS = 86_400;

export function endpointsRules({ config, timing }: RuleContext): RuleGroup {
  const settings = config.alerts.endpoints;
  const component = config.app.name;
  const probe = `job="${JOBS.blackboxHttp}"`;
  const slowFor = scaledDuration(timing, settings.slowFor);
  // Only TLS probes report a certificate; the https filter says so, and keeps a plain
  // http URL from ever matching, whatever the exporter reports.
  const certLeft = `probe_ssl_earliest_cert_expiry{${probe}, instance=~"https://.*"} - time()`;
  const warningSeconds = `${settings.certWarningDays} * ${DAY_SECONDS}`;
  const criticalSeconds = `${settings.certCriticalDays} * ${DAY_SECONDS}`;
  return {
    name: "endpoints",
    rules: [
      downAlert({
        alert: "EndpointDown",
        expr: `probe_success{${probe}} == 0`,
        visitors: forVisitors(component, "major_outage"),
        summary: `{{ $labels.instance }} is down.`,
        description: `Every blackbox probe of {{ $labels.instance }} has failed for ${scaled(timing, DOWN_FOR_SECONDS)}: users cannot reach ${component}. A probe needs DNS, a TCP connection, a valid TLS certificate and a 2xx answer within the probe timeout.`,
        timing,
      }),
      {
        alert: "EndpointSlow",
        // A failed probe that timed out is slow too; EndpointDown inhibits this alert then.
        expr: `probe_duration_seconds{${probe}} > ${settings.slowSeconds}`,
        for: slowFor,
        labels: { severity: "warning", ...forVisitors(component, "degraded_performance") },
        annotations: {
          summary: "{{ $labels.instance }} answers slowly ({{ $value | humanizeDuration }}).",
          description: `The blackbox probe of {{ $labels.instance }} has taken more than ${settings.slowSeconds}s for ${slowFor} (now {{ $value | humanizeDuration }}): users of ${component} wait as long.`,
        },
      },
      {
        alert: "TlsCertExpiringSoon",
        // Fires only until TlsCertExpiringVerySoon takes over (expr, not inhibition), so a
        // certificate is reported once, at the severity of how close its expiry is.
        expr: `${certLeft} < ${warningSeconds}\nand\n${certLeft} >= ${criticalSeconds}`,
        // Visitors notice nothing until it expires; then the probe fails and EndpointDown says so.
        labels: { severity: "warning", ...forVisitors(component, "operational") },
        annotations: {
          summary: "The TLS certificate of {{ $labels.instance }} expires in {{ $value | humanizeDuration }}.",
          description: `The certificate served at {{ $labels.instance }} (the earliest-expiring one in its chain) expires in {{ $value | humanizeDuration }}, under ${settings.certWarningDays} days. Renew it before it becomes critical at ${settings.certCriticalDays} days.`,
        },
      },
      {
        alert: "TlsCertExpiringVerySoon",
        expr: `${certLeft} < ${criticalSeconds}`,
        labels: { severity: "critical", ...forVisitors(component, "operational") },
        annotations: {
          summary: "The TLS certificate of {{ $labels.instance }} expires in {{ $value | humanizeDuration }}.",
          description: `The certificate served at {{ $labels.instance }} (the earliest-expiring one in its chain) expires in {{ $value | humanizeDuration }}, under ${settings.certCriticalDays} days: when it expires, browsers refuse the site and ${component} is down for its users.`,
        },
      },
    ],
  };
}
