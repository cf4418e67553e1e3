import type { ArtifactFiles } from "../core/artifact-files";
import type { VigilConfig } from "../core/config";
import type { Placement } from "../core/placement";
import type { Timing } from "../core/timing";
import { formatDuration, parseDuration, scaled } from "../core/timing";
import type { InhibitRule } from "./alertmanager-inhibitions";
import { inhibitRules } from "./alertmanager-inhibitions";
import type { PersonReceiver, Receiver, ReceiverName } from "./alertmanager-receivers";
import { buildReceivers, RECEIVER } from "./alertmanager-receivers";
import { TEMPLATES_ARTIFACT_PATH, TEMPLATES_FILE } from "./alertmanager-templates";
import type { Severity } from "./model";

// Alertmanager's routing tree, built from config. Watchdog reaches the heartbeat and
// nothing else; alerts with a `component` also reach the status page; then each severity
// reaches the people it should, by the fallback order in destinationsFor(). Receivers
// are in alertmanager-receivers.ts, inhibitions in alertmanager-inhibitions.ts and the
// message templates in alertmanager-templates.ts.

export { RECEIVER } from "./alertmanager-receivers";

export interface Route {
  receiver: ReceiverName;
  matchers?: string[];
  /** Keep looking at the next sibling routes after this one matched. */
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  /** Notify only within these time_intervals; outside them the group waits. */
  active_time_intervals?: string[];
  routes?: Route[];
}

export interface AlertmanagerDocument {
  global: Record<string, unknown>;
  templates: string[];
  route: Route;
  inhibit_rules: InhibitRule[];
  receivers: Receiver[];
  time_intervals: Array<{ name: string; time_intervals: Record<string, unknown>[] }>;
}

export interface AlertmanagerPlan {
  config: AlertmanagerDocument;
  /** Files synth writes beside alertmanager.yml (paths under the alertmanager tree). */
  templateFiles: Array<{ artifactPath: string; content: string }>;
}

/** Production seconds; each is scaled to the timing profile. */
export const NOTIFICATION_TIMING = {
  /** A new group waits this long for related alerts before its first notification. */
  groupWait: 30,
  /**
   * Critical pages go out almost at once: the Down alerts already waited out blips in
   * their `for:` (DOWN_FOR_SECONDS, alert-rules/templates.ts), so a real outage reaches
   * PagerDuty in about 50 s.
   */
  criticalGroupWait: 5,
  /**
   * The least time between two notifications of one group. 12 minutes is the shortest
   * whole-minute value that keeps a flapping alert to 10 notifications an hour even with
   * the 5 s critical group_wait (maxNotificationsPerHour).
   */
  groupInterval: 12 * 60,
  /** While an alert stays firing, it is repeated this often. */
  repeatInterval: { critical: 60 * 60, warning: 4 * 60 * 60, info: 24 * 60 * 60 } satisfies Record<
    Exclude<Severity, "none">,
    number
  >,
  /** Alerts of no known severity (a rule without the label) repeat like warnings. */
  defaultRepeatInterval: 4 * 60 * 60,
  /** The dead man's switch expects a ping every minute. */
  heartbeat: 60,
  /**
   * The status page is a machine: it hears of a recovery within a minute, and a restarted
   * exporter relearns what is firing within the repeat.
   */
  statusPage: { groupWait: 5, groupInterval: 60, repeatInterval: 15 * 60 },
} as const;

/** Operators asked for at most this many notifications per alert per hour, per receiver. */
export const MAX_NOTIFICATIONS_PER_HOUR = 10;

export const BUSINESS_HOURS = "business-hours";

/** Labels a group is keyed on; one alert of a rule per instance, usually. */
const GROUP_BY = ["alertname", "job", "instance"];

/** One place a severity goes. */
export interface Destination {
  receiver: PersonReceiver | typeof RECEIVER.blackhole;
  /** Held back outside config.alerting.businessHours. */
  businessHoursOnly?: boolean;
}

/**
 * Where each severity goes, given the receivers config sets up (at least one of PagerDuty,
 * Slack and email, which the schema enforces):
 * - critical: PagerDuty and Slack, whichever are set; with neither, email, at any hour.
 * - warning: Slack; else email (at any hour: email wakes nobody); else PagerDuty, with
 *   PagerDuty severity "warning" and only within business hours, so it never pages at night.
 * - info: email within business hours; else Slack within business hours; else nowhere
 *   (visible in Alertmanager only): an info alert never pages.
 */
