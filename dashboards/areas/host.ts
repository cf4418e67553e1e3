import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as units from "@grafana/grafana-foundation-sdk/units";
import type { VigilConfig } from "../../core/config";
import { HOST_FILESYSTEMS } from "../../core/config/selectors";
import { parseDuration } from "../../core/timing";
import { DATASOURCE, limitSteps, limitTimeseriesPanel, promQuery, risingSteps, stacked, timeseriesPanel } from "../panels";
import { jobIs, legend, rate, selector, sumBy } from "../queries";

// The hosts as node_exporter sees them: vigil's droplet and, with app.hosts, each of the
// application's droplets (job "node" too, instance = droplet name). CPU, memory, disks and
// network, per host. Thresholds are the host alerts' (config.alerts.host), so a line on a
// panel is where a page would start.

const NODE = jobIs("node");

const CPU_SECONDS = "node_cpu_seconds_total";

/** The host dashboard's variable: the hosts it shows, all of them unless narrowed. */
export const HOST_VARIABLE = "instance";
/** What the host dashboard's queries add: only the hosts chosen in {@link HOST_VARIABLE}. */
const CHOSEN = [`instance=~"$${HOST_VARIABLE}"`];

/** The `instance` drop-down: every host node_exporter reports from, several at once, all by default. */
export function hostVariable(): dashboard.QueryVariableBuilder {
  const query = `label_values(${selector("node_uname_info", [NODE])}, instance)`;
  return new dashboard.QueryVariableBuilder(HOST_VARIABLE)
    .label("Host")
    .description("The hosts shown: vigil's droplet and the application's droplets, by name.")
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    // "All" as a regex, not a list of the hosts known when the page loaded: a new droplet shows up.
    .allValue(".*")
    .current({ text: "All", value: "$__all" });
}

/** Busy share of all cores, per host: everything but idle, iowait and steal (as HostHighCpu). */
export function cpuBusyExpr(hosts: readonly string[] = []): string {
  // All modes together advance by one second per core per second: the rate of the whole is
  // the core count, read without counting series of a counter.
  const busy = sumBy(["instance"], rate(selector(CPU_SECONDS, [NODE, ...hosts, 'mode!~"idle|iowait|steal"'])));
  return `${busy} / ${sumBy(["instance"], rate(selector(CPU_SECONDS, [NODE, ...hosts])))}`;
}

export function memoryUsedExpr(hosts: readonly string[] = []): string {
  const total = selector("node_memory_MemTotal_bytes", [NODE, ...hosts]);
  return `(${total} - ${selector("node_memory_MemAvailable_bytes", [NODE, ...hosts])}) / ${total}`;
}

export function diskUsedExpr(hosts: readonly string[] = []): string {
  const filesystems = [...HOST_FILESYSTEMS, ...hosts];
  return `1 - ${selector("node_filesystem_avail_bytes", filesystems)} / ${selector("node_filesystem_size_bytes", filesystems)}`;
}

export function cpuBusyTimeseries(config: VigilConfig) {
  const threshold = config.alerts.host.cpuBusyRatio;
  return limitTimeseriesPanel(
    {
      title: "CPU busy",
      description: `Share of all cores doing work; HighCpu fires above ${threshold * 100}% sustained (dashed line).`,
      unit: units.PercentUnit,
    },
    [promQuery(cpuBusyExpr(CHOSEN), legend("instance"))],
    limitSteps(threshold),
  )
    .min(0)
    .max(1);
}

export function cpuModesTimeseries() {
  return timeseriesPanel(
    {
      title: "CPU by mode",
      description: "Cores' time by mode, stacked, over the hosts chosen; much iowait means the disk, much steal means a noisy neighbour.",
      unit: units.PercentUnit,
    },
    [
      promQuery(
        `${sumBy(["mode"], rate(selector(CPU_SECONDS, [NODE, ...CHOSEN, 'mode!="idle"'])))} / scalar(${sumBy([], rate(selector(CPU_SECONDS, [NODE, ...CHOSEN])))})`,
        legend("mode"),
      ),
    ],
  )
    .stacking(stacked())
    .min(0);
}

