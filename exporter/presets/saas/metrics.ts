import type { SqlMetricDefinition } from "../../../core/exporter/business-definitions";
import { SAAS_PRESET_METRICS } from "../../../core/exporter/contract";

// The standard SaaS preset: one SQL query per SAAS_PRESET_METRICS name, reading the schema
// documented in schema.sql beside this file. Counters count rows that are never deleted, so
// they only grow, which is what rate() and increase() expect.

type PresetKey = keyof typeof SAAS_PRESET_METRICS;

interface PresetQuery {
  help: string;
  type: SqlMetricDefinition["type"];
  labels: string[];
  query: string;
}

// Tier order, so an upgrade is a change to a higher rank and the funnel reads free → basic → premium.
const TIER_RANK = "CASE %s WHEN 'free' THEN 0 WHEN 'basic' THEN 1 WHEN 'premium' THEN 2 END";
const rank = (column: string) => TIER_RANK.replace("%s", column);

const PRESET: Record<PresetKey, PresetQuery> = {
  registrations: {
    help: "Accounts registered since the application started counting.",
    type: "counter",
    labels: [],
    query: "SELECT count(*) AS value FROM saas_accounts",
  },
  dailyActiveUsers: {
    help: "Distinct accounts with any activity in the last 24 hours.",
    type: "gauge",
    labels: [],
    query: "SELECT count(DISTINCT account_id) AS value FROM saas_activity WHERE occurred_at > now() - interval '1 day'",
  },
  monthlyActiveUsers: {
    help: "Distinct accounts with any activity in the last 30 days.",
    type: "gauge",
    labels: [],
    query: "SELECT count(DISTINCT account_id) AS value FROM saas_activity WHERE occurred_at > now() - interval '30 days'",
  },
  accountsByTier: {
    help: "Accounts per subscription tier (free, basic, premium).",
    type: "gauge",
    labels: ["tier"],
    // Every tier appears, at 0 when empty, so a panel never loses a line.
    query:
      "SELECT t.tier AS tier, count(a.id) AS value FROM (VALUES ('free'), ('basic'), ('premium')) AS t(tier) " +
      "LEFT JOIN saas_accounts a ON a.tier = t.tier GROUP BY t.tier",
  },
  tierUpgrades: {
    help: "Tier upgrades, by the tier left and the tier reached (the conversion funnel's steps).",
    type: "counter",
    labels: ["from", "to"],
    query:
      `SELECT from_tier AS "from", to_tier AS "to", count(*) AS value FROM saas_tier_changes ` +
      `WHERE ${rank("to_tier")} > ${rank("from_tier")} GROUP BY from_tier, to_tier`,
  },
  analysesRun: {
    help: "Analyses run (the product's unit of use).",
    type: "counter",
    labels: [],
    query: "SELECT count(*) AS value FROM saas_analyses",
  },
  paymentsSucceeded: {
    help: "Payments that succeeded.",
    type: "counter",
    labels: [],
    query: "SELECT count(*) AS value FROM saas_payments WHERE status = 'succeeded'",
  },
  paymentsFailed: {
    help: "Payments that failed.",
    type: "counter",
    labels: [],
    query: "SELECT count(*) AS value FROM saas_payments WHERE status = 'failed'",
  },
  monthlyRecurringRevenue: {
    help: "Monthly recurring revenue: the sum of the paying accounts' monthly prices, in the account currency.",
    type: "gauge",
    labels: [],
    query: "SELECT coalesce(sum(monthly_price), 0) AS value FROM saas_accounts WHERE tier <> 'free'",
  },
  apiQuotaUsedRatio: {
    help: "Share (0-1) of the API quota used in the current calendar month, over all accounts.",
    type: "gauge",
    labels: [],
    query:
      "SELECT coalesce(sum(requests_used)::float8 / nullif(sum(quota), 0), 0) AS value FROM saas_api_usage " +
      "WHERE period_start = date_trunc('month', now())::date",
  },
};

export interface PresetTiming {
  intervalSeconds: number;
  timeoutSeconds: number;
}

/** The preset's SQL metrics, in SAAS_PRESET_METRICS order. */
export function saasPresetMetrics(timing: PresetTiming): SqlMetricDefinition[] {
  return (Object.keys(SAAS_PRESET_METRICS) as PresetKey[]).map((key) => ({
    name: SAAS_PRESET_METRICS[key],
    ...PRESET[key],
    ...timing,
  }));
}
