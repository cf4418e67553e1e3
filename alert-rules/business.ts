import { JOBS } from "../core/catalog";
import { quoted } from "../core/config/selectors";
import { EXPORTER_METRICS } from "../core/exporter/contract";
import { parseDuration, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import type { AlertingRule, RuleGroup } from "./model";
import { failingOrStaleExpr, percent, scaledWindow } from "./templates";

// Business signals, over the metrics the vigil exporter computes from the application's
// database. BusinessQueryFailing watches the exporter's own query health and is always
// present (with no business queries it has no series and stays quiet); the others are
// generated only for the metrics config declares (alerts.business.*Metric), since their
// names depend on the application. None carries a `component` label: a business signal
// is not an outage users see, and it must not turn the status page red.

/** BusinessQueryFailing: failures are counted over this window… */
const QUERY_ERRORS_WINDOW = "15m";
/** …and a query whose last success is older than this is failing too (stuck, not run). */
const QUERY_STALE_AFTER = "30m";
/** PaymentFailuresHigh counts failures over one hour (the catalog's "per hour"). */
const PAYMENT_WINDOW = "1h";
/** SignupsDropped compares this window with the same window a week earlier… */
const SIGNUPS_WINDOW = "24h";
const SIGNUPS_OFFSET = "1w";
/** …and waits this long, so a ratio hovering at the threshold does not flap. */
const SIGNUPS_FOR = "1h";

export function businessRules({ config, timing }: RuleContext): RuleGroup {
  const settings = config.alerts.business;
  const rules: AlertingRule[] = [queryFailing(config, timing)];

  if (settings.paymentFailuresMetric) {
    const window = scaledWindow(timing, PAYMENT_WINDOW);
    rules.push({
      alert: "PaymentFailuresHigh",
      // increase() extrapolates to the window's edges (5 failures can read 5.02):
      // rounding counts whole payments, so exactly the threshold never fires.
      expr: `round(sum(increase(${settings.paymentFailuresMetric}[${window}]))) > ${settings.paymentFailuresPerHour}`,
      labels: { severity: "critical" },
      annotations: {
        summary: `{{ $value }} payments failed in the last ${window}.`,
        description:
          `{{ $value }} payments failed in the last ${window} (${settings.paymentFailuresMetric}; threshold: more than ${settings.paymentFailuresPerHour}). ` +
          "Customers are being charged unsuccessfully: revenue is lost and the payment provider or the checkout may be broken.",
      },
    });
  }

  if (settings.signupsMetric) {
    const window = scaledWindow(timing, SIGNUPS_WINDOW);
    const offset = scaledWindow(timing, SIGNUPS_OFFSET);
    rules.push({
      alert: "SignupsDropped",
      // A week earlier is the same weekday, so weekly seasonality cancels out. Without
      // data a week back (a new stack) the right side is empty and nothing fires.
      expr:
        `sum(increase(${settings.signupsMetric}[${window}]))\n<\n` +
        `${settings.signupsDropRatio} * sum(increase(${settings.signupsMetric}[${window}] offset ${offset}))`,
      for: scaledDuration(timing, SIGNUPS_FOR),
      labels: { severity: "warning" },
      annotations: {
        summary: `Registrations dropped: {{ printf "%.0f" $value }} in the last ${window}.`,
        description:
          `Only {{ printf "%.0f" $value }} registrations (${settings.signupsMetric}) in the last ${window}, under ${percent(settings.signupsDropRatio)} of the same ${window} one week earlier (offset ${offset}), for more than ${scaledDuration(timing, SIGNUPS_FOR)}. ` +
          "The sign-up flow, its emails or the traffic that feeds it may be broken.",
      },
    });
  }

  if (settings.quotaUsedRatioMetric) {
    rules.push({
      alert: "ApiQuotaNearlyExhausted",
      expr: `${settings.quotaUsedRatioMetric} > ${settings.quotaRatio}`,
      labels: { severity: "warning" },
      annotations: {
        summary: "{{ $value | humanizePercentage }} of the API quota is used.",
        description:
          `{{ $value | humanizePercentage }} of the API quota for this period is used (${settings.quotaUsedRatioMetric}; threshold ${percent(settings.quotaRatio)}). ` +
          "When it runs out, the calls that depend on it fail until the period resets or the quota is raised.",
      },
    });
  }

  return { name: "business", rules };
}

/**
 * The business queries read the postgres and redis sections' servers: while either was down
 * within the error window, the errors counted there (and the queries the outage kept from
 * succeeding) are PostgresDown's and RedisDown's to report. Alertmanager's inhibition covers
 * the outage itself; this covers the window after it, when the errors are still counted and
 * a query waits for its next run, but the inhibiting alert has resolved.
 */
function backendWasDown(config: RuleContext["config"], window: string): string | undefined {
  const down = [
    ...(config.postgres ? [`min(pg_up{job=${quoted(JOBS.postgres)}}) == 0`] : []),
    ...(config.redis ? [`min(redis_up{job=${quoted(JOBS.redis)}}) == 0`] : []),
  ];
  return down.length > 0 ? `max_over_time((${down.join(" or ")})[${window}:])` : undefined;
}

function queryFailing(config: RuleContext["config"], timing: RuleContext["timing"]): AlertingRule {
  const selector = `{job=${quoted(JOBS.vigilExporter)}}`;
  const window = scaledWindow(timing, QUERY_ERRORS_WINDOW);
  const staleAfter = scaledDuration(timing, QUERY_STALE_AFTER);
  return {
    alert: "BusinessQueryFailing",
    expr: failingOrStaleExpr({
      errors: `${EXPORTER_METRICS.businessQueryErrors}${selector}`,
      lastSuccess: `${EXPORTER_METRICS.businessQueryLastSuccess}${selector}`,
      window,
      staleAfterSeconds: parseDuration(staleAfter),
      explainedBy: backendWasDown(config, window),
    }),
    labels: { severity: "warning" },
    annotations: {
      summary: "The business query for {{ $labels.metric }} is failing.",
      description:
        `The vigil exporter's query for {{ $labels.metric }} failed in the last ${window}, or has not succeeded for more than ${staleAfter}. ` +
        "That business metric is stale: its dashboard panels and the alerts built on it show old numbers or nothing.",
    },
  };
}
