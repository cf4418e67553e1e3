// What the droplet's size allows: memory limits per container, the data volume a retention
// needs, and what a month costs.

// The volume's sizing lives on the ground floor, because the config's default for
// droplet.volumeSizeGib follows from its retention and core/config imports nothing above
// core/; the droplet's sizing is read here, all of it.
export {
  CADVISOR_SAMPLES_PER_SECOND,
  dataVolumeNeed,
  EXAMPLE_STACK_TSDB,
  largestBlockSeconds,
  MEASURED_BLOCK_BYTES_PER_SAMPLE,
  MEASURED_HEAD_SERIES,
  MEASURED_SAMPLES_PER_SECOND,
  MEASURED_WAL_BYTES_PER_SAMPLE,
  MIN_VOLUME_GIB,
  OTHER_SERVICES_BYTES,
  type TsdbFigures,
  type VolumeNeed,
  type VolumeNeedInput,
} from "../core/volume-sizing";

/** GiB of memory in a DigitalOcean size slug (s-2vcpu-4gb → 4); undefined when it names none. */
export function memoryGibOf(sizeSlug: string): number | undefined {
  const match = /-(\d+)gb(-|$)/.exec(sizeSlug);
  return match ? Number(match[1]) : undefined;
}

/** The smallest droplet the stack fits in with the OS and Docker beside it. */
export const MIN_MEMORY_GIB = 2;

/** Fixed limits in MiB: these services' working sets do not grow with the droplet. */
const FIXED_LIMITS_MIB: Record<string, number> = {
  alertmanager: 128,
  "node-exporter": 64,
  "blackbox-exporter": 64,
  "postgres-exporter": 96,
  "redis-exporter": 64,
  cadvisor: 192,
  "vigil-exporter": 256,
  caddy: 128,
  // VictoriaLogs sizes its caches from its cgroup's limit (-memory.allowedPercent, 60%):
  // 256 MiB holds 10,000 lines a minute and the Logs dashboard's queries.
  "victoria-logs": 256,
  vmauth: 64,
  vmalert: 64,
  // Mem_Buf_Limit and storage.backlog.mem_limit (16 MiB each) and the tail's buffers.
  "fluent-bit": 96,
};

/**
 * Memory limits in MiB by container name. A quarter of the droplet stays with the kernel,
 * Docker and the page cache Prometheus's TSDB leans on; Grafana gets a tenth, at least 256
 * MiB; Prometheus takes what is left, since its head block grows with series and is what
 * a larger droplet is for. Throws below MIN_MEMORY_GIB, where Prometheus would be starved.
 */
export function memoryLimitsMib(sizeSlug: string, containers: readonly string[]): Record<string, number> {
  const gib = memoryGibOf(sizeSlug);
  if (gib === undefined) throw new Error(`cannot tell the memory of droplet size ${sizeSlug}`);
  if (gib < MIN_MEMORY_GIB) throw new Error(`droplet size ${sizeSlug} has ${gib} GiB; vigil needs at least ${MIN_MEMORY_GIB} GiB`);
  const budget = Math.floor(gib * 1024 * 0.75);
  const grafana = Math.max(256, Math.floor(gib * 1024 * 0.1));
  const limits: Record<string, number> = {};
  let used = 0;
  for (const container of containers) {
    if (container === "prometheus") continue;
    const limit = container === "grafana" ? grafana : (FIXED_LIMITS_MIB[container] ?? 128);
    limits[container] = limit;
    used += limit;
  }
  if (containers.includes("prometheus")) limits.prometheus = Math.max(512, budget - used);
  return limits;
}

/**
 * List prices in USD per month (DigitalOcean's pricing page; check it before relying on
 * the estimate): basic droplets by slug, block storage per GiB, Spaces' base subscription
 * (250 GiB and 1 TiB transfer included), weekly backups as a share of the droplet.
 */
export const PRICES_USD = {
  droplets: {
    "s-1vcpu-2gb": 12,
    "s-2vcpu-2gb": 18,
    "s-2vcpu-4gb": 24,
    "s-4vcpu-8gb": 48,
    "s-8vcpu-16gb": 96,
    "g-2vcpu-8gb": 63,
    "c-2": 42,
  } as Record<string, number>,
  volumePerGib: 0.1,
  spaces: 5,
  weeklyBackupShare: 0.2,
} as const;

export interface CostEstimate {
  dropletUsd: number | null;
  volumeUsd: number;
  spacesUsd: number;
  backupsUsd: number | null;
  /** null when the droplet size is not in the price table. */
  totalUsd: number | null;
  note: string;
}

export function monthlyCostEstimate(input: {
  size: string;
  volumeSizeGib: number;
  backups: boolean;
  spaces: boolean;
}): CostEstimate {
  const droplet = PRICES_USD.droplets[input.size] ?? null;
  const volume = round(input.volumeSizeGib * PRICES_USD.volumePerGib);
  const spaces = input.spaces ? PRICES_USD.spaces : 0;
  const backups = input.backups ? (droplet === null ? null : round(droplet * PRICES_USD.weeklyBackupShare)) : 0;
  const total = droplet === null || backups === null ? null : round(droplet + volume + spaces + backups);
  return {
    dropletUsd: droplet,
    volumeUsd: volume,
    spacesUsd: spaces,
    backupsUsd: backups,
    totalUsd: total,
    note:
      droplet === null
        ? `size ${input.size} is not in infra/sizing.ts's price table; add its list price`
        : "list prices, USD per month, before tax; volume snapshots, CDN transfer beyond Spaces' allowance and uptime checks beyond the free tier are extra",
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
