import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadExporterConfigFile, parseExporterConfig, type ExporterConfig } from "./config";

const valid: ExporterConfig = {
  service: "vigil-exporter",
  listen: { host: "0.0.0.0", port: 9464 },
  ingest: { host: "0.0.0.0", port: 9465 },
  logLevel: "info",
  shutdownGraceSeconds: 10,
};

describe("parseExporterConfig", () => {
  it("accepts the shape synth writes", () => {
    expect(parseExporterConfig(structuredClone(valid))).toEqual(valid);
  });

  it("accepts port 0, meaning any free port", () => {
    expect(parseExporterConfig({ ...valid, listen: { host: "127.0.0.1", port: 0 } }).listen.port).toBe(0);
  });

  it("lists every bad field as path: message", () => {
    const raw = { ...valid, listen: { host: "", port: 70_000 }, logLevel: "loud", shutdownGraceSeconds: 0 };
    let message = "";
    try {
      parseExporterConfig(raw);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid exporter config:/);
    expect(message).toMatch(/^ {2}listen\.host: .+$/m);
    expect(message).toMatch(/^ {2}listen\.port: .+$/m);
    expect(message).toMatch(/^ {2}logLevel: .+$/m);
    expect(message).toMatch(/^ {2}shutdownGraceSeconds: .+$/m);
    expect(message).not.toMatch(/^ {2}service:/m);
  });

  it("names missing required fields", () => {
    const { shutdownGraceSeconds: _omitted, ...withoutGrace } = valid;
    expect(() => parseExporterConfig(withoutGrace)).toThrow(/shutdownGraceSeconds: /);
  });

  it("rejects unknown fields at the top level and inside listen", () => {
    expect(() => parseExporterConfig({ ...valid, extra: true })).toThrow(/\(root\): .*extra/);
    expect(() => parseExporterConfig({ ...valid, listen: { ...valid.listen, tls: true } })).toThrow(/listen: .*tls/);
  });

  it("rejects a fractional port", () => {
    expect(() => parseExporterConfig({ ...valid, listen: { host: "127.0.0.1", port: 80.5 } })).toThrow(/listen\.port: /);
  });
});

describe("loadExporterConfigFile", () => {
  const dirs: string[] = [];
  function tempFile(content: string): string {
    const dir = mkdtempSync(join(tmpdir(), "vigil-exporter-config-"));
    dirs.push(dir);
    const path = join(dir, "exporter.json");
    writeFileSync(path, content);
    return path;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a valid JSON file", () => {
    expect(loadExporterConfigFile(tempFile(JSON.stringify(valid)))).toEqual(valid);
  });

  it("names the file when it cannot be read", () => {
    const missing = join(tmpdir(), "vigil-no-such-dir", "exporter.json");
    expect(() => loadExporterConfigFile(missing)).toThrow(`cannot read exporter config ${missing}`);
  });

  it("names the file when it is not JSON", () => {
    const path = tempFile("service: vigil-exporter\n");
    expect(() => loadExporterConfigFile(path)).toThrow(`exporter config ${path} is not valid JSON`);
  });

  it("names the file and the field when the content is invalid", () => {
    const path = tempFile(JSON.stringify({ ...valid, logLevel: "verbose" }));
    expect(() => loadExporterConfigFile(path)).toThrow(`${path}: invalid exporter config:\n  logLevel: `);
  });
});
