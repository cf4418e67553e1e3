// The VictoriaLogs command-line flags vigil passes, as the pinned release documents them:
// docs/victorialogs/victoria_logs_common_flags.md in github.com/VictoriaMetrics/VictoriaLogs
// (the `-help` output of victoria-logs, kept in sync per release), and the retention section of
// docs.victoriametrics.com/victorialogs/ ("Retention", "Percentage-based disk space limit").
// VictoriaLogs is not packaged by Debian, so no test can ask the binary: victoria-logs-flags.test.ts
// checks the rendered flags against this list instead.

export const DOCUMENTED_VICTORIA_LOGS_FLAGS = {
  /** "Path to directory where to store VictoriaLogs data". */
  "-storageDataPath": "string",
  /** "Log entries with timestamps older than now-retentionPeriod are automatically deleted … the minimum supported retention is 1d"; suffixes s, h, d, w, M, y. */
  "-retentionPeriod": "duration",
  /** "The maximum allowed disk usage percentage (1-100) for the filesystem that contains -storageDataPath before older per-day partitions are automatically dropped". */
  "-retention.maxDiskUsagePercent": "int",
  /** "Addresses to listen for incoming http requests" (an array: several may be given). */
  "-httpListenAddr": "address",
} as const;
