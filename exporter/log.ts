import pino, { type Logger } from "pino";
import type { ExporterConfig } from "../core/exporter/config";

/**
 * The logger the exporter's parts write to: the three levels they use, with structured
 * details first (pino's order), so the exporter's logger or a test's recorder fits.
 */
export interface ComponentLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Where pino writes each JSON line (the shape of pino's DestinationStream). */
export interface LogDestination {
  write(line: string): void;
}

/**
 * The exporter's logger: JSON lines at the configured level, each carrying the service in place
 * of pino's pid and hostname. main makes one and hands it to both listeners (fastify's
 * `loggerInstance`) and to every part, so a line looks the same whoever writes it and no part
 * waits for a listener to exist before it can log.
 */
export function createLogger(config: Pick<ExporterConfig, "service" | "logLevel">, destination?: LogDestination): Logger {
  return pino({ level: config.logLevel, base: { service: config.service } }, destination);
}
