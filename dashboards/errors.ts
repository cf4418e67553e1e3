import {
  eventsByEnvironmentTimeseries,
  eventsByLevelTimeseries,
  eventsByReleaseTimeseries,
  rejectedEnvelopesTimeseries,
  relayTrafficTimeseries,
  scrubbedFieldsTimeseries,
  upstreamLatencyTimeseries,
  upstreamResponsesTimeseries,
} from "./areas/sentry";
import type { DashboardDefinition } from "./defaults";
import { pending } from "./live-data";
import { row } from "./panels";

// The application's errors as they pass through the vigil exporter's Sentry relay: the
// sentry alerts link here.

export const errorsDashboard: DashboardDefinition = {
  file: "errors",
  title: "Errors",
  layout(board) {
    return board
      .withRow(row("Events"))
      .withPanel(pending(eventsByLevelTimeseries().span(24), "sentryRelay"))
      .withPanel(pending(eventsByEnvironmentTimeseries(), "sentryRelay"))
      .withPanel(pending(eventsByReleaseTimeseries(), "sentryRelay"))
      .withRow(row("Relay"))
      .withPanel(pending(rejectedEnvelopesTimeseries().span(24), "sentryRelay"))
      .withPanel(pending(upstreamResponsesTimeseries(), "sentryRelay"))
      .withPanel(pending(upstreamLatencyTimeseries(), "sentryRelay"))
      .withPanel(pending(scrubbedFieldsTimeseries(), "sentryRelay"))
      .withPanel(pending(relayTrafficTimeseries(), "sentryRelay"));
  },
};
