// How large the data volume must be for a retention. Prometheus's storage documentation
// ("Operational aspects") plans capacity with
//   needed_disk_space = retention_time_seconds * ingested_samples_per_second * bytes_per_sample
// and this adds what that rough formula leaves out on one volume: the blocks kept past the
// retention and the room compaction needs, the WAL and the head's chunks, the other services'
// state, and what ext4 keeps for itself. The ingestion rate and bytes per sample are measured
// by the bench (bench/tsdb.ts) on the local stack.
//
// On the ground floor because the config's default for droplet.volumeSizeGib follows from its
// retention, and core/config imports nothing above core/; infra/sizing.ts re-exports it beside
// the memory limits, where the droplet's sizing is read.

/** What Prometheus writes, for a stack: the inputs of the documentation's formula, and the WAL's share. */
export interface TsdbFigures {
  /** Samples appended per second: rate(prometheus_tsdb_head_samples_appended_total). */
  samplesPerSecond: number;
  /** Bytes per sample of a persisted block: its chunks, index and meta.json over meta.json's numSamples. */
  blockBytesPerSample: number;
  /** Bytes the write-ahead log grows by per sample appended. */
  walBytesPerSample: number;
}

// Measured on 2026-12-03 by `npm run bench -- --only tsdb` (bench/tsdb.ts; bench/results.md,
// section tsdb): the local stack with the example's sections, Prometheus 3.5.3 from Debian.

/** Samples appended per second at production timings (15 s scrapes and evaluations). */
export const MEASURED_SAMPLES_PER_SECOND = 273.4;
/** Series in the head at the same time (for reading the rate: about series / 15 s). */
export const MEASURED_HEAD_SERIES = 4_120;
/**
 * Bytes per sample of a compacted block with 120 samples per series (one full chunk each):
 * 1.92 in its chunks, 0.92 in its index. The droplet's blocks hold 480 samples per series
 * (2 h; 2.14 bytes per sample with the same chunks and index) and more once compacted,
 * spreading the index over more samples: an upper bound. A run on a quieter machine the same
 * day measured 2.12 (timestamps that keep to the schedule compress better).
 */
export const MEASURED_BLOCK_BYTES_PER_SAMPLE = 2.833;
/** Bytes the WAL grew by per sample appended (Prometheus's default WAL compression). */
export const MEASURED_WAL_BYTES_PER_SAMPLE = 5.961;

/**
 * Not measured: cAdvisor cannot run on a machine without Docker. An allowance of about 100
 * series for each of the droplet's 10 containers and the host's own, 1,500 series scraped
 * every 15 s.
 */
export const CADVISOR_SAMPLES_PER_SECOND = 100;

/** The example stack on the droplet: the local stack's measured rate with cAdvisor's allowance. */
export const EXAMPLE_STACK_TSDB: TsdbFigures = {
  samplesPerSecond: MEASURED_SAMPLES_PER_SECOND + CADVISOR_SAMPLES_PER_SECOND,
  blockBytesPerSample: MEASURED_BLOCK_BYTES_PER_SAMPLE,
  walBytesPerSample: MEASURED_WAL_BYTES_PER_SAMPLE,
};

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const HOUR_SECONDS = 3_600;
const DAY_SECONDS = 86_400;

/** The head is cut into a block every 2 hours, Prometheus's default and the droplet's. */
const HEAD_BLOCK_SECONDS = 2 * HOUR_SECONDS;
/** Compaction builds blocks of up to 10% of the retention, or 31 days (the storage docs, "Compaction"). */
const LARGEST_BLOCK_SHARE = 0.1;
const LARGEST_BLOCK_MAX_SECONDS = 31 * DAY_SECONDS;
/** "It may take up to two hours to remove expired blocks" (the storage docs). */
const EXPIRY_DELAY_SECONDS = 2 * HOUR_SECONDS;
/**
 * The WAL at its peak. Each head compaction (every 2 h) starts a new segment, and truncateWAL
 * (tsdb/head.go) checkpoints only the lower two thirds of the older segments, so a droplet
 * that fills no 128 MiB segment in 2 h holds up to four of them, 8 h of samples.
 */
const WAL_PEAK_SECONDS = 8 * HOUR_SECONDS;
/** The head's m-mapped chunks (chunks_head): the head spans up to 1.5 blocks before it is compacted. */
const HEAD_CHUNKS_SECONDS = 3 * HOUR_SECONDS;

/**
 * Everything else on the volume: Alertmanager's notification log and silences, Grafana's
 * grafana.db, the vigil exporter's status-page state, Caddy's ACME account and certificates,
 * Fluent Bit's tail offsets (its buffer stays small while VictoriaLogs, on the same droplet,
 * is up; storage.total_limit_size caps it). VictoriaLogs' share is its own term (logsBytes).
 * Each stays in megabytes to tens of megabytes; together, with room to spare.
 */
export const OTHER_SERVICES_BYTES = 512 * MiB;

/**
 * ext4 as DigitalOcean formats the volume: mke2fs keeps 5% of the blocks for root, which
 * Prometheus (nobody) cannot write to and node_exporter's avail_bytes leaves out; inode tables
 * and the journal take about 2% more.
 */
const EXT4_RESERVED_SHARE = 0.05;
const EXT4_METADATA_SHARE = 0.02;

/** The smallest volume vigil accepts, whatever the retention needs. */
export const MIN_VOLUME_GIB = 5;

/**
 * The smallest volume vigil picks when config names none: what earlier releases created. A
 * DigitalOcean volume cannot shrink, so a default below it would fail `pulumi up` on every
 * stack deployed before the default followed the retention; it also leaves room for an
 * application with more series than the example (each 1,000 adds about 0.6 GiB at 30 days).
 */
