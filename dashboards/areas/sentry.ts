import * as units from "@grafana/grafana-foundation-sdk/units";
import { EXPORTER_METRICS } from "../../exporter/contract";
import { histogramQuantile, jobIs, legend, rate, selector, sumBy } from "../queries";
import { promQuery, stacked, timeseriesPanel } from "../panels";

// The application's errors as the vigil exporter's Sentry relay counts them on the way to
// Sentry: events by level, environment and release; envelopes it turned away; and the
// health of Sentry itself as the relay sees it.

const EXPORTER = [jobIs("vigilExporter")];

function eventsBy(label: string): string {
  return sumBy([label], rate(selector(EXPORTER_METRICS.sentryEvents, EXPORTER)));
}

export function eventsByLevelTimeseries() {
  return timeseriesPanel(
    {
      title: "Events by level",
      description: "Error events relayed to Sentry per second, by level; a spike of errors is SentryErrorSpike's signal.",
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
      description: "Events relayed per second by environment (production, staging…).",
      unit: units.OpsPerSecond,
    },
    [promQuery(eventsBy("environment"), legend("environment"))],
  ).min(0);
}

export function eventsByReleaseTimeseries() {
  return timeseriesPanel(
    {
      title: "Events by release",
      description: "Events relayed per second by release: a new release that brings its own errors shows as a new line.",
      unit: units.OpsPerSecond,
    },
    [promQuery(eventsBy("release"), legend("release"))],
  ).min(0);
}

export function rejectedEnvelopesTimeseries() {
  return timeseriesPanel(
    {
      title: "Envelopes not forwarded",
      description: "Envelopes the relay did not pass to Sentry per second, by outcome and reason (bad envelope, unknown project, rate limit, upstream error).",
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