export function destinationsFor(alerting: VigilConfig["alerting"]): Record<Exclude<Severity, "none">, Destination[]> {
  const { pagerduty, slack, email } = alerting;
  const critical: Destination[] = [
    ...(pagerduty ? [{ receiver: RECEIVER.pagerduty }] : []),
    ...(slack ? [{ receiver: RECEIVER.slack }] : []),
  ];
  const warning: Destination = slack
    ? { receiver: RECEIVER.slack }
    : email
      ? { receiver: RECEIVER.email }
      : { receiver: RECEIVER.pagerduty, businessHoursOnly: true };
  const info: Destination = email
    ? { receiver: RECEIVER.email, businessHoursOnly: true }
    : slack
      ? { receiver: RECEIVER.slack, businessHoursOnly: true }
      : { receiver: RECEIVER.blackhole };
  return {
    critical: critical.length > 0 ? critical : [{ receiver: RECEIVER.email }],
    warning: [warning],
    info: [info],
  };
}

/** Alerts whose severity no route knows: the first of Slack, email, PagerDuty (never silence). */
function defaultReceiver(alerting: VigilConfig["alerting"]): PersonReceiver {
  if (alerting.slack) return RECEIVER.slack;
  if (alerting.email) return RECEIVER.email;
  return RECEIVER.pagerduty;
}

function severityRoute(severity: Exclude<Severity, "none">, destinations: Destination[], timing: Timing): Route {
  const matchers = [`severity="${severity}"`];
  const groupWait = severity === "critical" ? NOTIFICATION_TIMING.criticalGroupWait : NOTIFICATION_TIMING.groupWait;
  const waits = {
    group_wait: scaled(timing, groupWait),
    repeat_interval: scaled(timing, NOTIFICATION_TIMING.repeatInterval[severity]),
  };
  const when = (destination: Destination) =>
    destination.businessHoursOnly ? { active_time_intervals: [BUSINESS_HOURS] } : {};
  const [only] = destinations;
  if (destinations.length === 1 && only) {
    return { receiver: only.receiver, matchers, ...waits, ...when(only) };
  }
  // Several receivers: each child takes every alert of the severity; all but the last
  // continue, so each receiver gets its own groups and notifications.
  return {
    receiver: (only as Destination).receiver,
    matchers,
    ...waits,
    routes: destinations.map((destination, index) => ({
      receiver: destination.receiver,
      ...(index < destinations.length - 1 ? { continue: true } : {}),
      ...when(destination),
    })),
  };
}

function businessHoursInterval(hours: VigilConfig["alerting"]["businessHours"]) {
  return {
    name: BUSINESS_HOURS,
    time_intervals: [
      {
        weekdays: hours.weekdays,
        times: [{ start_time: hours.start, end_time: hours.end }],
        // UTC is Alertmanager's default; leaving it out needs no tz database in the container.
        ...(hours.timeZone === "UTC" ? {} : { location: hours.timeZone }),
      },
    ],
  };
}

/**
 * alertmanager.yml's document and the files beside it; `files` answers where Alertmanager
 * reads them and collects the secret files the receivers name.
 */
