import {
  activeUsersTimeseries,
  analysesTimeseries,
  apiQuotaStat,
  conversionFunnelBargauge,
  dailyActiveUsersStat,
  declaredMetrics,
  declaredMetricTimeseries,
  mrrStat,
  mrrTimeseries,
  paymentFailureShareTimeseries,
  paymentFailuresTimeseries,
  queryDurationTimeseries,
  queryErrorsTimeseries,
  queryStalenessTimeseries,
  registrationsTimeseries,
  tierDistributionPiechart,
} from "./areas/business";
import type { VigilConfig } from "../core/config";
import type { DashboardDefinition } from "./defaults";
import type { LintException } from "./lint-rules";
import { row } from "./panels";

// Business KPIs next to the technical ones: the standard SaaS preset when the config
// switches it on, one panel per business metric the config declares, and how fresh the
// numbers are. The business alerts link here.

const PER_DAY = "a business day is the unit product people read: a rolling 24-hour count that does not change with the zoom";

const PRESET_EXCEPTIONS: LintException[] = [
  { rule: "target-rate-interval", panel: "Registrations per day", reason: PER_DAY },
  { rule: "target-rate-interval", panel: "Analyses per day", reason: PER_DAY },
  {
    rule: "target-rate-interval",
    panel: "Conversion funnel",
    reason: "upgrades are rare; a funnel only reads over a month of them, whatever the zoom",
  },
  { rule: "target-rate-interval", panel: "Payment failure share", reason: PER_DAY },
  {
    rule: "target-rate-interval",
    panel: "Payment failures per hour",
    reason: "the same hourly count PaymentFailuresHigh alerts on, so the dashed line means the same thing",
  },
];

const saasPresetOn = (config: VigilConfig) => config.business?.saasPreset ?? false;

export const businessDashboard: DashboardDefinition = {
  file: "business",
  title: "Business KPIs",
  layout(board, config) {
    const saasPreset = saasPresetOn(config);
    const declared = declaredMetrics(config);
    if (saasPreset) {
      board
        .withRow(row("SaaS preset"))
        .withPanel(dailyActiveUsersStat().span(8))
        .withPanel(mrrStat().span(8))
        .withPanel(apiQuotaStat(config).span(8))
        .withPanel(registrationsTimeseries())
        .withPanel(activeUsersTimeseries())
        .withPanel(analysesTimeseries())
        .withPanel(mrrTimeseries())
        .withPanel(tierDistributionPiechart().span(12))
        .withPanel(conversionFunnelBargauge().span(12))
        .withPanel(paymentFailuresTimeseries(config))
        .withPanel(paymentFailureShareTimeseries());
    }
    if (declared.length > 0) {
      board.withRow(row("Declared metrics"));
      for (const metric of declared) board.withPanel(declaredMetricTimeseries(metric));
    }
    // Always there, like BusinessQueryFailing, which links here: without business queries
    // these panels are simply empty.
    return board
      .withRow(row("Business queries"))
      .withPanel(queryStalenessTimeseries())
      .withPanel(queryDurationTimeseries(config))
      .withPanel(queryErrorsTimeseries(config));
  },
  lintExceptions: (config) => (saasPresetOn(config) ? PRESET_EXCEPTIONS : []),
};
