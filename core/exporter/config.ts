import { readFileSync } from "node:fs";
import { z } from "zod";
import { businessConfigSchema } from "./business-config";
import { relayConfigSchema } from "./relay-config";
import { statusConfigSchema } from "./status-config";

const listenerSchema = z.strictObject({
  /** Interface to bind: every interface of the container, or 127.0.0.1 locally. */
  host: z.string().min(1),
  /** TCP port; 0 asks the OS for any free port (tests), and the bound port is logged. */
  port: z.number().int().min(0).max(65_535),
});

// synth renders this file as JSON for the droplet and for the local stack, so the shape is a
// contract: strict objects make a field renamed on one side fail loudly instead of being ignored.
export const exporterConfigSchema = z.strictObject({
  /** Name carried by every log line and, as the `service` label, by every metric. */
  service: z.string().min(1),
  /**
   * The internal listener: /metrics, /health, /ready, Alertmanager's status webhook and the
   * admin API. Only the docker network (and the SSH tunnel) reach it.
   */
  listen: listenerSchema,
  /**
   * The ingest listener: POST /events and the Sentry relay, which the application reaches.
   * On the droplet it is published on the private VPC address only; it serves nothing else.
   */
  ingest: listenerSchema,
  /** pino level for the JSON logs. */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]),
  /** How long SIGTERM waits for in-flight requests before the process is forced to exit. */
  shutdownGraceSeconds: z.number().positive(),
  /** Business metrics from SQL and Redis, and application events; absent = none. */
  business: businessConfigSchema.optional(),
  /** The Sentry relay (tunnel) on the ingest listener; absent = no relay. */
  relay: relayConfigSchema.optional(),
  /** The status page: the alert-driven model, its admin API and the publisher; absent = none. */
  status: statusConfigSchema.optional(),
  /** Where the exporter reports its own errors (@sentry/node); absent = nowhere. */
  sentry: z.strictObject({ dsnFile: z.string().min(1), environment: z.string().min(1) }).optional(),
});

export type ExporterConfig = z.infer<typeof exporterConfigSchema>;

/** Validates an already-parsed value; the error lists every bad field as `path: message`. */
export function parseExporterConfig(raw: unknown): ExporterConfig {
  const result = exporterConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `  ${path}: ${issue.message}`;
  });
  throw new Error(`invalid exporter config:\n${problems.join("\n")}`);
}

/** Reads and validates a JSON config file; every error names the file. */
export function loadExporterConfigFile(path: string): ExporterConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read exporter config ${path}: ${messageOf(error)}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`exporter config ${path} is not valid JSON: ${messageOf(error)}`, { cause: error });
  }
  try {
    return parseExporterConfig(raw);
  } catch (error) {
    throw new Error(`${path}: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
