import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_CATALOG } from "../core/catalog";
import { FAST, PRODUCTION } from "../core/timing";
import { alertSettingsSchema } from "../core/config/alert-settings";
import { CADVISOR_SAMPLES_PER_SECOND, dataVolumeNeed, type TsdbFigures } from "../infra/sizing";
import { sleep, waitUntil } from "../scripts/local/processes";
import type { LocalStack } from "../scripts/local/stack";
import { startLocalStack } from "../scripts/local/stack";

// The tsdb section of bench/results.md: what the data volume's default size is computed
// from (core/volume-sizing.ts). Two runs of the local stack, each bounded in time, all on
// 127.0.0.1:
// 1. production timings (15 s scrapes and evaluations, what the droplet runs): samples
//    ingested per second and head series, from Prometheus's own counters;
// 2. fast timings (1 s) with 2-minute TSDB blocks (Prometheus's hidden
//    --storage.tsdb.min/max-block-duration flags): a persisted block within minutes, whose
//    meta.json and files give the bytes per sample after compaction, and the WAL's growth
//    per sample appended. At 1 s a 2-minute block holds 120 samples per series, one full
//    chunk each, as a production block does per half hour.

/** Warm-up before counting: every target scraped and every rule group evaluated twice. */
const WARM_UP_MS = 35_000;
/** How long ingestion is counted at production timings: eight scrape intervals. */
const INGESTION_WINDOW_MS = 120_000;
/** The short block the fast run compacts, in minutes: 120 one-second samples, one chunk per series. */
const BLOCK_MINUTES = 2;
/** The fast run waits this long at most for its first full block (head compaction needs 1.5 blocks of data). */
const BLOCK_DEADLINE_MS = 7 * 60_000;

/** Samples per series in a production block: 2 h of 15 s scrapes. */
const PRODUCTION_BLOCK_SAMPLES = (2 * 3_600) / PRODUCTION.scrapeIntervalSeconds;

const BLOCK_FLAGS = [`--storage.tsdb.min-block-duration=${BLOCK_MINUTES}m`, `--storage.tsdb.max-block-duration=${BLOCK_MINUTES}m`];

/** A ULID: the name of a persisted block's directory (one still being written ends in .tmp-…). */
const BLOCK_DIR = /^[0-9A-HJKMNP-TV-Z]{26}$/;

interface PrometheusCounters {
  samplesAppended: number;
  headSeries: number;
}

/** Sum of every series of `name` in a text exposition (all its label sets). */
function exposedSum(body: string, name: string): number {
  const line = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)`, "gm");
  return [...body.matchAll(line)].reduce((sum, match) => sum + Number(match[2]), 0);
}

/** Prometheus's own counters read from its /metrics now, not from its last self-scrape. */
async function countersOf(stack: LocalStack): Promise<PrometheusCounters> {
  const response = await fetch(`${stack.urls.Prometheus}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`Prometheus /metrics: HTTP ${response.status}`);
  const body = await response.text();
  return {
    // Prometheus 3 counts float and histogram samples apart (label type); both take disk.
    samplesAppended: exposedSum(body, "prometheus_tsdb_head_samples_appended_total"),
    headSeries: exposedSum(body, "prometheus_tsdb_head_series"),
  };
}

async function instantQuery(stack: LocalStack, query: string): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const params = new URLSearchParams({ query });
  const response = await fetch(`${stack.urls.Prometheus}/api/v1/query?${params}`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`${query}: HTTP ${response.status}`);
  const body = (await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  return body.data.result.map((entry) => ({ labels: entry.metric, value: Number(entry.value[1]) }));
}

/** Bytes of the files under `path` (their apparent size, as du --apparent-size counts). */
function bytesUnder(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + bytesUnder(join(path, entry)), 0);
}

interface JobIngestion {
  job: string;
  targets: number;
  /** Samples one scrape of all the job's targets appends: the exposition's, plus the 5 per target Prometheus adds (up, scrape_*). */
  samplesPerScrape: number;
}

