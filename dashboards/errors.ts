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
import { row } from "./panels";

// The application's errors as they pass through the vigil exporter's Sentry relay: the
// sentry alerts link here.

export const errorsDashboard: DashboardDefinition = {
  file: "errors",
  title: "Errors",
  layout(board) {
    return board
      .withRow(row("Events"))
      .withPanel(eventsByLevelTimeseries().span(24))
      .withPanel(eventsByEnvironmentTimeseries())
      .withPanel(eventsByReleaseTimeseries())
      .withRow(row("Relay"))
      .withPanel(rejectedEnvelopesTimeseries().span(24))
      .withPanel(upstreamResponsesTimeseries())
      .withPanel(upstreamLatencyTimeseries())
      .withPanel(scrubbedFieldsTimeseries())
      .withPanel(relayTrafficTimeseries());
  },
};
