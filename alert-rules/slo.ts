import { formatDuration, parseDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { appHttp } from "./http";
import type { AlertingRule, RecordingRule, RuleGroup } from "./model";
import { percent, scaledWindow } from "./templates";

// The availability SLO of the application: the share of requests not answered with a 5xx,
// and the multiwindow, multi-burn-rate alerts of the Google SRE workbook ("Alerting on
// SLOs", table 5-8) over it.
//
// Recording rules are named after the workbook, `level:metric:operations`:
// `job:slo_errors_per_request:ratio_rate<window>` is the share of the application's requests
// answered 5xx over <window>, one series per job. The name carries the production window;
// the `fast` timing profile scales the window itself like every other duration, so the
// names (which dashboards and alerts select) stay the same.

/** The windows recorded: the alerts' long and short windows, and 1d/3d for dashboards. */
export const SLO_WINDOWS = ["5m", "30m", "1h", "6h", "1d", "3d"] as const;
type SloWindow = (typeof SLO_WINDOWS)[number];

export function errorRatioRecord(window: SloWindow): string {
  return `job:slo_errors_per_request:ratio_rate${window}`;
}

export interface BurnRateAlert {
  alert: string;
  /** How many times faster than "exactly the budget over the SLO window". */
  burnRate: number;
  long: SloWindow;
  short: SloWindow;
  severity: "critical" | "warning";
}

/** The workbook's page (2% of a 30-day budget in 1h) and its ticket (5% in 6h). */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { alert: "ErrorBudgetBurnFast", burnRate: 14.4, long: "1h", short: "5m", severity: "critical" },
  { alert: "ErrorBudgetBurnSlow", burnRate: 6, long: "6h", short: "30m", severity: "warning" },
];

export function sloRules({ config, timing }: RuleContext): RuleGroup {
  const { availabilityTarget, window: sloWindow } = config.alerts.slo;
  const http = appHttp(config);
  const component = config.app.name;
  // 1 - 0.999 is 0.0010000000000000009 in floating point; the rule should read 0.001.
  const budget = Number((1 - availabilityTarget).toPrecision(12));

  const records: RecordingRule[] = SLO_WINDOWS.map((window) => {
    const range = scaledWindow(timing, window);
    const requests = http.requestRate({ window: range, by: ["job"] });
    const errors = http.requestRate({ window: range, by: ["job"], matchers: [http.serverErrors] });
    return {
      record: errorRatioRecord(window),
      // `or 0 * requests`: an application that has never answered 5xx has no 5xx series,
      // and its error ratio is 0, not "no data".
      expr: `(\n  ${errors}\nor\n  0 * ${requests}\n)\n/\n${requests}`,
    };
  });

  const alerts: AlertingRule[] = BURN_RATE_ALERTS.map(({ alert, burnRate, long, short, severity }) => {
    const threshold = `(${burnRate} * ${budget})`;
    const selector = `{job="${http.job}"}`;
    const budgetLasts = formatDuration(Math.round(parseDuration(sloWindow) / burnRate));
    return {
      alert,
      // No `for:`: the short window is the workbook's answer to both delay and noise; it
      // resets the alert minutes after the errors stop, while the long window alone would
      // keep it firing for an hour.
      expr: `${errorRatioRecord(long)}${selector} > ${threshold}\nand\n${errorRatioRecord(short)}${selector} > ${threshold}`,
      labels: { severity, component },
      annotations: {
        summary: `${component} is spending its error budget ${burnRate} times too fast.`,
        description: `{{ $value | humanizePercentage }} of the requests to ${component} failed over the last ${scaledWindow(timing, long)}, and still over the last ${scaledWindow(timing, short)}: at least ${burnRate} times the error budget of ${percent(budget)} (availability target ${percent(availabilityTarget)}). At this rate the ${sloWindow} budget is gone in ${budgetLasts}.`,
      },
    };
  });

  return { name: "slo", rules: [...records, ...alerts] };
}
