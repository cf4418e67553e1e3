import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";

// The local stack's config: vigil.local.yaml, the same schema as a Pulumi stack, with
// `${name}` where an address is picked at run time.

export const LOCAL_CONFIG_FILE = join(__dirname, "vigil.local.yaml");

/** Ports of what runs beside vigil's own services: the application side and the stand-ins. */
export const EXTRA_PORTS = ["demoApp", "demoAppTls", "postgresPort", "redis", "receiver", "smtp", "remoteWrite", "sentry", "spaces", "longTermStore"] as const;
export type ExtraPort = (typeof EXTRA_PORTS)[number];

/** Fills `${name}` in the local config with 127.0.0.1:<port> (or the bare port). */
export function renderLocalConfig(template: string, ports: Record<ExtraPort, number>): unknown {
  const text = template.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
    if (name === "postgresPort") return String(ports.postgresPort);
    if (!(EXTRA_PORTS as readonly string[]).includes(name)) throw new Error(`vigil.local.yaml: unknown placeholder \${${name}}`);
    return `127.0.0.1:${ports[name as ExtraPort]}`;
  });
  return parseYaml(text);
}

/** The raw local config with fixed ports from `first`, for tests that render it without starting anything. */
export function localConfigAt(first: number): Record<string, unknown> {
  const ports = Object.fromEntries(EXTRA_PORTS.map((name, index) => [name, first + index])) as Record<ExtraPort, number>;
  return renderLocalConfig(readFileSync(LOCAL_CONFIG_FILE, "utf8"), ports) as Record<string, unknown>;
}
