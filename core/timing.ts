// A timing profile scales every interval and `for:` duration. `production` is what the
// droplet runs and what the promtool unit tests check; `fast` runs the same rules with
// durations divided by 60 so the e2e suite can watch alerts fire within seconds.

export interface Timing {
  name: "production" | "fast";
  scrapeIntervalSeconds: number;
  /**
   * How often the blackbox exporter probes the public URL: more often than other scrapes, as
   * an outage there is what users see first and the page must reach someone within a minute
   * (EndpointDown: detection, then DOWN_FOR_SECONDS, then the critical route's group_wait).
   * At least the probe's 5 s timeout plus a second, so a timed-out probe still finishes first.
   */
  probeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** Multiplies production durations (`for:`, group_wait, repeat intervals). */
  durationScale: number;
}

export const PRODUCTION: Timing = {
  name: "production",
  scrapeIntervalSeconds: 15,
  probeIntervalSeconds: 10,
  evaluationIntervalSeconds: 15,
  durationScale: 1,
};

export const FAST: Timing = {
  name: "fast",
  scrapeIntervalSeconds: 1,
  probeIntervalSeconds: 1,
  evaluationIntervalSeconds: 1,
  durationScale: 1 / 60,
};

export const TIMINGS: Record<Timing["name"], Timing> = { production: PRODUCTION, fast: FAST };

/** A production duration in seconds, scaled to the profile, as a Prometheus duration. */
export function scaled(timing: Timing, productionSeconds: number): string {
  return formatDuration(scaledSeconds(timing, productionSeconds));
}

/** A production duration in whole seconds, scaled to the profile, at least 1. */
export function scaledSeconds(timing: Timing, productionSeconds: number): number {
  return Math.max(1, Math.round(productionSeconds * timing.durationScale));
}

/** 90 → "1m30s", 3600 → "1h", 0 → "0s". Whole seconds only. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isInteger(totalSeconds) || totalSeconds < 0) {
    throw new Error(`duration must be a whole, non-negative number of seconds, got ${totalSeconds}`);
  }
  if (totalSeconds === 0) return "0s";
  const units: Array<[string, number]> = [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  let rest = totalSeconds;
  let out = "";
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800, y: 31_536_000 };

/** "1h30m" → 5400. Accepts Prometheus duration syntax; throws naming the bad input. */
export function parseDuration(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== duration) {
    throw new Error(`not a Prometheus duration: "${duration}"`);
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (UNIT_SECONDS[part[2] as string] ?? 0), 0);
}

/** A production duration from config ("10m"), scaled to the profile. */
export function scaledDuration(timing: Timing, productionDuration: string): string {
  return scaled(timing, parseDuration(productionDuration));
}