interface Ingestion {
  samplesPerSecond: number;
  headSeries: number;
  windowSeconds: number;
  jobs: JobIngestion[];
  /** Samples the recording and alerting rules wrote at their last evaluation. */
  ruleSamplesPerEvaluation: number;
}

/** Samples per second and head series at production timings. */
async function measureIngestion(): Promise<Ingestion> {
  const stack = await startLocalStack({ timing: PRODUCTION });
  try {
    await sleep(WARM_UP_MS);
    const before = await countersOf(stack);
    const startedAt = Date.now();
    await sleep(INGESTION_WINDOW_MS);
    const after = await countersOf(stack);
    const windowSeconds = (Date.now() - startedAt) / 1_000;
    const targets = await instantQuery(stack, "count by (job) (up)");
    const samples = await instantQuery(stack, "sum by (job) (scrape_samples_post_metric_relabeling)");
    const rules = await instantQuery(stack, "sum(prometheus_rule_group_last_evaluation_samples)");
    if (rules.length === 0) throw new Error("Prometheus serves no prometheus_rule_group_last_evaluation_samples: no rule group was evaluated");
    const jobs = targets
      .map(({ labels, value }) => ({
        job: labels.job ?? "?",
        targets: value,
        samplesPerScrape: (samples.find((entry) => entry.labels.job === labels.job)?.value ?? 0) + 5 * value,
      }))
      .sort((a, b) => b.samplesPerScrape - a.samplesPerScrape);
    return {
      samplesPerSecond: (after.samplesAppended - before.samplesAppended) / windowSeconds,
      headSeries: after.headSeries,
      windowSeconds,
      jobs,
      ruleSamplesPerEvaluation: rules[0]?.value ?? 0,
    };
  } finally {
    await stack.stop();
  }
}

interface BlockMeta {
  minTime: number;
  maxTime: number;
  stats: { numSamples: number; numSeries: number; numChunks: number };
}

interface Block {
  meta: BlockMeta;
  chunkBytes: number;
  indexBytes: number;
  totalBytes: number;
}

function readBlock(dir: string): Block {
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as BlockMeta;
  return { meta, chunkBytes: bytesUnder(join(dir, "chunks")), indexBytes: bytesUnder(join(dir, "index")), totalBytes: bytesUnder(dir) };
}

/**
 * A persisted block that spans a whole block range. The first one starts part-way, when
 * Prometheus did; each after it starts where the one before ended.
 */
function fullBlockIn(dataDir: string): Block | undefined {
  const blocks = readdirSync(dataDir)
    .filter((name) => BLOCK_DIR.test(name) && existsSync(join(dataDir, name, "meta.json")))
    .map((name) => readBlock(join(dataDir, name)))
    .sort((a, b) => a.meta.minTime - b.meta.minTime);
  // 1 s short of the range at most: the head may start a block at its first sample after the boundary.
  return blocks.slice(1).find((block) => block.meta.maxTime - block.meta.minTime >= BLOCK_MINUTES * 60_000 - 1_000);
}

interface Storage {
  block: Block;
  walBytesPerSample: number;
  walSamples: number;
  walBytes: number;
  headChunksBytes: number;
}

