import type { Timing } from "../synth/timing";
import { scaled, scaledDuration } from "../synth/timing";
import type { AlertingRule, Severity } from "./model";

// Shared shapes of alerts, so the same kind of problem is alerted on the same way in
// every area (kubernetes-mixin's lib/ templates).

/**
 * How long a "down" condition must hold before it pages. With production timings (scrape
 * and evaluation every 15 s) a single failed scrape or probe, or a 20-second restart,
 * shows as at most two down samples, 30 s of sample time, which never stays pending for
 * a full 30 s of evaluations; a real outage is seen within ~15 s (median), fires 30 s
 * later and, with the critical route's 5 s group_wait, reaches the receiver in ~50 s.
 */
export const DOWN_FOR_SECONDS = 30;

export interface DownAlertOptions {
  alert: string;
  /** True while the thing is down, one series per down thing (e.g. `pg_up == 0`). */
  expr: string;
  /** The status-page component it concerns, if any. */
  component?: string;
  summary: string;
  description: string;
  timing: Timing;
}

/** A critical "X is down" alert that pages fast and never for a blip. */
export function downAlert(options: DownAlertOptions): AlertingRule {
  return {
    alert: options.alert,
    expr: options.expr,
    for: scaled(options.timing, DOWN_FOR_SECONDS),
    labels: { severity: "critical", ...(options.component ? { component: options.component } : {}) },
    annotations: { summary: options.summary, description: options.description },
  };
}

export interface RatioAlertOptions {
  alert: string;
  /** PromQL for the part (e.g. errors), aggregated to the labels the alert keeps. */
  numerator: string;
  /** PromQL for the whole (e.g. all requests), aggregated the same way. */
  denominator: string;
  /** Fires above this share (0–1). */
  threshold: number;
  /** Production duration from config, e.g. "5m"; omitted fires on the first evaluation. */
  for?: string;
  severity: Exclude<Severity, "none">;
  component?: string;
  summary: string;
  description: string;
  timing: Timing;
}

/** "part / whole > threshold": the shape of every saturation and error-ratio alert. */
export function ratioAlert(options: RatioAlertOptions): AlertingRule {
  return {
    alert: options.alert,
    expr: `(${options.numerator})\n/\n(${options.denominator})\n> ${options.threshold}`,
    ...(options.for ? { for: scaledDuration(options.timing, options.for) } : {}),
    labels: { severity: options.severity, ...(options.component ? { component: options.component } : {}) },
    annotations: { summary: options.summary, description: options.description },
  };
}
