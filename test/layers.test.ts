// The floors' rules bite: dependency-cruiser, with the repository's own .dependency-cruiser.cjs and
// the same arguments `npm run layers` passes it, cruises a small throwaway tree that has one wrong
// arrow per rule beside arrows the floors allow. Every wrong arrow must be reported with its rule and
// both file names, and nothing else may be: a config that stopped matching (a mistyped path, npm
// packages dropped from the graph, type-only imports ignored) fails here instead of passing silently.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO_ROOT = join(__dirname, "..");
const DEPCRUISE = join(REPO_ROOT, "node_modules", ".bin", "depcruise");
const CONFIG = join(REPO_ROOT, ".dependency-cruiser.cjs");

/** The tree: path → source. Each forbidden arrow is in a file of its own, named after what it shows. */
const TREE: Record<string, string> = {
  // Arrows the floors allow.
  "core/x.ts": `import { readFileSync } from "node:fs";\nimport { z } from "runtime-dep";\nexport const x = [readFileSync, z];\n`,
  "core/config/index.ts": `import * as pulumi from "@pulumi/pulumi";\nexport const stack = pulumi;\n`,
  "core/x.test.ts": `import { h } from "../test/support/h";\nimport { y } from "../synth/y";\nimport { d } from "dev-dep";\nexport const t = [h, y, d];\n`,
  "alert-rules/rules.ts": `import { x } from "../core/x";\nimport { near } from "./near";\nexport const rules = [x, near];\n`,
  "alert-rules/near.ts": `export const near = 1;\n`,
  "dashboards/panels.ts": `import { x } from "../core/x";\nexport const panels = x;\n`,
  "status-page/site.ts": `import { x } from "../core/x";\nexport const site = x;\n`,
  "synth/y.ts": `import { rules } from "../alert-rules/rules";\nimport { panels } from "../dashboards/panels";\nimport { site } from "../status-page/site";\nexport const y = [rules, panels, site];\n`,
  "exporter/main.ts": `import { y } from "../synth/y";\nimport { x } from "../core/x";\nimport type { DevType } from "dev-dep";\nexport const main: unknown = [y, x] as unknown as DevType;\n`,
    "exporter/main.test.ts": `import { d } from "dev-dep";\nimport { s } from "../scripts/stack";\nexport const t = [d, s];\n`,
  "infra/index.ts": `import * as pulumi from "@pulumi/pulumi";\nimport { y } from "../synth/y";\nexport const program = [pulumi, y];\n`,
  "infra/policy/index.ts": `import * as policy from "@pulumi/policy";\nexport const pack = policy;\n`,
  "examples/demo.ts": `import { x } from "../core/x";\nexport const demo = x;\n`,
  "scripts/stack.ts": `import { program } from "../infra/index";\nimport { main } from "../exporter/main";\nimport { demo } from "../examples/demo";\nexport const s = [program, main, demo];\n`,
  "bench/helper.ts": `import { h } from "../test/support/h";\nexport const helper = h;\n`,
  "bench/run.ts": `import { s } from "../scripts/stack";\nimport { program } from "../infra/index";\nimport { main } from "../exporter/main";\nimport { demo } from "../examples/demo";\nexport const b = [s, program, main, demo];\n`,
  "test/support/h.ts": `import { b } from "../../bench/run";\nimport * as pulumi from "@pulumi/pulumi";\nexport const h = [b, pulumi];\n`,
  "test/e2e/stack.test.ts": `import { h } from "../support/h";\nimport { s } from "../../scripts/stack";\nexport const t = [h, s];\n`,

  // One wrong arrow per rule.
  "core/up.ts": `import { y } from "../synth/y";\nexport const up = y;\n`,
  "core/type-up.ts": `import type { Site } from "../status-page/types";\nexport type Up = Site;\n`,
  "status-page/types.ts": `export type Site = string;\n`,
  "dashboards/up.ts": `import { y } from "../synth/y";\nexport const up = y;\n`,
  "dashboards/sideways.ts": `import { near } from "../alert-rules/near";\nexport const sideways = near;\n`,
  "synth/up.ts": `import { program } from "../infra/index";\nexport const up = program;\n`,
  "synth/pulumi.ts": `import * as pulumi from "@pulumi/pulumi";\nexport const p = pulumi;\n`,
  "synth/broken.ts": `import { gone } from "./missing";\nexport const broken = gone;\n`,
  "exporter/sideways.ts": `import { s } from "../scripts/stack";\nexport const sideways = s;\n`,
  "exporter/dev.ts": `import { d } from "dev-dep";\nexport const dev = d;\n`,
  "exporter/a.ts": `import { b } from "./b";\nexport const a = () => b;\n`,
  "exporter/b.ts": `import { a } from "./a";\nexport const b = () => a;\n`,
  "infra/sideways.ts": `import { s } from "../scripts/stack";\nexport const sideways = s;\n`,
  "examples/sideways.ts": `import { main } from "../exporter/main";\nexport const sideways = main;\n`,
  "scripts/up.ts": `import { b } from "../bench/run";\nexport const up = b;\n`,
  "bench/suite.ts": `import { t } from "../test/e2e/stack.test";\nexport const suite = t;\n`,
  "scripts/test-file.ts": `import { t } from "../core/x.test";\nexport const imported = t;\n`,

  // A stand-in npm world: one dependency, one devDependency, the Pulumi SDK.
  "package.json": JSON.stringify({
    name: "floors",
    private: true,
    dependencies: { "@pulumi/pulumi": "1.0.0", "@pulumi/policy": "1.0.0", "runtime-dep": "1.0.0" },
    devDependencies: { "dev-dep": "1.0.0" },
  }),
  ...npmPackage("runtime-dep", "exports.z = 1;", "export declare const z: number;"),
  ...npmPackage("dev-dep", "exports.d = 1;", "export declare const d: number;\nexport type DevType = unknown;"),
  ...npmPackage("@pulumi/pulumi", "exports.p = 1;", "export declare const p: number;"),
  ...npmPackage("@pulumi/policy", "exports.q = 1;", "export declare const q: number;"),
};

