import * as units from "@grafana/grafana-foundation-sdk/units";
import { promQuery, timeseriesPanel } from "../panels";
import { legend, rate, selector, sumBy } from "../queries";

// The droplet's containers as cAdvisor sees them. Only containers with a name: cAdvisor
// also reports cgroups of the host's own services, which node_exporter already covers.

const NAMED = ['name!=""'];

export function containerCpuTimeseries() {
  return timeseriesPanel(
    {
      title: "CPU by container",
      description: "Cores used by each container; one container near the droplet's core count starves the others.",
      unit: units.Short,
    },
    [promQuery(sumBy(["name"], rate(selector("container_cpu_usage_seconds_total", NAMED))), legend("name"))],
  ).min(0);
}

export function containerMemoryTimeseries() {
  return timeseriesPanel(
    {
      title: "Memory by container",
      description: "Working set of each container (what the kernel cannot reclaim), the figure an OOM kill is decided on.",
      unit: units.BytesIEC,
    },
    [promQuery(sumBy(["name"], selector("container_memory_working_set_bytes", NAMED)), legend("name"))],
  ).min(0);
}
