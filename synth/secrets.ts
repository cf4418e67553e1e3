import type { Secret } from "../core/config";

// Rendered files carry a marked placeholder where a secret goes, so synth stays pure
// and generated/ never holds a value. The Pulumi program fills the placeholders inside a
// pulumi secret Output; the local stack fills them from its own config.
const PLACEHOLDER = /<<vigil-secret:([A-Za-z0-9_.]+)>>/g;

export function secretPlaceholder(secret: Secret): string {
  if (!secret.path) throw new Error("secret has no path: was the config parsed with parseConfig()?");
  return `<<vigil-secret:${secret.path}>>`;
}

/** The secret paths a rendered file refers to, in order of first use. */
export function placeholdersIn(content: string): string[] {
  return [...new Set([...content.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/** Replaces every placeholder; a placeholder with no value is an error naming it. */
export function fillSecrets(content: string, values: ReadonlyMap<string, string>): string {
  return content.replace(PLACEHOLDER, (_match, path: string) => {
    const value = values.get(path);
    if (value === undefined) throw new Error(`no value for secret ${path}`);
    return value;
  });
}
