import type { ArtifactFiles } from "../core/artifact-files";
import type { ArtifactRoot } from "../core/catalog";
import type { Secret, VigilConfig } from "../core/config";
import { secretsOf } from "../core/config";
import type { Placement } from "../core/placement";
import type { Artifact } from "./artifact";

// Rendered files carry a marked placeholder where a secret goes, so synth stays pure
// and generated/ never holds a value. The Pulumi program fills the placeholders inside a
// pulumi secret Output; the local stack fills them from its own config. This is the one
// placeholder scheme: a secret that exists only at deploy time (the generated Grafana
// password) keeps its placeholder until its value is known.
// A placeholder inside a JSON string (redis_exporter's password file) carries `|json`, so
// its value is filled escaped and a quote or backslash in a password cannot break the file.
const PLACEHOLDER = /<<vigil-secret:([A-Za-z0-9_.]+)(\|json)?>>/g;

/** How a filled value is written: as it is, or escaped for the inside of a JSON string. */
export type SecretEncoding = "raw" | "json";

export function secretPlaceholder(secret: Secret, encoding: SecretEncoding = "raw"): string {
  if (!secret.path) throw new Error("secret has no path: was the config parsed with parseConfig()?");
  return `<<vigil-secret:${secret.path}${encoding === "json" ? "|json" : ""}>>`;
}

/** The secret paths a rendered file refers to, in order of first use. */
export function placeholdersIn(content: string): string[] {
  return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/** Replaces every placeholder; a placeholder with no value is an error naming it. */
export function fillSecrets(content: string, values: ReadonlyMap<string, string>): string {
  return content.replace(PLACEHOLDER, (_match, path: string, json: string | undefined) => {
    const value = values.get(path);
    if (value === undefined) throw new Error(`no value for secret ${path}`);
    return json ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/**
 * The one secret collector: a renderer names a secret, the collector answers the path its
 * service reads it at and keeps the placeholder file, which the renderer returns with its
 * other artifacts (`artifacts()`).
 */
export class SecretCollector implements ArtifactFiles {
  private readonly files = new Map<string, Secret>();

  constructor(
    private readonly placement: Placement,
    private readonly root: ArtifactRoot,
  ) {}

  pathOf(relativePath: string): string {
    return `${this.placement.mounts[this.root]}/${relativePath}`;
  }

  secretFile(name: string, secret: Secret): string {
    const known = this.files.get(name);
    if (known && known !== secret) throw new Error(`${this.root}/secrets/${name} is claimed by two secrets (${known.path}, ${secret.path})`);
    this.files.set(name, secret);
    return this.pathOf(`secrets/${name}`);
  }

  /** One placeholder file per registered secret, in the order they were named. */
  artifacts(): Artifact[] {
    // No trailing newline: the file's whole content is the value.
    return [...this.files].map(([name, secret]) => ({
      path: `${this.root}/secrets/${name}`,
      content: secretPlaceholder(secret),
      secret: true,
    }));
  }
}

/**
 * Every secret of the config that has a value, by path: what fills the placeholders, for
 * the Pulumi program and the local stack alike.
 */
export function secretValuesOf(config: VigilConfig): Map<string, string> {
  const values = new Map<string, string>();
  for (const [secretPath, secret] of secretsOf(config)) {
    const value = secret.reveal();
    if (value !== undefined) values.set(secretPath, value);
  }
  return values;
}
