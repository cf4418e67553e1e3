// `npm run synth` writes generated/ from the example stack; `npm run synth -- --check`
// writes nothing and exits 1, naming every file that is out of date.
import { join } from "node:path";
import { ConfigError } from "../core/config";
import { driftOf, exampleArtifacts, GENERATED_DIR, isClean, writeArtifacts } from "../synth/generated";

const root = join(__dirname, "..");
const check = process.argv.includes("--check");

try {
  const artifacts = exampleArtifacts(root);
  const dir = join(root, GENERATED_DIR);
  if (check) {
    const drift = driftOf(artifacts, dir);
    if (!isClean(drift)) {
      console.error("generated/ is out of date; run `npm run synth` and commit the result:");
      for (const path of drift.changed) console.error(`  changed: ${GENERATED_DIR}/${path}`);
      for (const path of drift.missing) console.error(`  missing: ${GENERATED_DIR}/${path}`);
      for (const path of drift.stale) console.error(`  stale:   ${GENERATED_DIR}/${path}`);
      process.exit(1);
    }
    console.log(`generated/ is up to date (${artifacts.length} files)`);
  } else {
    writeArtifacts(artifacts, dir);
    console.log(`wrote ${artifacts.length} files to ${GENERATED_DIR}/`);
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
