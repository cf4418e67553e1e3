// vigil's floors, enforced (`npm run layers`; `npm test` runs it first). Imports point down only:
//
//   top       infra/  exporter/  scripts/  bench/  examples/   (sideways only as the rules below allow)
//   synth     synth/
//   builders  alert-rules/  dashboards/  status-page/         (not each other)
//   ground    core/                                          (nothing else of the project)
//
// test/ and every *.test.ts may import anything; no product file (outside test/, not a *.test.ts)
// may import them.
// Paths are relative to the directory depcruise runs in (the repository root). A violation is
// reported as `error <rule>: <from file> → <to file>`; each rule's comment says why it exists.

/** Test code: the test/ folder (support helpers, e2e and browser suites) and *.test.ts anywhere. */
const TEST = "(^test/|\\.test\\.ts$)";
/** Imports that are not files of the project: npm packages and node's built-ins are open to every floor. */
const NOT_THE_PROJECT = { dependencyTypesNot: ["core"], couldNotResolve: false };

const BUILDERS = ["alert-rules", "dashboards", "status-page"];
/** The folders below the top floor: every top folder may import them. */
const BELOW_TOP = ["core", ...BUILDERS, "synth"];
/** A path in node_modules or in one of these folders: what a floor may import (its own folder included). */
const within = (...folders) => `^(${["node_modules", ...folders].join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-nothing-of-the-project",
      comment:
        "core/ is the ground floor: the config schema, timing, placement, the service catalog and the names " +
        "every part shares. It imports only node: built-ins and npm packages, so every floor can build on it " +
        "without pulling in a consumer.",
      severity: "error",
      from: { path: "^core/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within("core") },
    },
    {
      name: "builders-import-only-core",
      comment:
        "alert-rules/, dashboards/ and status-page/ are pure builders: they read core/ and nothing above it " +
        "(not synth/, not a top folder, not test/), so synth/ can call them without a circle of folders.",
      severity: "error",
      from: { path: `^(${BUILDERS.join("|")})/`, pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within("core", ...BUILDERS) },
    },
    {
      name: "builders-do-not-import-each-other",
      comment:
        "The builders sit side by side on one floor: what two of them share (a selector, a uid, a window) " +
        "belongs in core/, not in one of them.",
      severity: "error",
      from: { path: `^(${BUILDERS.join("|")})/`, pathNot: TEST },
      to: { path: `^(${BUILDERS.join("|")})/`, pathNot: "^$1/" },
    },
    {
      name: "synth-imports-no-top-floor",
      comment:
        "synth/ renders the artifacts from core/ and the builders; infra/, exporter/, scripts/, bench/ and " +
        "examples/ call synth/, never the other way round.",
      severity: "error",
      from: { path: "^synth/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within(...BELOW_TOP) },
    },
    {
      name: "exporter-ships-alone",
      comment:
        "exporter/ is bundled to one file and shipped to the droplet: it imports no other top folder " +
        "(infra/, scripts/, bench/, examples/), so the bundle holds only what the exporter runs.",
      severity: "error",
      from: { path: "^exporter/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within(...BELOW_TOP, "exporter") },
    },
    {
      name: "exporter-does-not-import-dev-dependencies",
      comment:
        "The exporter bundle inlines every npm package it imports: a devDependency (test tooling) imported " +
        "from exporter/ would ship. Type-only imports vanish in the build and are allowed.",
      severity: "error",
      from: { path: "^exporter/", pathNot: TEST },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"], pathNot: "node_modules/@types/" },
    },
    {
      name: "infra-imports-no-other-top-folder",
      comment:
        "infra/ (the Pulumi program and its policy pack) stands on core/, the builders and synth/, not on its " +
        "neighbours on the top floor; it builds the exporter bundle it uploads itself (infra/exporter-bundle.ts).",
      severity: "error",
      from: { path: "^infra/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within(...BELOW_TOP, "infra") },
    },
    {
      name: "examples-import-no-top-floor",
      comment:
        "examples/ (the demo application the local stack runs) is a stand-in for a user's application: it " +
        "imports nothing of the top floor and uses its SDKs (@sentry/node, prom-client) as an application would.",
      severity: "error",
      from: { path: "^examples/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within(...BELOW_TOP, "examples") },
    },
    {
      name: "scripts-import-only-infra-exporter-examples",
      comment:
        "scripts/ (setup, the local stack, the dashboards diff, the build) drives infra/, exporter/ and " +
        "examples/; bench/ drives scripts/, so scripts/ must not import bench/.",
      severity: "error",
      from: { path: "^scripts/", pathNot: TEST },
      to: { ...NOT_THE_PROJECT, pathNot: within(...BELOW_TOP, "infra", "exporter", "examples", "scripts") },
    },
    {
      name: "product-does-not-import-test",
      comment:
        "Product code (every file outside test/ that is not a *.test.ts) imports no test code, so what ships " +
        "holds no test helper and tests can change freely. Shared test support lives in test/support/.",
      severity: "error",
      from: { pathNot: [TEST, "^bench/"] },
      to: { path: TEST },
    },
    {
      name: "bench-imports-only-test-support",
      comment:
        "bench/ measures the servers the tests start and never ships: it shares test/support/'s helpers " +
        "(Chromium, the databases, the exporter's test config), but no test suite or *.test.ts.",
      severity: "error",
      from: { path: "^bench/", pathNot: TEST },
      to: { path: TEST, pathNot: "^test/support/" },
    },
    {
      name: "pulumi-only-in-infra",
      comment:
        "@pulumi/* is the deployment's SDK: only infra/ uses it, and core/config/index.ts, which reads the " +
        "Pulumi stack config. Everything else (synth, the exporter, the local stack) runs without Pulumi.",
      severity: "error",
      from: { pathNot: [TEST, "^infra/", "^core/config/index\\.ts$"] },
      to: { path: "(^|/)node_modules/@pulumi/" },
    },
    {
      name: "no-circular",
      comment:
        "A circle of imports has no floor to stand on: its files load in an order that depends on who " +
        "imports first, and none of them can move or be tested alone.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable-imports",
      comment:
        "An import dependency-cruiser cannot resolve is an arrow the rules above cannot see, so it fails too " +
        "(tsc would reject it as well).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // npm packages are leaves: seen as the end of an arrow (the dev-dependency and Pulumi rules need
    // them), never read or scanned. node_modules stays out of `exclude` on purpose: an excluded module
    // vanishes from the graph as a dependency too, and those two rules would then pass silently.
    doNotFollow: { path: "node_modules" },
    // Rendered output, builds, scratch notes and the local stack's state: not source.
    exclude: { path: "^(generated|dist|\\.scratch|\\.vigil-local|\\.git)/" },
    // Type-only imports are arrows too: a type from a floor above ties the floors as much as a value.
    tsPreCompilationDeps: true,
    // The same compiler options tsc, vitest and tsx use.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["main", "types", "typings"],
    },
  },
};
