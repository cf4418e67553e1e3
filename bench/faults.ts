import { join } from "node:path";
import { loadConfigFile, type VigilConfig } from "../core/config";
import { PRODUCTION } from "../core/timing";
import { memoryGibOf, monthlyCostEstimate, PRICES_USD } from "../infra/sizing";
import { sleep, waitUntil } from "../scripts/local/processes";
import { notifiedAlert } from "../scripts/local/receivers";
import type { LocalStack } from "../scripts/local/stack";
import { startLocalStack } from "../scripts/local/stack";
import { processUsage, TICKS_PER_SECOND } from "./process-usage";

// Issue 9's figures, on the local stack with production timings (15 s scrapes, real `for:`
// and group_wait): how long from a fault to the page, how quiet a fault-free stretch with
// single failed scrapes stays, and what the stack costs in memory and CPU.

interface Fault {
  name: string;
  /** The alert that should reach a person, and the channel the first person hears it on. */
  alertname: string;
  channel: "pagerduty" | "slack";
  /** Trials to run; fewer for a fault whose alert waits minutes by design. */
  trials?: number;
  inject(stack: LocalStack): Promise<void>;
  heal(stack: LocalStack): Promise<void>;
}

async function setFaults(stack: LocalStack, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${stack.demoAppUrl}/admin/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`setting faults: HTTP ${response.status}`);
}