/** A compacted block's bytes per sample, and the WAL's bytes per sample appended, at fast timings. */
async function measureStorage(): Promise<Storage> {
  const stack = await startLocalStack({ timing: FAST, extraFlags: { prometheus: BLOCK_FLAGS } });
  try {
    const dataDir = stack.placement.dataDirs.prometheus;
    const wal = join(dataDir, "wal");
    await sleep(WARM_UP_MS);
    // The WAL grows by whole 32 KiB pages and every segment is kept until the fourth head
    // compaction (tsdb/head.go, truncateWAL), so its growth between two readings within the
    // first minutes is what the samples appended in between took.
    const walBefore = { bytes: bytesUnder(wal), counters: await countersOf(stack) };
    let block: Block | undefined;
    await waitUntil(
      `a full ${BLOCK_MINUTES}-minute block in ${dataDir}`,
      async () => {
        block = fullBlockIn(dataDir);
        return block !== undefined;
      },
      BLOCK_DEADLINE_MS,
    );
    const walAfter = { bytes: bytesUnder(wal), counters: await countersOf(stack) };
    const checkpoints = readdirSync(wal).filter((name) => name.startsWith("checkpoint."));
    if (checkpoints.length > 0) throw new Error(`the WAL was truncated (${checkpoints.join(", ")}) while its growth was measured`);
    const walSamples = walAfter.counters.samplesAppended - walBefore.counters.samplesAppended;
    return {
      block: block!,
      walBytesPerSample: (walAfter.bytes - walBefore.bytes) / walSamples,
      walSamples,
      walBytes: walAfter.bytes,
      headChunksBytes: bytesUnder(join(dataDir, "chunks_head")),
    };
  } finally {
    await stack.stop();
  }
}

function prometheusVersion(): string {
  const local = SERVICE_CATALOG.prometheus.local;
  return local.kind === "debian" ? local.version : "?";
}

const GiB = 1024 ** 3;
const DAY_SECONDS = 86_400;

/** The volume the droplet needs for a few retentions with these figures, one table row each. */
function sizingRows(figures: TsdbFigures): string[] {
  // HostDiskAlmostFull's default threshold, as the config's default volume keeps it free.
  const freeShareKept = alertSettingsSchema.parse({}).host.diskAlmostFullFreeRatio;
  return [30, 90, 365].map((days) => {
    const need = dataVolumeNeed({ retentionSeconds: days * DAY_SECONDS, freeShareKept, figures });
    const gib = (bytes: number) => (bytes / GiB).toFixed(2);
    return `| ${days} d | ${gib(need.blocksBytes)} | ${gib(need.headBytes)} | ${gib(need.otherServicesBytes)} | ${gib(need.usedBytes)} | ${need.gib} |`;
  });
}

