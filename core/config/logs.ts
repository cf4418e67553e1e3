// Centralized logs: VictoriaLogs on the droplet, its retention and disk cap, the ingest token
// the application hosts' shippers present to vmauth, and the log alerts vmalert evaluates.
import { z } from "zod";
import { positiveDuration } from "./alert-settings";
import { secret } from "./secret";

/** RFC 6750's b64token, at a length nobody guesses. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]{16,}=*$/;

const wholeNumber = (what: string, min: number) => z.number().int(`expected a whole number of ${what}`).min(min, `expected at least ${min} ${what}`);

/** LogsErrorsHigh: error-level lines of one service over `threshold` within `window`. */
const logAlertsSchema = z
  .object({
    /** Error-level lines (level error, fatal or critical) of one service within `window` that raise the alert. */
    errorLines: wholeNumber("lines", 1).default(50),
    /** The window the error lines are counted over. */
    window: positiveDuration.default("5m"),
    /** How long the count must stay over the threshold before the alert fires. */
    for: positiveDuration.default("5m"),
  })
  .strict();

export const logsSchema = z
  .object({
    /** Days VictoriaLogs keeps a log line (-retentionPeriod); VictoriaLogs keeps at least one. */
    retentionDays: wholeNumber("days", 1).max(3650, "expected at most 3650 days").default(30),
    /**
     * The share of the data volume (in percent of its size) past which VictoriaLogs drops its
     * oldest days (-retention.maxDiskUsagePercent), so a flood of logs cannot fill the disk
     * Prometheus writes to: below what HostDiskAlmostFull leaves (schema.ts checks it).
     */
    maxDiskUsagePercent: wholeNumber("percent", 10).max(100, "expected a percentage of at most 100").default(80),
    /**
     * Log lines a minute the stack is expected to store, from every host: sizes the data
     * volume (core/volume-sizing.ts), not a limit.
     */
    expectedLinesPerMinute: wholeNumber("lines a minute", 0).default(10_000),
    /**
     * The bearer token the application hosts' shippers present to vmauth on the log ingest
     * port; unset, vmauth does not run and only the droplet's own logs are collected.
     */
    ingestToken: secret("expected the log ingest token (set it with `pulumi config set --secret --path vigil:logs.ingestToken`)")
      // It travels as an HTTP bearer token and sits in the hosts' systemd environment file:
      // RFC 6750's token characters keep both intact. The message never shows the value.
      .refine((token) => token.reveal() === undefined || BEARER_TOKEN.test(token.reveal() as string), {
        message: "expected at least 16 characters of letters, digits and - . _ ~ + / (then = padding), such as `openssl rand -hex 32` prints",
      })
      .optional(),
    alerts: logAlertsSchema.default(logAlertsSchema.parse({})),
  })
  .strict();

export type LogsConfig = z.output<typeof logsSchema>;
