import { containerCpuTimeseries, containerMemoryTimeseries } from "./areas/containers";
import {
  cpuBusyTimeseries,
  cpuModesTimeseries,
  diskBusyTimeseries,
  diskFillPredictionTimeseries,
  diskSpaceUsedTimeseries,
  diskThroughputTimeseries,
  memoryUsedTimeseries,
  hostVariable,
  networkTimeseries,
} from "./areas/host";
import type { DashboardDefinition } from "./defaults";
import { CANNOT_RUN_HERE, cannotRunHere } from "./live-data";
import { row } from "./panels";

// The hosts (vigil's droplet and, with app.hosts, the application's droplets), one
// drop-down to narrow them, and vigil's containers: the host alerts link here.

export const hostDashboard: DashboardDefinition = {
  file: "host",
  title: "Host and containers",
  layout(board, config) {
    return board
      .withVariable(hostVariable())
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
      // cAdvisor runs on vigil's droplet only: these are its containers, whichever hosts are chosen.
      .withRow(row("Containers"))
      .withPanel(cannotRunHere(containerCpuTimeseries(), CANNOT_RUN_HERE.cadvisor))
      .withPanel(cannotRunHere(containerMemoryTimeseries(), CANNOT_RUN_HERE.cadvisor));
  },
};
