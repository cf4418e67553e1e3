import { containerCpuTimeseries, containerMemoryTimeseries } from "./areas/containers";
import {
  cpuBusyTimeseries,
  cpuModesTimeseries,
  diskBusyTimeseries,
  diskFillPredictionTimeseries,
  diskSpaceUsedTimeseries,
  diskThroughputTimeseries,
  memoryUsedTimeseries,
  networkTimeseries,
} from "./areas/host";
import type { DashboardDefinition } from "./defaults";
import { CANNOT_RUN_HERE, cannotRunHere } from "./live-data";
import { row } from "./panels";

// The droplet and its containers: the host alerts link here.

export const hostDashboard: DashboardDefinition = {
  file: "host",
  title: "Host and containers",
  layout(board, config) {
    return board
      .withRow(row("CPU and memory"))
      .withPanel(cpuBusyTimeseries(config))
      .withPanel(cpuModesTimeseries())
      .withPanel(memoryUsedTimeseries(config).span(24))
      .withRow(row("Disks"))
      .withPanel(diskSpaceUsedTimeseries(config))
      .withPanel(diskFillPredictionTimeseries(config))
      .withPanel(diskThroughputTimeseries())
      .withPanel(diskBusyTimeseries())
      .withRow(row("Network"))
      .withPanel(networkTimeseries().span(24))
      .withRow(row("Containers"))
      .withPanel(cannotRunHere(containerCpuTimeseries(), CANNOT_RUN_HERE.cadvisor))
      .withPanel(cannotRunHere(containerMemoryTimeseries(), CANNOT_RUN_HERE.cadvisor));
  },
};