function npmPackage(name: string, js: string, dts: string): Record<string, string> {
  return {
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: "1.0.0", main: "index.js", types: "index.d.ts" }),
    [`node_modules/${name}/index.js`]: `${js}\n`,
    [`node_modules/${name}/index.d.ts`]: `${dts}\n`,
  };
}

/** The arrows the rules must report: rule, from, to (a circle once, as its first step, from either end). */
const EXPECTED: Array<[string, string, string]> = [
  ["core-imports-nothing-of-the-project", "core/up.ts", "synth/y.ts"],
  ["core-imports-nothing-of-the-project", "core/type-up.ts", "status-page/types.ts"],
  ["builders-import-only-core", "dashboards/up.ts", "synth/y.ts"],
  ["builders-do-not-import-each-other", "dashboards/sideways.ts", "alert-rules/near.ts"],
  ["synth-imports-no-top-floor", "synth/up.ts", "infra/index.ts"],
  ["pulumi-only-in-infra", "synth/pulumi.ts", "node_modules/@pulumi/pulumi/index.js"],
  ["no-unresolvable-imports", "synth/broken.ts", "./missing"],
  ["exporter-ships-alone", "exporter/sideways.ts", "scripts/stack.ts"],
  ["exporter-does-not-import-dev-dependencies", "exporter/dev.ts", "node_modules/dev-dep/index.js"],
  ["no-circular", "exporter/a.ts", "exporter/b.ts"],
  ["infra-imports-no-other-top-folder", "infra/sideways.ts", "scripts/stack.ts"],
  ["examples-import-no-top-floor", "examples/sideways.ts", "exporter/main.ts"],
  ["scripts-import-only-infra-exporter-examples", "scripts/up.ts", "bench/run.ts"],
  ["bench-imports-only-test-support", "bench/suite.ts", "test/e2e/stack.test.ts"],
  ["product-does-not-import-test", "scripts/test-file.ts", "core/x.test.ts"],
];

const ERROR_LINE = /^ {2}error (\S+): (\S+) → (\S*)\s*$/;

/** A circle is reported from whichever of its files the cruise met first. */
const sameCircle = ([rule, from, to]: [string, string, string]): [string, string, string] =>
  rule === "no-circular" && from > to ? [rule, to, from] : [rule, from, to];

describe(".dependency-cruiser.cjs", () => {
  let root: string;
  let run: { status: number | null; stdout: string; stderr: string };
  /** Every `error <rule>: <from> → <to>` line of the report; a circle's first step is on the next line. */
  let reported: Array<[string, string, string]>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "vigil-layers-"));
    for (const [path, source] of Object.entries(TREE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), source);
    }
    copyFileSync(join(REPO_ROOT, "tsconfig.json"), join(root, "tsconfig.json"));
    // The arguments scripts/run.mjs gives it, from the tree's root as npm runs it from the repository's.
    const result = spawnSync(DEPCRUISE, ["--config", CONFIG, "--output-type", "err-long", "."], { cwd: root, encoding: "utf8" });
    if (result.error) throw result.error;
    run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    const lines = run.stdout.split("\n");
    reported = lines.flatMap((line, index) => {
      const match = ERROR_LINE.exec(line);
      if (!match) return [];
      const [, rule = "", from = "", to = ""] = match;
      return [[rule, from, to || (lines[index + 1] ?? "").trim().replace(/\s*→$/, "")]];
    });
  }, 30_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("fails, naming the rule and both files of every wrong arrow, and nothing else", () => {
    expect(run.stderr).toBe("");
    expect(reported.map(sameCircle).sort()).toEqual(EXPECTED.map(sameCircle).sort());
    // depcruise exits with the number of violations.
    expect(run.status).toBe(EXPECTED.length);
  });

  it("says why: each violation carries its rule's comment", () => {
    const config = require(CONFIG) as { forbidden: Array<{ name: string; comment?: string }> };
    for (const rule of config.forbidden) {
      expect(rule.comment, rule.name).toBeTruthy();
      if (EXPECTED.some(([name]) => name === rule.name)) {
        // err-long wraps the comment; its first words follow the violation.
        const firstWords = (rule.comment ?? "").split(" ").slice(0, 3).join(" ");
        expect(run.stdout, rule.name).toContain(firstWords);
      }
    }
    expect(config.forbidden.map((rule) => rule.name).sort()).toEqual([...new Set(EXPECTED.map(([name]) => name))].sort());
  });
});
