import { COMPONENT_STATUS_LABEL, type DailyUptime, declaredStatus, type PageDefinition, SEVERITIES, type Severity, statusOfAlert } from "../core/status-model";

// Daily uptime per component from Prometheus range queries, the way Statuspage counts it:
// a major outage is downtime, a partial outage counts 30%, degraded performance and
// maintenance count as up. A day nobody observed (before monitoring began) has no figure.
// Figures once computed are kept in the status state: Prometheus forgets days past its
// retention, the page does not (mergeUptime).

export const UPTIME_DAYS = 90;
export const PARTIAL_OUTAGE_WEIGHT = 0.3;
const DAY_SECONDS = 86_400;

/** One series of a Prometheus matrix result: labels and [unix seconds, "value"] samples. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** The three range queries' results (all with the same step). */
export interface UptimeSamples {
  stepSeconds: number;
  /** `max by (component, severity, component_status) (ALERTS{alertstate="firing", component!=""})` */
  alerts: MatrixSeries[];
  /** `min by (component) (probe_success{component!=""})`: 0 is a failed probe. */
  probes: MatrixSeries[];
  /** `max by (component) (up{component!=""})`: any sample means the component was watched. */
  watched: MatrixSeries[];
}

/** The PromQL for each of UptimeSamples' fields. */
export const UPTIME_QUERIES: Record<"alerts" | "probes" | "watched", string> = {
  alerts: `max by (component, severity, ${COMPONENT_STATUS_LABEL}) (ALERTS{alertstate="firing", component!=""})`,
  probes: 'min by (component) (probe_success{component!=""})',
  watched: 'max by (component) (up{component!=""})',
};

/** Start of the UTC day holding `unixSeconds`. */
function dayStart(unixSeconds: number): number {
  return Math.floor(unixSeconds / DAY_SECONDS) * DAY_SECONDS;
}

/** The `days` UTC days ending with today, oldest first, as their start times. */
export function uptimeDays(now: Date, days: number = UPTIME_DAYS): number[] {
  const today = dayStart(Math.floor(now.getTime() / 1_000));
  return Array.from({ length: days }, (_, index) => today - (days - 1 - index) * DAY_SECONDS);
}

type Weight = "major" | "partial";

/** Daily uptime for every defined component, oldest day first. */
export function dailyUptime(page: PageDefinition, samples: UptimeSamples, now: Date, days: number = UPTIME_DAYS): Record<string, DailyUptime[]> {
  const starts = uptimeDays(now, days);
  const result: Record<string, DailyUptime[]> = {};
  for (const component of page.components) {
    // Per sample time, the worst thing known about the component at that time.
    const down = new Map<number, Weight>();
    const watched = new Set<number>();
    const mark = (time: number, weight: Weight) => {
      if (down.get(time) !== "major") down.set(time, weight);
    };
    for (const series of samples.alerts.filter((s) => s.metric.component === component.id)) {
      const severity: Severity = SEVERITIES.find((value) => value === series.metric.severity) ?? "info";
      // As the page showed it: the status the alert declares, else its severity's.
      const componentStatus = declaredStatus(series.metric[COMPONENT_STATUS_LABEL]);
      const status = statusOfAlert(page, { severity, ...(componentStatus ? { componentStatus } : {}) });
      const weight: Weight | undefined = status === "major_outage" ? "major" : status === "partial_outage" ? "partial" : undefined;
      for (const [time] of series.values) {
        watched.add(time);
        if (weight) mark(time, weight);
      }
    }
    for (const series of samples.probes.filter((s) => s.metric.component === component.id)) {
      for (const [time, value] of series.values) {
        watched.add(time);
        if (Number(value) === 0) mark(time, "major");
      }
    }
    for (const series of samples.watched.filter((s) => s.metric.component === component.id)) {
      for (const [time] of series.values) watched.add(time);
    }
    result[component.id] = starts.map((start) => dayFigure(start, samples.stepSeconds, watched, down));
  }
  return result;
}

function dayFigure(start: number, stepSeconds: number, watched: Set<number>, down: Map<number, Weight>): DailyUptime {
  const end = start + DAY_SECONDS;
  let observed = 0;
  let major = 0;
  let partial = 0;
  for (const time of watched) {
    if (time < start || time >= end) continue;
    observed += 1;
    const weight = down.get(time);
    if (weight === "major") major += 1;
    else if (weight === "partial") partial += 1;
  }
  const date = new Date(start * 1_000).toISOString().slice(0, 10);
  if (observed === 0) return { date, uptime: null, observedSeconds: 0, majorOutageSeconds: 0, partialOutageSeconds: 0 };
  return {
    date,
    uptime: 1 - (major + PARTIAL_OUTAGE_WEIGHT * partial) / observed,
    observedSeconds: observed * stepSeconds,
    majorOutageSeconds: major * stepSeconds,
    partialOutageSeconds: partial * stepSeconds,
  };
}

/**
 * The days to publish: a freshly computed day replaces the kept one only when Prometheus saw
 * at least as much of it. Days past Prometheus's retention (or before a replacement droplet's
 * Prometheus began) keep their figures; a day at the retention edge keeps its whole-day figure
 * rather than the few hours Prometheus still holds. A kept day from a state that did not record
 * what it observed counts as observed for no time, so it gives way to any fresh figure.
 */
export function mergeUptime(kept: Record<string, DailyUptime[]>, fresh: Record<string, DailyUptime[]>): Record<string, DailyUptime[]> {
  const merged: Record<string, DailyUptime[]> = {};
  for (const [component, days] of Object.entries(fresh)) {
    const keptByDate = new Map((kept[component] ?? []).map((day) => [day.date, day]));
    merged[component] = days.map((day) => {
      const known = keptByDate.get(day.date);
      if (!known || known.uptime === null) return day;
      const freshSeen = day.observedSeconds ?? 0;
      return freshSeen > 0 && freshSeen >= (known.observedSeconds ?? 0) ? day : known;
    });
  }
  return merged;
}

/** The 90-day figure: observed-time weighted, so days without data do not count as up. */
export function periodUptime(days: DailyUptime[]): number | null {
  const known = days.filter((day) => day.uptime !== null);
  if (known.length === 0) return null;
  return known.reduce((sum, day) => sum + (day.uptime ?? 0), 0) / known.length;
}
