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
import { applicationLogsDataLink, applicationLogsLink } from "./defaults";
import { row } from "./panels";

// The application's errors as they pass through the vigil exporter's Sentry relay: the
// sentry alerts link here. Each event carries its request's request_id as a tag; the Logs
// link (top bar, and on the events panel around a moment clicked) shows those requests' lines.

export const errorsDashboard: DashboardDefinition = {
  file: "errors",
  title: "Errors",
  layout(board, config) {
    return board
      .link(applicationLogsLink(config))
      .withRow(row("Events"))
      .withPanel(eventsByLevelTimeseries().span(24).dataLinks([applicationLogsDataLink(config)]))
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
