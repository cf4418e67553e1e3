import {
  clientsTimeseries,
  commandsTimeseries,
  evictionsTimeseries,
  hitRatioTimeseries,
  keysTimeseries,
  memoryTimeseries,
  memoryUsedStat,
  redisUpStat,
  rejectedConnectionsTimeseries,
} from "./areas/redis";
import type { DashboardDefinition } from "./defaults";
import { row } from "./panels";

// The application's Redis: the redis alerts link here.

export const redisDashboard: DashboardDefinition = {
  file: "redis",
  title: "Redis",
  enabled: (config) => config.redis !== undefined,
  layout(board, config) {
    return board
      .withRow(row("Health"))
      .withPanel(redisUpStat().span(12))
      .withPanel(memoryUsedStat(config).span(12))
      .withRow(row("Memory and keys"))
      .withPanel(memoryTimeseries())
      .withPanel(evictionsTimeseries())
      .withPanel(keysTimeseries())
      .withPanel(hitRatioTimeseries())
      .withRow(row("Clients and commands"))
      .withPanel(clientsTimeseries(config))
      .withPanel(rejectedConnectionsTimeseries())
      .withPanel(commandsTimeseries().span(24));
  },
};
