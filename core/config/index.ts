// The one typed config for a vigil stack. The Pulumi program reads it from stack config
// (`vigil:<key>`), synth and the local stack read the same shape from YAML; all of them
// go through parseConfig(), so a bad value fails here, with its path, before anything is
// rendered or created. The sections live beside this file, one module per concern.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { configSchema, type VigilConfig } from "./schema";
import { Secret } from "./secret";

export { Secret } from "./secret";
export { configSchema, type VigilConfig, type VigilConfigInput } from "./schema";

/** The Pulumi config namespace: keys are `vigil:app`, `vigil:alerting`, … */
export const CONFIG_NAMESPACE = "vigil";

// ---------------------------------------------------------------- parsing

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`invalid vigil config (${source}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

function flattenIssues(error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { path: issuePath(issue.path), message: `unknown key(s): ${issue.keys.join(", ")}` };
    }
    return { path: issuePath(issue.path), message: issue.message };
  });
}

/** Gives every Secret its dotted path, so placeholders can name it. */
function assignSecretPaths(value: unknown, path: string[]): void {
  if (value instanceof Secret) {
    value.path = path.join(".");
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => assignSecretPaths(item, [...path, String(index)]));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) assignSecretPaths(item, [...path, key]);
  }
}

/** Validates a raw config object; throws ConfigError naming every bad field. */
export function parseConfig(raw: unknown, source = "config"): VigilConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, flattenIssues(result.error));
  assignSecretPaths(result.data, []);
  return result.data;
}

/** Every secret in a parsed config, keyed by path. */
export function secretsOf(config: VigilConfig): Map<string, Secret> {
  const found = new Map<string, Secret>();
  const walk = (value: unknown): void => {
    if (value instanceof Secret) found.set(value.path, value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(config);
  return found;
}

/**
 * Turns Pulumi stack config (`vigil:app: {...}`) into the config shape. Keys of other
 * namespaces (digitalocean:token) are not ours and are skipped. Values may arrive as
 * JSON strings (how the Pulumi runtime hands structured config to the program).
 */
export function fromStackConfig(entries: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(prefix)) continue;
    raw[key.slice(prefix.length)] = typeof value === "string" ? decodeStackValue(value) : value;
  }
  return raw;
}

function decodeStackValue(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * Reads a config file: a Pulumi stack file (Pulumi.<stack>.yaml, with `config:` and
 * `vigil:` keys; `secure:` values stay encrypted and become placeholder secrets) or a
 * plain vigil YAML file with the config shape at its root.
 */
export function loadConfigFile(path: string): VigilConfig {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(path, [{ path: "(file)", message: (error as Error).message }]);
  }
  return parseConfig(rawFromDocument(document), path);
}

export function rawFromDocument(document: unknown): unknown {
  if (document !== null && typeof document === "object" && "config" in document) {
    const stackConfig = (document as { config: unknown }).config;
    if (stackConfig !== null && typeof stackConfig === "object") {
      return fromStackConfig(stackConfig as Record<string, unknown>);
    }
  }
  return document;
}

/**
 * The stack's config as the Pulumi program sees it: every `vigil:` key of the running
 * stack, with `secure:` values already decrypted by the engine (they stay wrapped in
 * Secret and become pulumi secrets in infra/).
 */
export function readStackConfig(): VigilConfig {
  return parseConfig(fromStackConfig(pulumi.runtime.allConfig()), `stack ${pulumi.getStack()}`);
}
