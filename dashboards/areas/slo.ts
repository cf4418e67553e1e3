import * as units from "@grafana/grafana-foundation-sdk/units";
import type { AppHttp, Slo } from "../../core/config/selectors";
import { BURN_RATES, SLO_WINDOWS } from "../../core/config/selectors";
import {
  fallingSteps,
  instantQuery,
  limitTimeseriesPanel,
  promQuery,
  statPanel,
  thresholds,
} from "../panels";
import { ratioOrZero, rate, sumBy } from "../queries";

// The availability SLO (config.alerts.slo): the share of requests not answered 5xx over
// the SLO window, the error budget that leaves, and the burn rates the alerts watch. Burn
// rates read the SLO group's recording rules, so the dashboard and the alerts see the same
// numbers.

/** Where the burn-rate alerts fire, drawn as lines: the rates the alerts use, never restated. */
const PAGE = BURN_RATES.page;
const TICKET = BURN_RATES.ticket;

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

export function availabilityTimeseries(objective: Slo) {
  return limitTimeseriesPanel(
    {
      title: "Availability",
      description: `Share of requests not answered 5xx over each recorded window, against the target of ${objective.target * 100}% (dashed line).`,
      unit: units.PercentUnit,
    },
    (["1h", "1d", "3d"] as const).map((window) =>
      promQuery(`1 - ${objective.errorRatio(window)}`, `${window} window`),
    ),
    fallingSteps(objective.target, 1),
  );
}

export function burnRateTimeseries(objective: Slo) {
  return limitTimeseriesPanel(
    {
      title: "Burn rate",
      description:
        `How many times faster than the ${objective.window} budget allows errors are spent, per window the alerts read. ` +
        `ErrorBudgetBurnFast pages at ${PAGE.burnRate} (${PAGE.long} and ${PAGE.short}), ErrorBudgetBurnSlow tickets at ${TICKET.burnRate} (${TICKET.long} and ${TICKET.short}).`,
      unit: units.NoUnit,
    },
    SLO_WINDOWS.map((window) =>
      promQuery(`${objective.errorRatio(window)} / ${objective.budget}`, `${window} window`),
    ),
    [
      [null, "green"],
      [TICKET.burnRate, "orange"],
      [PAGE.burnRate, "red"],
    ],
  ).min(0);
}
