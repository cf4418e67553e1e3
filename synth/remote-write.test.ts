import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { renderLocalInto, runTool, tempDirsRemovedAfterAll } from "../test/support/binaries";
import { minimalRawConfig } from "../test/support/fixtures";
import { synth } from "./index";

const tempDir = tempDirsRemovedAfterAll();

const REMOTE_WRITE = [
  { name: "mimir", url: "https://mimir.example.com/api/v1/push", basicAuth: { username: "vigil", password: "mimir-secret" } },
  { name: "thanos", url: "https://receive.example.com/api/v1/receive", bearerToken: "thanos-token" },
];

function configWith(remoteWrite: unknown) {
  return parseConfig(minimalRawConfig({ prometheus: { remoteWrite } }), "test");
}

describe("remote_write", () => {
  it("renders no remote_write section when no store is configured", () => {
    const prometheusYml = synth(configWith([]), dropletPlacement(), PRODUCTION).find((a) => a.path === "prometheus/prometheus.yml");
    expect(prometheusYml?.content).not.toContain("remote_write");
  });

  it("names credential files in prometheus.yml and renders them as secret placeholder artifacts", () => {
    const artifacts = synth(configWith(REMOTE_WRITE), dropletPlacement(), PRODUCTION);
    const prometheusYml = artifacts.find((a) => a.path === "prometheus/prometheus.yml")?.content ?? "";
    expect(prometheusYml).toContain("password_file: /etc/prometheus/secrets/remote-write-mimir");
    expect(prometheusYml).toContain("credentials_file: /etc/prometheus/secrets/remote-write-thanos");
    expect(prometheusYml).not.toContain("mimir-secret");
    expect(prometheusYml).not.toContain("thanos-token");
    const secrets = artifacts.filter((a) => a.path.startsWith("prometheus/secrets/"));
    expect(secrets).toEqual([
      { path: "prometheus/secrets/remote-write-mimir", content: "<<vigil-secret:prometheus.remoteWrite.0.basicAuth.password>>", secret: true },
      { path: "prometheus/secrets/remote-write-thanos", content: "<<vigil-secret:prometheus.remoteWrite.1.bearerToken>>", secret: true },
    ]);
  });

  it("passes `promtool check config` (Prometheus 2.42) with both kinds of credentials", () => {
    const root = tempDir("vigil-remote-write-");
    renderLocalInto(root, configWith(REMOTE_WRITE), 19400);
    expect(readFileSync(join(root, "prometheus", "secrets", "remote-write-mimir"), "utf8")).toBe("mimir-secret");
    const run = runTool("promtool", ["check", "config", join(root, "prometheus", "prometheus.yml")]);
    expect(run.output).toContain("SUCCESS");
    expect(run.status, run.output).toBe(0);
  });

  it("rejects a target with both basic auth and a bearer token, naming the field", () => {
    const both = [{ ...REMOTE_WRITE[0], bearerToken: "x" }];
    expect(() => configWith(both)).toThrow("prometheus.remoteWrite.0.bearerToken: set basicAuth or bearerToken, not both");
  });
});