export async function benchTsdb(): Promise<string> {
  const ingestion = await measureIngestion();
  const storage = await measureStorage();
  const { block } = storage;
  const { numSamples, numSeries, numChunks } = block.meta.stats;
  const bytesPerSample = block.totalBytes / numSamples;
  const onTheDroplet: TsdbFigures = {
    samplesPerSecond: ingestion.samplesPerSecond + CADVISOR_SAMPLES_PER_SECOND,
    blockBytesPerSample: bytesPerSample,
    walBytesPerSample: storage.walBytesPerSample,
  };
  const interval = PRODUCTION.scrapeIntervalSeconds;
  const jobRows = ingestion.jobs.map(
    (job) => `| ${job.job} | ${job.targets} | ${job.samplesPerScrape} | ${(job.samplesPerScrape / interval).toFixed(1)} |`,
  );
  const scraped = ingestion.jobs.reduce((sum, job) => sum + job.samplesPerScrape, 0);
  return [
    "## Prometheus's TSDB: samples per second and bytes per sample (the data volume's size)",
    "",
    `Written by bench/tsdb.ts on ${new Date().toISOString().slice(0, 10)}. The local stack (scripts/local/vigil.local.yaml: the example stack's sections — one application target, PostgreSQL, Redis, the SaaS business preset, the relay, the status page, alerting — on 127.0.0.1) with Prometheus ${prometheusVersion()} from Debian, run twice.`,
    "",
    `**Ingestion, production timings** (15 s scrapes and evaluations, as on the droplet): Prometheus's own \`prometheus_tsdb_head_samples_appended_total\` (float and histogram) read from its /metrics before and after ${ingestion.windowSeconds.toFixed(0)} s, after ${WARM_UP_MS / 1_000} s of warm-up.`,
    "",
    `- samples appended: **${ingestion.samplesPerSecond.toFixed(1)} /s**; head series: **${ingestion.headSeries}**.`,
    `- where they come from (\`scrape_samples_post_metric_relabeling\` per job, plus the 5 series Prometheus adds per target; the rules' \`prometheus_rule_group_last_evaluation_samples\`): scrapes ${scraped} samples per ${interval} s (${(scraped / interval).toFixed(1)} /s), rules ${ingestion.ruleSamplesPerEvaluation} per evaluation (${(ingestion.ruleSamplesPerEvaluation / PRODUCTION.evaluationIntervalSeconds).toFixed(1)} /s).`,
    "",
    "| job | targets | samples per scrape | samples / s |",
    "|---|---:|---:|---:|",
    ...jobRows,
    "",
    `**Bytes per sample after compaction, fast timings** (1 s scrapes) with \`${BLOCK_FLAGS.join(" ")}\` (hidden flags of Prometheus 3.5; the droplet keeps the default 2 h): the first block spanning a whole ${BLOCK_MINUTES} minutes, read from its meta.json and its files. At 1 s, ${BLOCK_MINUTES} minutes are ${BLOCK_MINUTES * 60} samples per series, one full chunk (Prometheus cuts chunks at 120 samples), the chunk shape of a production block; its index serves ${(numSamples / numSeries).toFixed(0)} samples per series, where a production 2 h block's serves ${PRODUCTION_BLOCK_SAMPLES} and the compacted blocks the droplet keeps most data in (up to 10% of the retention) many more, so the figure is an upper bound.`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| block: samples / series / chunks | ${numSamples} / ${numSeries} / ${numChunks} |`,
    `| block: chunks / index / all files, bytes | ${block.chunkBytes} / ${block.indexBytes} / ${block.totalBytes} |`,
    `| **bytes per sample, the block's files** | **${bytesPerSample.toFixed(3)}** |`,
    `| of which chunks | ${(block.chunkBytes / numSamples).toFixed(3)} |`,
    `| index bytes per series | ${(block.indexBytes / numSeries).toFixed(1)} |`,
    `| the same chunks and index spread over a production 2 h block's ${PRODUCTION_BLOCK_SAMPLES} samples per series, bytes per sample | ${(block.chunkBytes / numSamples + block.indexBytes / numSeries / PRODUCTION_BLOCK_SAMPLES).toFixed(3)} |`,
    `| **WAL bytes per sample appended** (growth over ${storage.walSamples} samples) | **${storage.walBytesPerSample.toFixed(3)}** |`,
    `| WAL and m-mapped head chunks at that moment, bytes | ${storage.walBytes} and ${storage.headChunksBytes} |`,
    "",
    "Chunk bytes depend on the machine's load: a scrape that starts late by more than Prometheus's 2 ms timestamp tolerance costs its timestamp more bits, and at 1 s on two shared cores many do; a busy run measures more than a quiet one.",
    "",
    `**What it sizes** (core/volume-sizing.ts, re-exported by infra/sizing.ts): the data volume for a retention, in GiB, with this run's figures and ${CADVISOR_SAMPLES_PER_SECOND} samples/s more for cAdvisor, which runs on the droplet but cannot run here (no Docker): an allowance, not a measurement.`,
    "",
    "| retention | blocks | WAL and head chunks | other services | used at peak | volume (GiB) |",
    "|---|---:|---:|---:|---:|---:|",
    ...sizingRows(onTheDroplet),
    "",
    `Copied into core/volume-sizing.ts: MEASURED_SAMPLES_PER_SECOND = ${ingestion.samplesPerSecond.toFixed(1)}, MEASURED_HEAD_SERIES = ${ingestion.headSeries}, MEASURED_BLOCK_BYTES_PER_SAMPLE = ${bytesPerSample.toFixed(3)}, MEASURED_WAL_BYTES_PER_SAMPLE = ${storage.walBytesPerSample.toFixed(3)}.`,
    "",
  ].join("\n");
}
