import type { Secret } from "./config/secret";

// What a renderer asks about the files it names, without knowing where its service runs:
// synth answers (synth/secrets.ts), with the tree's mount point from the placement. A
// secret always reaches a service as its own file, which synth writes with a placeholder,
// so no rendered config holds a secret and reviewers read it like any other file.

export interface ArtifactFiles {
  /** Where the service reads a file of its tree: `templates/vigil.tmpl` → `/etc/alertmanager/templates/vigil.tmpl`. */
  pathOf(relativePath: string): string;
  /** Registers `secret` as the file `secrets/<name>` of the tree and answers where the service reads it. */
  secretFile(name: string, secret: Secret): string;
}
