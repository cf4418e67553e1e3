import type { Messages } from "./messages";

// English: Atlassian Statuspage's own words for the indicator, so the JSON's
// `status.description` reads as Statuspage's does.
export const en: Messages = {
  indicator: {
    none: "All Systems Operational",
    maintenance: "Service Under Maintenance",
    minor: "Minor Service Outage",
    major: "Partial System Outage",
    critical: "Major System Outage",
  },
  componentStatus: {
    operational: "Operational",
    under_maintenance: "Under maintenance",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
  },
  componentStatusInSentence: {
    operational: "operational",
    under_maintenance: "under maintenance",
    degraded_performance: "degraded performance",
    partial_outage: "partial outage",
    major_outage: "major outage",
  },
  incidentStatus: {
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved: "Resolved",
    postmortem: "Postmortem",
  },
  maintenanceStatus: { scheduled: "Scheduled", in_progress: "In progress" },
  page: {
    skipToContent: "Skip to content",
    languages: "Language",
    statusTitle: "{title}: {status}",
    updated: "Updated {time}",
    activeIncidents: "Active incidents",
    scheduledMaintenance: "Scheduled maintenance",
    affects: "Affects {components}",
    components: "Components",
    uptimeSummary: "Uptime over the last {period}: {figure}",
    uptimeFigure: "{figure} uptime",
    dayUptime: "{date}: {figure}",
    noData: "No data",
    today: "Today",
    incidentHistory: "Incident history",
    historyTitle: "{title}: incident history",
    noIncidents: "No incidents reported.",
    timesInUtc: "Times in UTC",
    jsonApi: "JSON API",
    notFound: "Page not found.",
    goToStatusPage: "Go to the status page",
  },
  feed: {
    title: "{title} incidents",
    description: "{title} status history",
  },
  generated: {
    alertIncidentName: "Problems with {components}",
    alertInvestigating: "We are investigating problems with {components}.",
    alertReturned: "The problem has returned. We are investigating.",
    alertResolved: "This incident has been resolved.",
    impactRaised: "Impact on {components} raised to {status}.",
    impactLowered: "Impact on {components} lowered to {status}.",
  },
};
