import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchExporter } from "./exporter";
import { benchFaults } from "./faults";
import { benchRelay } from "./relay";
import { withSection } from "./results-sections";
import { benchStatusPage } from "./status-page";
import { benchTsdb } from "./tsdb";

// npm run bench: runs the chosen sections of bench/results.md in order and writes each between
// its markers. What a section measures, and how, lives in the section's own module.

const RESULTS = join(__dirname, "results.md");

/** Every section of bench/results.md, in order; `npm run bench -- --only <name>` reruns one. */
const SECTIONS: Record<string, () => Promise<string>> = {
  exporter: benchExporter,
  relay: benchRelay,
  "status-page": benchStatusPage,
  faults: () => benchFaults({ trials: 3, quietMinutes: 10 }),
  tsdb: benchTsdb,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string", multiple: true } }, strict: true });
  const chosen = values.only ?? Object.keys(SECTIONS);
  const unknown = chosen.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`);
  // A full run starts a fresh document; --only keeps the other sections' last figures.
  let document = values.only && existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "";
  for (const name of chosen) {
    console.log(`bench: ${name}`);
    const body = await SECTIONS[name]!();
    console.log(body);
    document = withSection(document, name, body);
    // Written after each section, so a long run that fails late keeps what it measured.
    writeFileSync(RESULTS, `${document.trimEnd()}\n`);
  }
  console.log(`bench: wrote ${RESULTS}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