export const DEFAULT_VOLUME_FLOOR_GIB = 20;

// VictoriaLogs' share: not measured (VictoriaLogs cannot run on a test machine), computed from
// the expected lines a minute (config logs.expectedLinesPerMinute; the 10,000) and two
// stated figures. VictoriaLogs' documentation (docs.victoriametrics.com/victorialogs/,
// "Retention by disk space usage") says it "usually compresses logs by 10x or more"; a JSON
// log line with a request id, a route and a message is about 300 bytes as written.

/** Bytes of an average log line as the application writes it (an assumption, see above). */
export const LOG_LINE_BYTES = 300;
/** VictoriaLogs' compression, the lower end of its documented "10x or more". */
export const LOG_COMPRESSION_RATIO = 10;
/** VictoriaLogs drops whole days: the day being written is kept past the retention. */
const LOG_PARTITION_DAYS = 1;

/** What VictoriaLogs keeps, for the volume: the expected rate, the retention, the disk cap. */
export interface LogFigures {
  linesPerMinute: number;
  retentionDays: number;
  /** -retention.maxDiskUsagePercent: the volume must hold everything below it, or the cap trims the retention. */
  maxDiskUsagePercent: number;
}

export interface VolumeNeedInput {
  retentionSeconds: number;
  /**
   * The free share to keep at the peak: HostDiskAlmostFull's threshold
   * (alerts.host.diskAlmostFullFreeRatio), so compaction at a full retention does not page.
   */
  freeShareKept: number;
  /** What Prometheus writes; the example stack's measured figures unless given. */
  figures?: TsdbFigures;
  /** What VictoriaLogs keeps; nothing when absent. */
  logs?: LogFigures;
}

export interface VolumeNeed {
  /** Persisted blocks at their peak: the retention, the last block past it, a compaction's new block. */
  blocksBytes: number;
  /** The WAL and the head's m-mapped chunks at their peak. */
  headBytes: number;
  otherServicesBytes: number;
  /** VictoriaLogs' days at the expected rate, compressed, with the day being written. */
  logsBytes: number;
  /** All of it: what the file system must hold at the peak. */
  usedBytes: number;
  /**
   * The volume: usedBytes with ext4's share and the free share kept, and below VictoriaLogs'
   * disk cap, in whole GiB, at least MIN_VOLUME_GIB.
   */
  gib: number;
}

/** The largest block compaction builds for a retention: 10% of it, from one head block to 31 days. */
export function largestBlockSeconds(retentionSeconds: number): number {
  return Math.min(LARGEST_BLOCK_MAX_SECONDS, Math.max(HEAD_BLOCK_SECONDS, retentionSeconds * LARGEST_BLOCK_SHARE));
}

/** The data volume a retention needs, part by part. */
/** VictoriaLogs' bytes on the volume at the expected rate: every day of the retention and the one being written. */
export function logsBytesNeeded({ linesPerMinute, retentionDays }: Pick<LogFigures, "linesPerMinute" | "retentionDays">): number {
  const lines = linesPerMinute * (DAY_SECONDS / 60) * (retentionDays + LOG_PARTITION_DAYS);
  return (lines * LOG_LINE_BYTES) / LOG_COMPRESSION_RATIO;
}

export function dataVolumeNeed({ retentionSeconds, freeShareKept, figures = EXAMPLE_STACK_TSDB, logs }: VolumeNeedInput): VolumeNeed {
  if (!(retentionSeconds > 0) || !Number.isFinite(retentionSeconds)) throw new Error(`retention must be a positive number of seconds, got ${retentionSeconds}`);
  const usableShare = 1 - EXT4_RESERVED_SHARE - EXT4_METADATA_SHARE - freeShareKept;
  if (!(freeShareKept >= 0) || usableShare <= 0) {
    throw new Error(`free share to keep must be from 0 to ${(1 - EXT4_RESERVED_SHARE - EXT4_METADATA_SHARE).toFixed(2)}, got ${freeShareKept}`);
  }
  const { samplesPerSecond, blockBytesPerSample, walBytesPerSample } = figures;
  const largest = largestBlockSeconds(retentionSeconds);
  // A block is deleted only once all of it is past the retention, and then up to two hours
  // late; compaction writes its new block before it deletes the blocks it merged.
  const blockSeconds = retentionSeconds + largest + EXPIRY_DELAY_SECONDS + largest;
  const blocksBytes = samplesPerSecond * blockSeconds * blockBytesPerSample;
  const headBytes = samplesPerSecond * (WAL_PEAK_SECONDS * walBytesPerSample + HEAD_CHUNKS_SECONDS * blockBytesPerSample);
  const logsBytes = logs ? logsBytesNeeded(logs) : 0;
  const usedBytes = blocksBytes + headBytes + OTHER_SERVICES_BYTES + logsBytes;
  // VictoriaLogs drops its oldest days once the file system is this full. Read conservatively
  // (ext4's reserved and metadata blocks counted as used, as statfs's available space does),
  // the volume holds everything below that, so the cap trims only a flood.
  const belowLogCap = logs ? usedBytes / (logs.maxDiskUsagePercent / 100 - EXT4_RESERVED_SHARE - EXT4_METADATA_SHARE) : 0;
  const gib = Math.max(MIN_VOLUME_GIB, Math.ceil(Math.max(usedBytes / usableShare, belowLogCap) / GiB));
  return { blocksBytes, headBytes, otherServicesBytes: OTHER_SERVICES_BYTES, logsBytes, usedBytes, gib };
}
