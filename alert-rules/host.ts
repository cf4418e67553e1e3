import { JOBS } from "../core/catalog";
import { HOST_FILESYSTEMS } from "../core/config/selectors";
import { parseDuration, scaledDuration } from "../core/timing";
import type { RuleContext } from "./context";
import type { RuleGroup } from "./model";
import { percent, ratioAlert, scaledWindow } from "./templates";

// Alerts about the hosts, over node_exporter's metrics: vigil's droplet and, with app.hosts,
// each of the application's droplets (job "node" too, instance = the droplet's name; see
// synth/app-hosts.ts). Each fires per instance and says which host. Hosts are not status-page
// components, so these carry no `component` label.

/** Windows and `for:` that config does not set: how the signals are smoothed. */
const HOST = {
  /** CPU busy share is averaged over this window before `cpuFor` starts counting. */
  cpuWindow: "5m",
  /** The trend of free space is fitted over six hours: long enough to ride out a burst of log lines or a dump. */
  diskTrendWindow: "6h",
  /** The trend must say "full" for an hour, so a one-off burst of writes does not warn. */
  diskFillFor: "1h",
  /** Almost full must hold a few minutes: a temporary file that is deleted again does not page. */
  diskAlmostFullFor: "5m",
  /** An OOM kill stays visible this long, enough for Alertmanager to notify. */
  oomWindow: "5m",
} as const;

/** Real disks only (the dashboards select the same ones). */
const FILESYSTEMS = HOST_FILESYSTEMS.join(", ");
/** Read-only mounts cannot fill up: `and` with this keeps only writable ones. */
const WRITABLE = `node_filesystem_readonly{${FILESYSTEMS}} == 0`;
const FREE_RATIO = `node_filesystem_avail_bytes{${FILESYSTEMS}} / node_filesystem_size_bytes{${FILESYSTEMS}}`;

export function hostRules({ config, timing }: RuleContext): RuleGroup {
  const settings = config.alerts.host;
  const node = `job="${JOBS.node}"`;
  const cpuWindow = scaledWindow(timing, HOST.cpuWindow);
  const cpuFor = scaledDuration(timing, settings.cpuFor);
  const memoryFor = scaledDuration(timing, settings.memoryFor);
  const diskTrendWindow = scaledWindow(timing, HOST.diskTrendWindow);
  const horizon = scaledDuration(timing, settings.diskFillHorizon);
  const oomWindow = scaledWindow(timing, HOST.oomWindow);
  return {
    name: "host",
    rules: [
      ratioAlert({
        alert: "HostHighCpu",
        // Busy: every mode but idle, iowait (waiting for disk, the CPU is free) and steal
        // (the hypervisor gave the time to another guest); per core, averaged.
        numerator: `sum by (instance) (rate(node_cpu_seconds_total{${node}, mode!~"idle|iowait|steal"}[${cpuWindow}]))`,
        denominator: `count by (instance) (node_cpu_seconds_total{${node}, mode="idle"})`,
        threshold: settings.cpuBusyRatio,
        for: settings.cpuFor,
        severity: "warning",
        summary: "CPU of {{ $labels.instance }} is {{ $value | humanizePercentage }} busy.",
        description: `The CPUs of {{ $labels.instance }} have been {{ $value | humanizePercentage }} busy (averaged over ${cpuWindow}) for more than ${cpuFor}, over the ${percent(settings.cpuBusyRatio)} threshold; what runs there slows down; on vigil's droplet that is Prometheus, the exporters and Grafana, and scrapes may time out.`,
        timing,
      }),
      ratioAlert({
        alert: "HostMemoryPressure",
        // MemAvailable counts page cache the kernel can drop as free, as `free -h` does.
        numerator: `node_memory_MemTotal_bytes{${node}} - node_memory_MemAvailable_bytes{${node}}`,
        denominator: `node_memory_MemTotal_bytes{${node}}`,
        threshold: settings.memoryUsedRatio,
        for: settings.memoryFor,
        severity: "warning",
        summary: "Memory of {{ $labels.instance }} is {{ $value | humanizePercentage }} used.",
        description: `{{ $labels.instance }} has used {{ $value | humanizePercentage }} of its memory for more than ${memoryFor}, over the ${percent(settings.memoryUsedRatio)} threshold; the kernel may soon kill a process or container (OOM).`,
        timing,
      }),
      {
        alert: "HostDiskWillFillIn24h",
        expr:
          `(${FREE_RATIO}) < ${settings.diskFillFreeRatio}\n` +
          `and\npredict_linear(node_filesystem_avail_bytes{${FILESYSTEMS}}[${diskTrendWindow}], ${parseDuration(horizon)}) < 0\n` +
          `and\n${WRITABLE}`,
        for: scaledDuration(timing, HOST.diskFillFor),
        labels: { severity: "warning" },
        annotations: {
          summary: `{{ $labels.mountpoint }} on {{ $labels.instance }} will fill up within ${horizon}.`,
          description: `{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has {{ $value | humanizePercentage }} free, under the ${percent(settings.diskFillFreeRatio)} threshold, and at the rate of the last ${diskTrendWindow} it is full within ${horizon}.`,
        },
      },
      {
        alert: "HostDiskAlmostFull",
        expr: `(${FREE_RATIO}) < ${settings.diskAlmostFullFreeRatio}\nand\n${WRITABLE}`,
        for: scaledDuration(timing, HOST.diskAlmostFullFor),
        labels: { severity: "critical" },
        annotations: {
          summary: "{{ $labels.mountpoint }} on {{ $labels.instance }} is almost full ({{ $value | humanizePercentage }} free).",
          description: `{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has only {{ $value | humanizePercentage }} free, under the ${percent(settings.diskAlmostFullFreeRatio)} threshold; when it is full, writes to it fail (on vigil's droplet, Prometheus stops writing samples and alerts stop).`,
        },
      },
      {
        alert: "HostOomKillDetected",
        expr: `increase(node_vmstat_oom_kill{${node}}[${oomWindow}]) > 0`,
        labels: { severity: "warning" },
        annotations: {
          summary: "The kernel of {{ $labels.instance }} killed a process for lack of memory.",
          description: `The out-of-memory killer of {{ $labels.instance }} killed {{ $value | printf "%.0f" }} process(es) in the last ${oomWindow}; a process or container may have restarted or died.`,
        },
      },
    ],
  };
}

