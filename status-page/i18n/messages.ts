import type { ComponentStatus, Impact, IncidentStatus } from "../../core/status-model";

// The shape every language's dictionary has. Each language file is typed `Messages`, so a
// missing key, an extra key or a template without one of its placeholders fails to compile;
// i18n.test.ts checks the same at run time (and that no language adds a placeholder).

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** A text with `{name}` placeholders: the type requires each of `P` to appear in it. */
export type Template<P extends string> = UnionToIntersection<P extends string ? `${string}{${P}}${string}` : never>;

/** Maintenance as the page shows it (finished windows leave the page). */
export type ShownMaintenanceStatus = "scheduled" | "in_progress";

export interface Messages {
  /** The page's overall state by Statuspage indicator; en keeps Statuspage's own words (the JSON's `status.description`). */
  indicator: Record<Impact, string>;
  /** A component's status, as the label beside it. */
  componentStatus: Record<ComponentStatus, string>;
  /** The same status inside a sentence ("Impact raised to {status}."): lower case where the language has case. */
  componentStatusInSentence: Record<ComponentStatus, string>;
  /** An incident update's status, before its text. */
  incidentStatus: Record<IncidentStatus, string>;
  maintenanceStatus: Record<ShownMaintenanceStatus, string>;
  page: {
    skipToContent: string;
    /** Names the language switcher (a navigation landmark). */
    languages: string;
    /** The document's title: the page's title and its overall state. */
    statusTitle: Template<"title" | "status">;
    /** `{time}` is the last change's time. */
    updated: Template<"time">;
    activeIncidents: string;
    scheduledMaintenance: string;
    /** `{components}`: the names, listed as the language lists. */
    affects: Template<"components">;
    components: string;
    /** The uptime bars' accessible name; `{period}` is "90 days" in the language. */
    uptimeSummary: Template<"period" | "figure">;
    /** Under the bars: "99.98% uptime". */
    uptimeFigure: Template<"figure">;
    /** One bar's tooltip. */
    dayUptime: Template<"date" | "figure">;
    /** A day nobody observed. */
    noData: string;
    today: string;
    incidentHistory: string;
    historyTitle: Template<"title">;
    noIncidents: string;
    timesInUtc: string;
    jsonApi: string;
    /** The 404 page, which says it in every language. */
    notFound: string;
    goToStatusPage: string;
  };
  feed: {
    title: Template<"title">;
    description: Template<"title">;
  };
  /** What vigil writes for incidents it opens from alerts (GeneratedText); `{components}` are names people wrote. */
  generated: {
    /** The incident's name: the problem, not its impact (which changes while it is open). */
    alertIncidentName: Template<"components">;
    alertInvestigating: Template<"components">;
    alertReturned: string;
    alertResolved: string;
    impactRaised: Template<"status" | "components">;
    impactLowered: Template<"status" | "components">;
  };
}

/** The template with each placeholder replaced; values go in as given (escape them for HTML first). */
export function fill<P extends string>(template: Template<P>, values: Record<P, string>): string {
  return (template as string).replace(/\{(\w+)\}/g, (placeholder, name: string) => (values as Record<string, string | undefined>)[name] ?? placeholder);
}