export function memoryUsedTimeseries(config: VigilConfig) {
  const threshold = config.alerts.host.memoryUsedRatio;
  return limitTimeseriesPanel(
    {
      title: "Memory used",
      description: `Share of memory in use (available memory counted as free); MemoryPressure fires above ${threshold * 100}% (dashed line).`,
      unit: units.PercentUnit,
    },
    [promQuery(memoryUsedExpr(CHOSEN), legend("instance"))],
    limitSteps(threshold),
  )
    .min(0)
    .max(1);
}

export function diskSpaceUsedTimeseries(config: VigilConfig) {
  const { diskFillFreeRatio, diskAlmostFullFreeRatio } = config.alerts.host;
  return limitTimeseriesPanel(
    {
      title: "Disk space used",
      description: `Share of each filesystem in use; the lines are where the fill-prediction (${(1 - diskFillFreeRatio) * 100}%) and almost-full (${(1 - diskAlmostFullFreeRatio) * 100}%) alerts start.`,
      unit: units.PercentUnit,
    },
    [promQuery(diskUsedExpr(CHOSEN), legend("instance", "mountpoint"))],
    risingSteps(1 - diskFillFreeRatio, 1 - diskAlmostFullFreeRatio),
  )
    .min(0)
    .max(1);
}

export function diskFillPredictionTimeseries(config: VigilConfig) {
  const horizon = config.alerts.host.diskFillHorizon;
  return limitTimeseriesPanel(
    {
      title: "Free space predicted",
      description: `Free space each filesystem will have in ${horizon} if the last 6 hours' trend goes on; below zero (red) the disk fills up within ${horizon}.`,
      unit: units.BytesIEC,
    },
    [
      promQuery(
        `predict_linear(${selector("node_filesystem_avail_bytes", [...HOST_FILESYSTEMS, ...CHOSEN])}[6h], ${parseDuration(horizon)})`,
        legend("instance", "mountpoint"),
      ),
    ],
    [
      [null, "red"],
      [0, "green"],
    ],
  );
}

export function diskThroughputTimeseries() {
  const bytes = (metric: string) => sumBy(["instance", "device"], rate(selector(metric, [NODE, ...CHOSEN])));
  return timeseriesPanel(
    {
      title: "Disk throughput",
      description: "Bytes read (above zero) and written (below zero) per second, per host and disk.",
      unit: units.BytesPerSecondIEC,
    },
    [
      promQuery(bytes("node_disk_read_bytes_total"), "read {{instance}} {{device}}"),
      promQuery(`-${bytes("node_disk_written_bytes_total")}`, "written {{instance}} {{device}}"),
    ],
  );
}

export function diskBusyTimeseries() {
  return timeseriesPanel(
    {
      title: "Disk busy",
      description: "Share of time each disk had I/O in flight; near 100% the disk is the bottleneck.",
      unit: units.PercentUnit,
    },
    [promQuery(sumBy(["instance", "device"], rate(selector("node_disk_io_time_seconds_total", [NODE, ...CHOSEN]))), legend("instance", "device"))],
  ).min(0);
}

export function networkTimeseries() {
  const bytes = (metric: string) => sumBy(["instance", "device"], rate(selector(metric, [NODE, ...CHOSEN, 'device!~"lo|veth.*|docker.*|br-.*"'])));
  return timeseriesPanel(
    {
      title: "Network",
      description: "Bytes received (above zero) and sent (below zero) per second, per host and interface.",
      unit: units.BytesPerSecondIEC,
    },
    [
      promQuery(bytes("node_network_receive_bytes_total"), "received {{instance}} {{device}}"),
      promQuery(`-${bytes("node_network_transmit_bytes_total")}`, "sent {{instance}} {{device}}"),
    ],
  );
}

/** The overview's saturation signal: the fullest host for each resource, side by side. */
export function saturationTimeseries(config: VigilConfig) {
  const { cpuBusyRatio, memoryUsedRatio } = config.alerts.host;
  return limitTimeseriesPanel(
    {
      title: "Saturation",
      description: "How full the hosts are: the busiest CPU, the most used memory and the fullest disk of any host, as shares; the host alerts start near the red line.",
      unit: units.PercentUnit,
    },
    [
      promQuery(`max(${cpuBusyExpr()})`, "CPU"),
      promQuery(`max(${memoryUsedExpr()})`, "memory"),
      promQuery(`max(${diskUsedExpr()})`, "fullest disk"),
    ],
    limitSteps(Math.min(cpuBusyRatio, memoryUsedRatio)),
  )
    .min(0)
    .max(1);
}
