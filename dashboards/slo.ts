import { selectors } from "../core/config/selectors";
import { availabilityStat, availabilityTimeseries, burnRateTimeseries, errorBudgetRemainingStat } from "./areas/slo";
import type { DashboardDefinition } from "./defaults";
import { row } from "./panels";

// The availability SLO: where it stands over its window, how much budget is left, and how
// fast it burns in the windows the ErrorBudgetBurn alerts read.

const SLO_WINDOW_REASON =
  "the SLO is counted over its configured window (alerts.slo.window), which must not change with the time picker";

export const sloDashboard: DashboardDefinition = {
  file: "slo",
  title: "SLO",
  spansSloWindow: true,
  layout(board, config) {
    const { http, slo: objective } = selectors(config);
    return board
      .withRow(row(`Availability target ${objective.target * 100}% over ${objective.window}`))
      .withPanel(availabilityStat(http, objective).span(12))
      .withPanel(errorBudgetRemainingStat(http, objective).span(12))
      .withRow(row("Burn"))
      .withPanel(availabilityTimeseries(objective))
      .withPanel(burnRateTimeseries(objective));
  },
  lintExceptions: [
    { rule: "target-rate-interval", panel: "Availability over the SLO window", reason: SLO_WINDOW_REASON },
    { rule: "target-rate-interval", panel: "Error budget remaining", reason: SLO_WINDOW_REASON },
  ],
};
