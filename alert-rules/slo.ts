import type { BurnRate } from "../core/config/selectors";
import { BURN_RATES, errorRatioRecord, selectors, SLO_WINDOWS } from "../core/config/selectors";
import { formatDuration, parseDuration } from "../core/timing";
import type { RuleContext } from "./context";
import { requestRate } from "./http";
import { type AlertingRule, forVisitors, type RecordingRule, type RuleGroup } from "./model";
import { percent, scaledWindow } from "./templates";

// The availability SLO of the application: the share of requests not answered with a 5xx,
// and the multiwindow, multi-burn-rate alerts of the Google SRE workbook ("Alerting on
// SLOs", table 5-8) over it.
//
// The windows, the burn rates and the recording rules' names are shared with the SLO
// dashboard (core/config/selectors.ts); what is the rules' own is the range each window is
// scaled to under the timing profile, and which alert pages and which tickets.

interface BurnRateAlert extends BurnRate {
  alert: string;
  severity: "critical" | "warning";
}

/** The workbook's two responses: the page is critical, the ticket a warning. */
const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { alert: "ErrorBudgetBurnFast", ...BURN_RATES.page, severity: "critical" },
  { alert: "ErrorBudgetBurnSlow", ...BURN_RATES.ticket, severity: "warning" },
];

export function sloRules({ config, timing }: RuleContext): RuleGroup {
  const { http, slo } = selectors(config);
  const component = config.app.name;

  const records: RecordingRule[] = SLO_WINDOWS.map((window) => {
    const range = scaledWindow(timing, window);
    const requests = requestRate(http, { window: range, by: ["job"] });
    const errors = requestRate(http, { window: range, by: ["job"], matchers: [http.serverErrors] });
    return {
      record: errorRatioRecord(window),
      // `or 0 * requests`: an application that has never answered 5xx has no 5xx series,
      // and its error ratio is 0, not "no data".
      expr: `(\n  ${errors}\nor\n  0 * ${requests}\n)\n/\n${requests}`,
    };
  });

  const alerts: AlertingRule[] = BURN_RATE_ALERTS.map(({ alert, burnRate, long, short, severity }) => {
    const threshold = `(${burnRate} * ${slo.budget})`;
    const budgetLasts = formatDuration(Math.round(parseDuration(slo.window) / burnRate));
    return {
      alert,
      // No `for:`: the short window is the workbook's answer to both delay and noise; it
      // resets the alert minutes after the errors stop, while the long window alone would
      // keep it firing for an hour.
      expr: `${slo.errorRatio(long)} > ${threshold}\nand\n${slo.errorRatio(short)} > ${threshold}`,
      // Burning budget means some requests fail: partial for visitors, whichever response it asks of people.
      labels: { severity, ...forVisitors(component, "partial_outage") },
      annotations: {
        summary: `${component} is spending its error budget ${burnRate} times too fast.`,
        description: `{{ $value | humanizePercentage }} of the requests to ${component} failed over the last ${scaledWindow(timing, long)}, and still over the last ${scaledWindow(timing, short)}: at least ${burnRate} times the error budget of ${percent(slo.budget)} (availability target ${percent(slo.target)}). At this rate the ${slo.window} budget is gone in ${budgetLasts}.`,
      },
    };
  });

  return { name: "slo", rules: [...records, ...alerts] };
}
