/**
 * The logger the exporter's parts write to: the three levels they use, with structured
 * details first (pino's order), so fastify's logger or a test's recorder fits.
 */
export interface ComponentLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
