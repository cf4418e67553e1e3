import * as units from "@grafana/grafana-foundation-sdk/units";
import { EXPORTER_METRICS } from "../../core/exporter/contract";
import { promQuery, stacked, timeseriesPanel } from "../panels";
import { histogramQuantile, jobIs, legend, rate, selector, sumBy } from "../queries";

// The application's errors as the vigil exporter's Sentry relay counts them on the way to
// Sentry: events by level, environment and release; envelopes it turned away; what it
// scrubbed; and the health of Sentry itself as the relay sees it. The metric names are the
// contract in core/exporter/contract.ts; exporter/relay/metrics.ts registers them.

const EXPORTER = [jobIs("vigilExporter")];

function eventsBy(label: string): string {
  return sumBy([label], rate(selector(EXPORTER_METRICS.sentryEvents, EXPORTER)));
}

export function eventsByLevelTimeseries() {
  return timeseriesPanel(
    {
      title: "Events by level",
      description:
        "Error and message events (not transactions) the relay accepted for Sentry per second, by level, counted before forwarding so they show even while Sentry is down; a spike of errors is SentryErrorSpike's signal.",
      unit: units.OpsPerSecond,
    },
    [promQuery(eventsBy("level"), legend("level"))],
  )
    .stacking(stacked())
    .min(0);
}

export function eventsByEnvironmentTimeseries() {
  return timeseriesPanel(
    {
      title: "Events by environment",
      description: "Events relayed per second by environment (production, staging…); beyond 20 environments the rest count as \"other\".",
      unit: units.OpsPerSecond,
    },
    [promQuery(eventsBy("environment"), legend("environment"))],
  ).min(0);
}

export function eventsByReleaseTimeseries() {
  return timeseriesPanel(
    {
      title: "Events by release",
      description: "Events relayed per second by release: a new release that brings its own errors shows as a new line; beyond 50 releases since the exporter started, the rest count as \"other\".",
      unit: units.OpsPerSecond,
    },
    [promQuery(eventsBy("release"), legend("release"))],
  ).min(0);
}

export function rejectedEnvelopesTimeseries() {
  return timeseriesPanel(
    {
      title: "Envelopes not forwarded",
      description:
        "Envelopes the relay did not pass to Sentry per second, by outcome and reason: rejected (malformed, dsn_not_allowed, body_too_large, decompressed_too_large, item_too_large, origin_not_allowed…), rate_limited (client, upstream_429, upstream_limit_active) and upstream_error (timeout, unreachable, queue_full, status_5xx). A steady dsn_not_allowed means someone probes the relay, or an SDK has a DSN the relay does not list.",
      unit: units.OpsPerSecond,
    },
    [
      promQuery(
        sumBy(["outcome", "reason"], rate(selector(EXPORTER_METRICS.sentryEnvelopes, [...EXPORTER, 'outcome!="forwarded"']))),
        "{{outcome}}: {{reason}}",
      ),
    ],
  ).min(0);
}

export function upstreamResponsesTimeseries() {
  return timeseriesPanel(
    {
      title: "Sentry responses",
      description: "Requests from the relay to Sentry per second by status class; \"error\" means no answer at all.",
      unit: units.RequestsPerSecond,
    },
    [
      promQuery(
        sumBy(["status_class"], rate(selector(EXPORTER_METRICS.sentryUpstreamRequests, EXPORTER))),
        legend("status_class"),
      ),
    ],
  )
    .stacking(stacked())
    .min(0);
}

export function upstreamLatencyTimeseries() {
  const buckets = selector(`${EXPORTER_METRICS.sentryUpstreamDuration}_bucket`, EXPORTER);
  return timeseriesPanel(
    {
      title: "Sentry latency",
      description: "p50 and p95 time Sentry took to accept an envelope from the relay.",
      unit: units.Seconds,
    },
    [0.5, 0.95].map((quantile) => promQuery(histogramQuantile(quantile, buckets), `p${quantile * 100}`)),
  ).min(0);
}

export function scrubbedFieldsTimeseries() {
  return timeseriesPanel(
    {
      title: "Scrubbed values by rule",
      description:
        "Values the relay replaced or removed before forwarding per second, by rule (sensitive_key, email, ip, user_ip, cookies, authorization, frame_vars, credit_card…). A rule that suddenly fires far more often means the application started sending personal data it did not send before.",
      unit: units.OpsPerSecond,
    },
    [promQuery(sumBy(["rule"], rate(selector(EXPORTER_METRICS.sentryScrubbedFields, EXPORTER))), legend("rule"))],
  )
    .stacking(stacked())
    .min(0);
}

export function relayTrafficTimeseries() {
  return timeseriesPanel(
    {
      title: "Relay traffic",
      description: "Envelope bytes per second the relay received (as sent, compressed or not) and sent on to Sentry (after scrubbing and dropping what was refused).",
      unit: units.BytesPerSecondSI,
    },
    [
      promQuery(`sum(${rate(selector(EXPORTER_METRICS.sentryReceivedBytes, EXPORTER))})`, "received"),
      promQuery(`sum(${rate(selector(EXPORTER_METRICS.sentryForwardedBytes, EXPORTER))})`, "sent to Sentry"),
    ],
  ).min(0);
}
