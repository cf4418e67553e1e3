// vitest's global setup: the pinned monitoring binaries first on PATH, also when vitest runs
// without `npm test` (which fetches them first: scripts/pinned-binaries.ts).
import { pinnedBinDir } from "../../scripts/pinned-binaries";

export default function setup(): void {
  if ((process.env.PATH ?? "").split(":")[0] !== pinnedBinDir()) process.env.PATH = `${pinnedBinDir()}:${process.env.PATH ?? ""}`;
}