export function alertmanagerPlan(config: VigilConfig, placement: Placement, timing: Timing, files: ArtifactFiles): AlertmanagerPlan {
  const { alerting } = config;
  const receivers = buildReceivers(config, placement, files);
  const destinations = destinationsFor(alerting);

  const route: Route = {
    receiver: defaultReceiver(alerting),
    group_by: GROUP_BY,
    group_wait: scaled(timing, NOTIFICATION_TIMING.groupWait),
    group_interval: scaled(timing, NOTIFICATION_TIMING.groupInterval),
    repeat_interval: scaled(timing, NOTIFICATION_TIMING.defaultRepeatInterval),
    routes: [
      {
        // First and final: Watchdog fires forever and must reach the dead man's switch and
        // nothing else, whatever labels it may carry one day.
        receiver: alerting.heartbeat ? RECEIVER.heartbeat : RECEIVER.blackhole,
        matchers: ['alertname="Watchdog"'],
        group_wait: formatDuration(0),
        group_interval: scaled(timing, NOTIFICATION_TIMING.heartbeat),
        repeat_interval: scaled(timing, NOTIFICATION_TIMING.heartbeat),
      },
      {
        // Before the severity routes, and `continue`, so the alert goes on to its people.
        receiver: RECEIVER.statusPage,
        matchers: ['component=~".+"'],
        // One group per component: each notification then lists every alert of the component
        // that Alertmanager lets through, so an alert it inhibits or silences drops out of the
        // list and off the page, and the page keeps one incident per component.
        group_by: ["component"],
        continue: true,
        group_wait: scaled(timing, NOTIFICATION_TIMING.statusPage.groupWait),
        group_interval: scaled(timing, NOTIFICATION_TIMING.statusPage.groupInterval),
        repeat_interval: scaled(timing, NOTIFICATION_TIMING.statusPage.repeatInterval),
      },
      severityRoute("critical", destinations.critical, timing),
      severityRoute("warning", destinations.warning, timing),
      severityRoute("info", destinations.info, timing),
    ],
  };

  const document: AlertmanagerDocument = {
    global: { resolve_timeout: "5m" },
    templates: [files.pathOf(TEMPLATES_ARTIFACT_PATH)],
    route,
    inhibit_rules: inhibitRules(),
    receivers,
    // Always in use: info goes to email or Slack, or, with PagerDuty alone, warnings do.
    time_intervals: [businessHoursInterval(alerting.businessHours)],
  };
  return {
    config: document,
    templateFiles: [{ artifactPath: TEMPLATES_ARTIFACT_PATH, content: TEMPLATES_FILE }],
  };
}

// ---------------------------------------------------------------- the notification bound

/** A leaf of the routing tree with the timings it inherits. */
export interface EffectiveRoute {
  receiver: ReceiverName;
  matchers: string[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
}

/** Every route that notifies (the leaves), with inherited matchers and timings. */
export function effectiveRoutes(route: Route, inherited?: Omit<EffectiveRoute, "receiver">): EffectiveRoute[] {
  const own = {
    matchers: [...(inherited?.matchers ?? []), ...(route.matchers ?? [])],
    groupWaitSeconds: route.group_wait ? parseDuration(route.group_wait) : (inherited?.groupWaitSeconds ?? 30),
    groupIntervalSeconds: route.group_interval ? parseDuration(route.group_interval) : (inherited?.groupIntervalSeconds ?? 300),
    repeatIntervalSeconds: route.repeat_interval ? parseDuration(route.repeat_interval) : (inherited?.repeatIntervalSeconds ?? 14_400),
  };
  const children = route.routes ?? [];
  // The root's own receiver also catches what no child route matches.
  const self = children.length === 0 || inherited === undefined ? [{ receiver: route.receiver, ...own }] : [];
  return [...self, ...children.flatMap((child) => effectiveRoutes(child, own))];
}

/**
 * The most notifications one alert can cause on one route in any hour.
 *
 * Within an aggregation group's life, notifications come only on its flushes, which are
 * group_interval apart after the first (repeats ride on those flushes too, so
 * repeat_interval never raises the count). A group dies once all its alerts are resolved
 * and notified; if the alert fires again, a new group notifies after only group_wait. So
 * the worst case is an alert that flaps: firing, resolved group_interval later, firing again
 * group_wait after that, and so on, the gaps alternating group_interval and group_wait.
 * This counts the notifications such a sequence fits in a one-hour window, whichever gap
 * comes first.
 */
export function maxNotificationsPerHour(groupWaitSeconds: number, groupIntervalSeconds: number, hourSeconds = 3_600): number {
  if (groupIntervalSeconds <= 0) return Number.POSITIVE_INFINITY;
  const shortGap = Math.max(0, Math.min(groupWaitSeconds, groupIntervalSeconds));
  const countWithin = (gaps: [number, number]) => {
    let count = 0;
    for (let at = 0, index = 0; at < hourSeconds; index++) {
      count++;
      at += gaps[index % 2] as number;
    }
    return count;
  };
  return Math.max(countWithin([groupIntervalSeconds, shortGap]), countWithin([shortGap, groupIntervalSeconds]));
}