const FAULTS: Fault[] = [
  {
    name: "PostgreSQL stopped",
    alertname: "PostgresDown",
    channel: "pagerduty",
    // SIGINT is PostgreSQL's fast shutdown (what `systemctl stop` does): SIGTERM's smart
    // shutdown would wait for the exporter's connection to go, and the wait would count here.
    inject: (stack) => stack.stopProcess("postgresql", "SIGINT"),
    heal: async (stack) => stack.restartProcess("postgresql"),
  },
  {
    name: "public endpoint stops answering",
    alertname: "EndpointDown",
    channel: "pagerduty",
    inject: (stack) => setFaults(stack, { publicPageDown: true }),
    heal: (stack) => setFaults(stack, {}),
  },
  {
    name: "vigil exporter killed",
    alertname: "TargetDown",
    // A warning: Slack, after TargetDown's 5 minutes; one trial says as much as three.
    channel: "slack",
    trials: 1,
    inject: (stack) => stack.stopProcess("vigilExporter", "SIGKILL"),
    heal: async (stack) => stack.restartProcess("vigilExporter"),
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Seconds from injecting the fault to its first notification on the expected channel. */
async function detectToPage(fault: Fault): Promise<number> {
  // A fresh stack per trial: Alertmanager keeps an alert group (and its group_interval) for
  // a while after it resolves, so a second trial on the same stack would measure that.
  const stack = await startLocalStack({ timing: PRODUCTION });
  try {
    // Settle: every target scraped at least twice, so `up` and the probes have history.
    await sleep(35_000);
    stack.receivers.clear();
    await fault.inject(stack);
    // From the moment the fault is in place: stopProcess resolves once the process has exited.
    const injectedAt = Date.now();
    let pagedAt = 0;
    await waitUntil(
      `${fault.alertname} on ${fault.channel}`,
      async () => {
        const page = stack.receivers
          .received(fault.channel)
          .find((entry) => notifiedAlert(entry)?.alertname === fault.alertname && notifiedAlert(entry)?.status === "firing");
        if (page) pagedAt = page.at;
        return page !== undefined;
      },
      8 * 60_000,
    );
    await fault.heal(stack);
    return (pagedAt - injectedAt) / 1_000;
  } finally {
    await stack.stop();
  }
}

/** A fault-free stretch with one failed scrape of the application every minute: pages counted. */
async function quietRun(minutes: number): Promise<{ pages: string[]; failedScrapes: number }> {
  const stack = await startLocalStack({ timing: PRODUCTION });
  try {
    await sleep(35_000);
    stack.receivers.clear();
    for (let minute = 0; minute < minutes; minute++) {
      await setFaults(stack, { failNextScrapes: 1 });
      await sleep(60_000);
    }
    const params = new URLSearchParams({ query: `count_over_time((up{job="demo"} == 0)[${minutes + 1}m:15s])` });
    const response = await fetch(`${stack.urls.Prometheus}/api/v1/query?${params}`);
    const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
    const pages = stack.receivers
      .received()
      .filter((entry) => entry.channel !== "heartbeat")
      .map((entry) => `${entry.channel}: ${notifiedAlert(entry)?.alertname ?? "?"}`);
    return { pages, failedScrapes: Number(body.data.result[0]?.value[1] ?? 0) };
  } finally {
    await stack.stop();
  }
}

/** What the droplet would run, measured here: the processes named after vigil's services. */
const DROPLET_PROCESSES = ["prometheus", "alertmanager", "nodeExporter", "postgresExporter", "redisExporter", "blackboxExporter", "vigilExporter"];

/** Droplet sizes to compare against, with their memory (infra/sizing.ts knows the slugs). */
const DROPLET_SIZES = ["s-1vcpu-2gb", "s-2vcpu-2gb", "s-2vcpu-4gb"];

async function footprint(example: VigilConfig): Promise<string> {
  const stack = await startLocalStack({ timing: PRODUCTION });
  try {
    await sleep(60_000);
    const pids = stack.processPids();
    const measured = DROPLET_PROCESSES.filter((name) => pids[name] !== undefined);
    const before = Object.fromEntries(measured.map((name) => [name, processUsage(pids[name]!)]));
    const seconds = 60;
    await sleep(seconds * 1_000);
    const rows = measured.map((name) => {
      const after = processUsage(pids[name]!);
      const cpuPercent = ((after.cpuTicks - (before[name]?.cpuTicks ?? 0)) / TICKS_PER_SECOND / seconds) * 100;
      return { name, rssMb: after.rssKb / 1024, cpuPercent };
    });
    const totalMb = rows.reduce((sum, row) => sum + row.rssMb, 0);
    const totalCpu = rows.reduce((sum, row) => sum + row.cpuPercent, 0);
    const table = rows.map((row) => `| ${row.name} | ${row.rssMb.toFixed(1)} | ${row.cpuPercent.toFixed(2)} |`).join("\n");
    const fits = DROPLET_SIZES.map((slug) => {
      const memoryMb = (memoryGibOf(slug) ?? NaN) * 1024;
      return `${slug} (${PRICES_USD.droplets[slug] ?? "?"} USD/month): ${((totalMb / memoryMb) * 100).toFixed(0)}% of its memory`;
    }).join("; ");
    const cost = monthlyCostEstimate({
      size: example.droplet.size,
      volumeSizeGib: example.droplet.volumeSizeGib,
      backups: example.droplet.backups,
      spaces: example.statusPage !== undefined,
    });
    return [
      "### Footprint at steady state (production timings)",
      "",
      `Measured from /proc over ${seconds} s after a minute of warm-up. Grafana and cAdvisor cannot run here (no grafana-server package, no Docker); infra/ gives them memory limits of their own.`,
      "",
      "| process | RSS MB | CPU % of one core |",
      "|---|---:|---:|",
      table,
      `| **total** | **${totalMb.toFixed(1)}** | **${totalCpu.toFixed(2)}** |`,
      "",
      `Against droplet sizes: ${fits}. Goal: everything fits a 2 GiB droplet with room to spare — ${totalMb < 2048 * 0.6 ? "met" : "NOT met"} (under 60% of 2 GiB, before Grafana and cAdvisor, which infra/sizing.ts budgets separately).`,
      "",
      `Monthly cost of the example deployment (Pulumi.prod.yaml: ${example.droplet.size}, ${example.droplet.volumeSizeGib} GiB volume, backups ${example.droplet.backups ? "on" : "off"}, Spaces ${example.statusPage ? "on" : "off"}): ${cost.totalUsd ?? "?"} USD (droplet ${cost.dropletUsd ?? "?"}, volume ${cost.volumeUsd}, Spaces ${cost.spacesUsd}, backups ${cost.backupsUsd ?? "?"}); ${cost.note}.`,
      "",
    ].join("\n");
  } finally {
    await stack.stop();
  }
}

export async function benchFaults(options: { trials: number; quietMinutes: number }): Promise<string> {
  // Read before the half hour of trials, so a config error stops the run before it starts.
  const example = loadConfigFile(join(__dirname, "..", "Pulumi.prod.yaml"));
  const lines = [
    "## Detect-to-page on the local stack (production timings)",
    "",
    `Each trial starts a fresh local stack, lets it settle, injects the fault and times the first notification of the expected alert at the local receiver (${options.trials} trials per fault, ${FAULTS.filter((f) => f.trials !== undefined).map((f) => `${f.trials} for ${f.alertname}`).join(", ")}).`,
    "",
    "| fault | alert | channel | trials (s) | median s | max s |",
    "|---|---|---|---|---:|---:|",
  ];
  const medians: number[] = [];
  for (const fault of FAULTS) {
    const times: number[] = [];
    for (let trial = 0; trial < (fault.trials ?? options.trials); trial++) times.push(await detectToPage(fault));
    medians.push(median(times));
    lines.push(`| ${fault.name} | ${fault.alertname} | ${fault.channel} | ${times.map((t) => t.toFixed(1)).join(", ")} | ${median(times).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`);
  }
  const pagingMedians = FAULTS.map((fault, index) => ({ fault, median: medians[index] ?? NaN })).filter(({ fault }) => fault.channel === "pagerduty");
  lines.push(
    "",
    `Goal: median under 60 s for the faults that page (PagerDuty): ${pagingMedians.map(({ fault, median: m }) => `${fault.alertname} ${m.toFixed(1)} s`).join(", ")} — ${pagingMedians.every(({ median: m }) => m < 60) ? "met" : "NOT met"}. TargetDown is a warning by design (Slack, after its 5 minutes).`,
    "",
  );
  const quiet = await quietRun(options.quietMinutes);
  lines.push(
    `### Quiet run: ${options.quietMinutes} minutes, one failed scrape of the application each minute`,
    "",
    `Failed scrapes Prometheus recorded: ${quiet.failedScrapes}. Notifications to people: ${quiet.pages.length === 0 ? "none" : quiet.pages.join(", ")} (goal: none) — ${quiet.pages.length === 0 && quiet.failedScrapes > 0 ? "met" : "NOT met"}.`,
    "",
  );
  lines.push(await footprint(example));
  return lines.join("\n");
}
