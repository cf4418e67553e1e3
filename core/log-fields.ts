// What a log line carries in VictoriaLogs, as the shippers write it (synth/logs/fluent-bit.ts)
// and the Logs dashboard and log alerts read it: one set of names for both.

/** Fields parsed from a JSON line that the dashboard filters on; a line that is not JSON keeps its text as the message only. */
export const LOG_FIELDS = {
  service: "service",
  level: "level",
  requestId: "request_id",
  userId: "user_id",
} as const;

/**
 * Error-level lines, whichever way the application writes its level: the names most loggers
 * write (structlog, python-json-logger, pino with a level formatter) and pino's numbers by
 * default (50 error, 60 fatal). A LogsQL filter.
 */
export const ERROR_LEVEL_FILTER = 'level:in("error", "fatal", "critical", "50", "60")';
