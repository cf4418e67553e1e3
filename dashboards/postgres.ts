import {
  busiestStatementsTable,
  cacheHitRatioTimeseries,
  connectionsTimeseries,
  connectionsUsedStat,
  databaseSizeTimeseries,
  deadlocksTimeseries,
  frequentStatementsTable,
  locksTimeseries,
  longestTransactionTimeseries,
  postgresUpStat,
  slowestStatementsTable,
  transactionsTimeseries,
} from "./areas/postgres";
import type { DashboardDefinition } from "./defaults";
import { row } from "./panels";

// The application's PostgreSQL: the postgres alerts link here.

export const postgresDashboard: DashboardDefinition = {
  file: "postgres",
  title: "PostgreSQL",
  enabled: (config) => config.postgres !== undefined,
  layout(board, config) {
    return board
      .withRow(row("Health"))
      .withPanel(postgresUpStat().span(12))
      .withPanel(connectionsUsedStat(config).span(12))
      .withRow(row("Connections and locks"))
      .withPanel(connectionsTimeseries())
      .withPanel(locksTimeseries())
      .withRow(row("Work"))
      .withPanel(transactionsTimeseries())
      .withPanel(cacheHitRatioTimeseries(config))
      .withPanel(longestTransactionTimeseries(config))
      .withPanel(deadlocksTimeseries())
      .withRow(row("Slow queries"))
      .withPanel(slowestStatementsTable().span(24))
      .withPanel(busiestStatementsTable())
      .withPanel(frequentStatementsTable())
      .withRow(row("Storage"))
      .withPanel(databaseSizeTimeseries().span(24));
  },
};
