import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import type { BurnRateAlert } from "../../alert-rules/slo";
import { BURN_RATE_ALERTS, errorRatioRecord, SLO_WINDOWS } from "../../alert-rules/slo";
import {
  fallingSteps,
  instantQuery,
  limitTimeseriesPanel,
  promQuery,
  statPanel,
  thresholds,
} from "../panels";
import type { AppHttp } from "../queries";
import { ratioOrZero, rate, selector, sumBy } from "../queries";

// The availability SLO (config.alerts.slo): the share of requests not answered 5xx over
// the SLO window, the error budget that leaves, and the burn rates the alerts watch. Burn
// rates read the SLO group's recording rules, so the dashboard and the alerts see the same
// numbers.

/** Where the burn-rate alerts fire, drawn as lines; taken from the rules, never restated. */
function burnRateOf(alert: "ErrorBudgetBurnFast" | "ErrorBudgetBurnSlow"): BurnRateAlert {
  const found = BURN_RATE_ALERTS.find((candidate) => candidate.alert === alert);
  if (!found) throw new Error(`no burn-rate alert ${alert} in alert-rules/slo.ts`);
  return found;
}
const PAGE = burnRateOf("ErrorBudgetBurnFast");
const TICKET = burnRateOf("ErrorBudgetBurnSlow");

export interface Slo {
  target: number;
  /** 1 - target: the share of requests allowed to fail. */
  budget: number;
  window: string;
}

export function slo(config: VigilConfig): Slo {
  const { availabilityTarget, window } = config.alerts.slo;
  // 1 - 0.999 is 0.0010000000000000009 in floating point; queries should read 0.001.
  return { target: availabilityTarget, budget: Number((1 - availabilityTarget).toPrecision(12)), window };
}

/** The share of requests answered 5xx over the whole SLO window (not the time picker's). */
function windowErrorRatio(http: AppHttp, objective: Slo): string {
  const over = (matchers: string[]) => sumBy([], rate(http.requests(matchers), objective.window));
  return ratioOrZero(over([http.serverErrors]), over([]));
}

export function availabilityStat(http: AppHttp, objective: Slo) {
  return statPanel(
    {
      title: "Availability over the SLO window",
      description: `Share of requests not answered 5xx over the last ${objective.window}, against the target of ${objective.target * 100}% (red below it).`,
      unit: units.PercentUnit,
    },
    instantQuery(`1 - (${windowErrorRatio(http, objective)})`),
  )
    .decimals(3)
    .thresholds(thresholds(fallingSteps(objective.target, objective.target + objective.budget / 2)));
}

/** 1 = the whole budget left, 0 = spent, below 0 = the SLO is missed. */
function budgetRemainingExpr(http: AppHttp, objective: Slo): string {
  return `1 - (${windowErrorRatio(http, objective)}) / ${objective.budget}`;
}

export function errorBudgetRemainingStat(http: AppHttp, objective: Slo) {
  return statPanel(
    {
      title: "Error budget remaining",
      description: `Share of the ${objective.window} error budget (${Number((objective.budget * 100).toPrecision(6))}% of requests) not yet spent; below 0 the SLO is missed.`,
      unit: units.PercentUnit,
    },
    instantQuery(budgetRemainingExpr(http, objective)),
  )
    .decimals(1)
    .thresholds(thresholds(fallingSteps(0, 0.25)));
}

export function availabilityTimeseries(http: AppHttp, objective: Slo) {
  return limitTimeseriesPanel(
    {
      title: "Availability",
      description: `Share of requests not answered 5xx over each recorded window, against the target of ${objective.target * 100}% (dashed line).`,
      unit: units.PercentUnit,
    },
    (["1h", "1d", "3d"] as const).map((window) =>
      promQuery(`1 - ${selector(errorRatioRecord(window), [`job="${http.job}"`])}`, `${window} window`),
    ),
    fallingSteps(objective.target, 1),
  );
}

export function burnRateTimeseries(http: AppHttp, objective: Slo) {
  return limitTimeseriesPanel(
    {
      title: "Burn rate",
      description:
        `How many times faster than the ${objective.window} budget allows errors are spent, per window the alerts read. ` +
        `ErrorBudgetBurnFast pages at ${PAGE.burnRate} (${PAGE.long} and ${PAGE.short}), ErrorBudgetBurnSlow tickets at ${TICKET.burnRate} (${TICKET.long} and ${TICKET.short}).`,
      unit: units.NoUnit,
    },
    SLO_WINDOWS.map((window) =>
      promQuery(`${selector(errorRatioRecord(window), [`job="${http.job}"`])} / ${objective.budget}`, `${window} window`),
    ),
    [
      [null, "green"],
      [TICKET.burnRate, "orange"],
      [PAGE.burnRate, "red"],
    ],
  ).min(0);
}
