import { inspect } from "node:util";
import { z } from "zod";

/**
 * A secret config value. It never prints: logs, JSON and util.inspect show "[secret]".
 * `path` is its dotted place in the config (set by parseConfig); synth renders it as a
 * placeholder naming that path, and the Pulumi program or the local stack fills it in.
 */
export class Secret {
  path = "";
  constructor(private readonly plaintext: string | undefined) {}

  /** The value; undefined when the source held only Pulumi ciphertext (`secure:`). */
  reveal(): string | undefined {
    return this.plaintext;
  }

  toJSON(): string {
    return "[secret]";
  }
  toString(): string {
    return "[secret]";
  }
  [inspect.custom](): string {
    return `Secret(${this.path || "?"})`;
  }
}



/** A secret: a plain string (local YAML, decrypted Pulumi config) or `{secure: …}`. */
export function secret(whenMissing: string) {
  return z
    .union([z.string().min(1), z.object({ secure: z.string().min(1) }).strict()], {
      error: (issue) =>
        issue.input === undefined
          ? whenMissing
          : "expected a secret string (set it with `pulumi config set --secret --path …`)",
    })
    .transform((value) => new Secret(typeof value === "string" ? value : undefined));
}

/**
 * A secret URL (a Slack webhook): checked as a URL whenever its value is readable, so a
 * typo fails at synth or preview time instead of at the first page. The message names the
 * field, never the value.
 */
export function secretUrl(whenMissing: string) {
  return secret(whenMissing).refine(
    (value) => value.reveal() === undefined || isHttpUrl(value.reveal() as string),
    "expected an http(s) URL",
  );
}

export function isHttpUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
