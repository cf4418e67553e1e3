import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { StatusState } from "../../core/status-model";

// The status state on the exporter's data volume. Writes go to a temporary file that is
// flushed and renamed over the old one: a crash mid-write leaves the previous state whole,
// never half a file.

export const STATE_FILE_NAME = "status-state.json";

/** Whether a parsed value has the state's shape (a file from another version or a stray edit fails). */
export function isStatusState(value: unknown): value is StatusState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Partial<StatusState>;
  return (
    state.version === 1 &&
    typeof state.sequence === "number" &&
    typeof state.updatedAt === "string" &&
    Array.isArray(state.incidents) &&
    Array.isArray(state.maintenances) &&
    typeof state.firingAlerts === "object" &&
    state.firingAlerts !== null &&
    typeof state.uptime === "object" &&
    state.uptime !== null
  );
}

/** Parses a state document; throws naming `source` when it is not one. */
export function parseState(text: string, source: string): StatusState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isStatusState(parsed)) throw new Error(`${source} is not a status state (version 1)`);
  return parsed;
}

export class StateFile {
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, STATE_FILE_NAME);
  }

  /** The saved state, or undefined when there is none yet. */
  async read(): Promise<StatusState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    return parseState(text, this.path);
  }

  async write(state: StatusState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${randomUUID()}.tmp`;
    const handle = await open(temporary, "w", 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(state)}\n`, "utf8");
      // The rename must not reach the disk before the bytes it points at.
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
