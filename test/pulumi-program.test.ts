// Loads the Pulumi program the way `pulumi up` does, in a child `node` process: ts-node
// registered with the options Pulumi's nodejs runtime passes (node_modules/@pulumi/pulumi/
// cmd/run/run.js), type-checking on, the program required as CommonJS inside the root stack
// resource. Vitest's own loader is far more forgiving (no type-checking, ESM interop), so
// this is the test that fails when the program would not even start on an operator's machine.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { MOCK_DROPLET_IP, MOCK_RESERVED_IP } from "./support/pulumi-mocks";

const ROOT = path.resolve(__dirname, "..");
/** ts-node type-checks every file the program reaches: slow on a cold cache. */
const TIMEOUT_MS = 300_000;

/**
 * The child: mirrors run.js for a CommonJS project (package.json has no "type"): tsconfig's
 * compilerOptions read with TypeScript's parser and spread over Pulumi's defaults,
 * transpileOnly from `noCheck` (unset here, so ts-node type-checks), then mocks and the
 * test stack config, then `require(program)` inside runInPulumiStack. Prints the stack
 * outputs as JSON.
 */
const CHILD = `
const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const tsConfigPath = "tsconfig.json";
const tsConfig = ts.parseConfigFileTextToJson(tsConfigPath, fs.readFileSync(tsConfigPath).toString()).config;
const compilerOptions = tsConfig.compilerOptions || {};
require("ts-node").register({
  compiler: "typescript",
  transpileOnly: compilerOptions.noCheck,
  project: tsConfigPath,
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: "true",
    ...compilerOptions,
  },
});
const pulumi = require("@pulumi/pulumi");
const { installMocks, setTestStackConfig } = require(path.resolve("test/support/pulumi-mocks.ts"));
(async () => {
  await installMocks();
  setTestStackConfig();
  const program = path.resolve(process.env.VIGIL_PROGRAM);
  const outputs = await pulumi.runtime.runInPulumiStack(async () => require(program));
  await pulumi.runtime.disconnect();
  process.stdout.write(JSON.stringify(outputs));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runProgram(program: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", CHILD], {
      cwd: ROOT,
      env: { ...process.env, VIGIL_PROGRAM: program },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS - 10_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the Pulumi program under Pulumi's nodejs runtime", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "vigil-program-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    "loads with ts-node in CommonJS with type-checking and exports the addresses, tunnel command and cost",
    async () => {
      const main = (parseYaml(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { main: string }).main;
      const result = await runProgram(main);
      expect(result.stderr).not.toMatch(/TSError|error TS\d+/);
      expect(result.code, result.stderr).toBe(0);
      const outputs = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(outputs.dropletIp).toBe(MOCK_DROPLET_IP);
      expect(outputs.reservedIp).toBe(MOCK_RESERVED_IP);
      expect(outputs.sshTunnelCommand).toContain(`root@${MOCK_RESERVED_IP}`);
      expect(outputs.monthlyCostUsd).toMatchObject({ dropletUsd: 24 });
    },
    TIMEOUT_MS,
  );

  it(
    "fails on a type error, so a green run above means the program type-checked",
    async () => {
      const broken = path.join(scratch, "broken.ts");
      writeFileSync(broken, 'const port: number = "9090";\nexport const out = port;\n');
      const result = await runProgram(broken);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/TS2322/);
    },
    TIMEOUT_MS,
  );
});
