import { describe, expect, it } from "vitest";
import {
  dataVolumeNeed,
  EXAMPLE_STACK_TSDB,
  largestBlockSeconds,
  LOG_COMPRESSION_RATIO,
  LOG_LINE_BYTES,
  logsBytesNeeded,
  MIN_VOLUME_GIB,
  OTHER_SERVICES_BYTES,
  type TsdbFigures,
} from "./volume-sizing";

const HOUR = 3_600;
const DAY = 86_400;
const GiB = 1024 ** 3;
/** HostDiskAlmostFull's default free share. */
const FREE_SHARE = 0.05;

describe("the data volume a retention needs", () => {
  it("follows the storage docs' formula, with the blocks past the retention, compaction's room, the WAL, the head and the other services", () => {
    const figures: TsdbFigures = { samplesPerSecond: 1_000, blockBytesPerSample: 2, walBytesPerSample: 3 };
    const need = dataVolumeNeed({ retentionSeconds: 30 * DAY, freeShareKept: FREE_SHARE, figures });
    // 30 d of retention, one largest block (3 d, 10%) until the oldest expires whole, 2 h of
    // expiry delay, one more largest block while a compaction writes it: 3,117,600 s × 1,000/s × 2 B.
    expect(need.blocksBytes).toBe(1_000 * (30 * DAY + 2 * 3 * DAY + 2 * HOUR) * 2);
    // 8 h of WAL at 3 B, 3 h of m-mapped head chunks at 2 B.
    expect(need.headBytes).toBe(1_000 * (8 * HOUR * 3 + 3 * HOUR * 2));
    expect(need.otherServicesBytes).toBe(OTHER_SERVICES_BYTES);
    expect(need.usedBytes).toBe(need.blocksBytes + need.headBytes + OTHER_SERVICES_BYTES);
    // 6.41 GiB used; ext4's 7% and the 5% kept free leave 88% of the volume: 7.28 GiB, so 8.
    expect(need.usedBytes / GiB).toBeCloseTo(6.41, 2);
    expect(need.gib).toBe(8);
  });

  it("for the default 30 days at the example stack's measured figures is the floor, 5 GiB", () => {
    const need = dataVolumeNeed({ retentionSeconds: 30 * DAY, freeShareKept: FREE_SHARE });
    expect(need.gib).toBe(5);
    expect(need.gib).toBe(MIN_VOLUME_GIB);
    // Not the rounding up of a larger need: 30 days at their peak fit in the 88% of 5 GiB
    // that ext4 and HostDiskAlmostFull's free share leave, 4.4 GiB.
    expect(need.usedBytes / GiB).toBeLessThan(MIN_VOLUME_GIB * 0.88);
    expect(need.usedBytes / GiB).toBeCloseTo(3.64, 2);
  });

  it("grows with the retention, past the floor", () => {
    const gib = (days: number) => dataVolumeNeed({ retentionSeconds: days * DAY, freeShareKept: FREE_SHARE }).gib;
    expect(gib(90)).toBeGreaterThan(gib(30));
    expect(gib(90)).toBeGreaterThan(MIN_VOLUME_GIB);
    expect(gib(365)).toBeGreaterThan(gib(90));
    expect(gib(365)).toBeGreaterThan(3 * gib(90));
  });

  it("grows with the free share HostDiskAlmostFull keeps", () => {
    const gib = (freeShareKept: number) => dataVolumeNeed({ retentionSeconds: 365 * DAY, freeShareKept }).gib;
    expect(gib(0.2)).toBeGreaterThan(gib(0.05));
  });

  it("never goes below the floor, however short the retention", () => {
    expect(dataVolumeNeed({ retentionSeconds: HOUR, freeShareKept: FREE_SHARE }).gib).toBe(MIN_VOLUME_GIB);
    expect(dataVolumeNeed({ retentionSeconds: HOUR, freeShareKept: 0, figures: { ...EXAMPLE_STACK_TSDB, samplesPerSecond: 0 } }).gib).toBe(MIN_VOLUME_GIB);
  });

  it("refuses a retention or a free share it cannot size for", () => {
    expect(() => dataVolumeNeed({ retentionSeconds: 0, freeShareKept: FREE_SHARE })).toThrow("retention must be a positive number of seconds, got 0");
    expect(() => dataVolumeNeed({ retentionSeconds: Number.NaN, freeShareKept: FREE_SHARE })).toThrow("retention must be");
    expect(() => dataVolumeNeed({ retentionSeconds: DAY, freeShareKept: 0.95 })).toThrow("free share to keep must be from 0 to 0.93, got 0.95");
  });
});

describe("the logs' share of the volume", () => {
  const logs = { linesPerMinute: 10_000, retentionDays: 30, maxDiskUsagePercent: 80 };

  it("is the expected lines over the retention and the day being written, at 300 bytes a line compressed tenfold", () => {
    // 10,000 lines a minute × 1,440 minutes × 31 days × 30 bytes stored.
    expect(logsBytesNeeded(logs)).toBe(10_000 * 1_440 * 31 * (LOG_LINE_BYTES / LOG_COMPRESSION_RATIO));
    expect(logsBytesNeeded(logs) / GiB).toBeCloseTo(12.47, 2);
    expect(logsBytesNeeded({ ...logs, linesPerMinute: 0 })).toBe(0);
  });

  it("adds to what Prometheus needs, and keeps everything below VictoriaLogs' disk cap", () => {
    const metrics = dataVolumeNeed({ retentionSeconds: 30 * DAY, freeShareKept: FREE_SHARE });
    const both = dataVolumeNeed({ retentionSeconds: 30 * DAY, freeShareKept: FREE_SHARE, logs });
    expect(metrics.logsBytes).toBe(0);
    expect(both.logsBytes).toBe(logsBytesNeeded(logs));
    expect(both.usedBytes).toBe(metrics.usedBytes + both.logsBytes);
    // 16.11 GiB used; below the 80% cap with ext4's 7% counted as used: 16.11 / 0.73 = 22.07, so 23.
    expect(both.usedBytes / GiB).toBeCloseTo(16.11, 2);
    expect(both.gib).toBe(23);
    // Without a cap to speak of, the free share HostDiskAlmostFull keeps is the bound: 16.11 / 0.88, so 19.
    expect(dataVolumeNeed({ retentionSeconds: 30 * DAY, freeShareKept: FREE_SHARE, logs: { ...logs, maxDiskUsagePercent: 100 } }).gib).toBe(19);
  });
});

describe("the largest block compaction builds", () => {
  it("is 10% of the retention, from one 2 h head block to 31 days", () => {
    expect(largestBlockSeconds(30 * DAY)).toBe(3 * DAY);
    expect(largestBlockSeconds(6 * HOUR)).toBe(2 * HOUR);
    expect(largestBlockSeconds(365 * DAY)).toBe(31 * DAY);
  });
});
