import { JOBS } from "../core/catalog";
import { quoted } from "../core/config/selectors";
import { EXPORTER_METRICS, STATUS_PUBLISH_INTERVAL_SECONDS } from "../core/exporter/contract";
import { formatDuration, parseDuration, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import type { RuleGroup } from "./model";
import { failingOrStaleExpr, percent, ratioAlert, scaledWindow } from "./templates";

// What the vigil exporter sees while it relays the application's Sentry events, and while
// it publishes the status page. Both live in the exporter, which always runs, so the group
// is always present; without traffic its series are absent and nothing fires. No
// `component` label: errors reported to Sentry are not an outage by themselves (HighErrorRate
// says that), and a failing publisher must not try to report itself on the page it cannot
// publish.

const SELECTOR = `job=${quoted(JOBS.vigilExporter)}`;

/** SentryErrorSpike: the rate's window, and how long it must stay high (the catalog's 10m). */
const SPIKE_WINDOW = "5m";
const SPIKE_FOR = "10m";
/** Sentry levels counted as errors: fatal is worse than error, never less. */
const ERROR_LEVELS = "error|fatal";

/** SentryRelayUpstreamFailing: share of requests to Sentry failing, window and duration. */
const UPSTREAM_FAILURE_RATIO = 0.1;
const UPSTREAM_WINDOW = "5m";
const UPSTREAM_FOR = "10m";

/** StatusPagePublishFailing: failures counted over this window; the publisher republishes
 * at least every few minutes, so a last success older than the stale limit means it stopped. */
const PUBLISH_WINDOW = "15m";
const PUBLISH_STALE_AFTER = "15m";

export function sentryRules({ config, timing }: RuleContext): RuleGroup {
  const settings = config.alerts.sentry;
  const spikeWindow = scaledWindow(timing, SPIKE_WINDOW);
  const upstreamWindow = scaledWindow(timing, UPSTREAM_WINDOW);
  const publishWindow = scaledWindow(timing, PUBLISH_WINDOW);
  // Scaled like every duration, but never within a few of the publisher's own intervals: the
  // fast timing's 15 s would call a healthy publisher (one publish a minute) stale.
  const publishStaleAfter = formatDuration(
    Math.max(parseDuration(scaledDuration(timing, PUBLISH_STALE_AFTER)), 3 * STATUS_PUBLISH_INTERVAL_SECONDS),
  );
  const upstream = EXPORTER_METRICS.sentryUpstreamRequests;

  return {
    name: "sentry",
    rules: [
      {
        alert: "SentryErrorSpike",
        expr:
          `sum by (project, environment) (rate(${EXPORTER_METRICS.sentryEvents}{${SELECTOR}, level=~"${ERROR_LEVELS}"}[${spikeWindow}])) * 60\n` +
          `> ${settings.errorEventsPerMinute}`,
        for: scaledDuration(timing, SPIKE_FOR),
        labels: { severity: "warning" },
        annotations: {
          summary: "Sentry project {{ $labels.project }} receives {{ $value | humanize }} errors per minute.",
          description:
            `The application has sent {{ $value | humanize }} error-level events per minute to Sentry project {{ $labels.project }} (environment {{ $labels.environment }}) for more than ${scaledDuration(timing, SPIKE_FOR)} (threshold ${settings.errorEventsPerMinute} per minute). ` +
            "Something new is failing, or failing far more often: Sentry's issue list for the project shows what.",
        },
      },
      ratioAlert({
        alert: "SentryRelayUpstreamFailing",
        numerator: `sum(rate(${upstream}{${SELECTOR}, status_class=~"5xx|error"}[${upstreamWindow}]))`,
        denominator: `sum(rate(${upstream}{${SELECTOR}}[${upstreamWindow}]))`,
        threshold: UPSTREAM_FAILURE_RATIO,
        for: UPSTREAM_FOR,
        severity: "warning",
        summary: "{{ $value | humanizePercentage }} of the Sentry relay's requests to Sentry fail.",
        description:
          `{{ $value | humanizePercentage }} of the vigil exporter's requests to Sentry have failed (5xx or no answer) for more than ${scaledDuration(timing, UPSTREAM_FOR)} (threshold ${percent(UPSTREAM_FAILURE_RATIO)}). ` +
          "The application's error reports are being lost: errors happening now may never show up in Sentry.",
        timing,
      }),
      {
        alert: "StatusPagePublishFailing",
        expr: failingOrStaleExpr({
          errors: `${EXPORTER_METRICS.statusPublishFailures}{${SELECTOR}}`,
          lastSuccess: `${EXPORTER_METRICS.statusPublishLastSuccess}{${SELECTOR}}`,
          window: publishWindow,
          staleAfterSeconds: parseDuration(publishStaleAfter),
        }),
        labels: { severity: "warning" },
        annotations: {
          summary: "The status page is not being published.",
          description:
            `The vigil exporter failed to publish the status page (after its retries) in the last ${publishWindow}, or has not published it successfully for more than ${publishStaleAfter}. ` +
            "Users reading the status page see an old state: an incident may be missing from it, or a resolved one still shown.",
        },
      },
    ],
  };
}
