import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../core/config";
import { dropletPlacement } from "../core/placement";
import { PRODUCTION } from "../core/timing";
import { minimalRawConfig } from "../test/support/fixtures";
import { appHostRelabelling } from "./app-hosts";
import { synth } from "./index";

// What the relabelling does with real droplets is test/e2e/app-host-discovery.test.ts's
// (a real Prometheus); here: which jobs exist, and that the token stays out of the config.

const TOKEN = "dop_v1_read-only-token-value";

function render(hosts: Record<string, unknown> | undefined) {
  const raw = minimalRawConfig();
  raw.access.appDropletTags = ["shop-web", "env:prod"];
  if (hosts) raw.app.hosts = hosts;
  const artifacts = synth(parseConfig(raw), dropletPlacement(), PRODUCTION);
  const prometheus = artifacts.find((artifact) => artifact.path === "prometheus/prometheus.yml")?.content ?? "";
  const jobs = (parseYaml(prometheus) as { scrape_configs: Array<Record<string, any>> }).scrape_configs;
  return { artifacts, prometheus, job: (name: string) => jobs.find((job) => job.job_name === name), jobs };
}

describe("the application's hosts in prometheus.yml", () => {
  it("without app.hosts, scrapes the application's listed targets and discovers nothing", () => {
    const { job, jobs, artifacts } = render(undefined);
    expect(job("shop")?.static_configs).toEqual([{ targets: ["10.110.0.5:8000"], labels: { component: "shop" } }]);
    expect(jobs.filter((j) => "digitalocean_sd_configs" in j)).toEqual([]);
    expect(artifacts.map((artifact) => artifact.path)).not.toContain("prometheus/secrets/digitalocean-token");
  });

  it("with it, discovers the application's job and a node job, both reading the token from a file", () => {
    const { job, prometheus, artifacts } = render({ discoveryToken: TOKEN, metricsPort: 8080 });
    const app = job("shop");
    expect(app?.static_configs).toBeUndefined();
    expect(app?.metrics_path).toBe("/metrics");
    expect(app?.fallback_scrape_protocol).toBe("PrometheusText0.0.4");
    const node = job("node-app-hosts");
    for (const [discovering, port] of [
      [app, 8080],
      [node, 9100],
    ] as const) {
      expect(discovering?.digitalocean_sd_configs).toEqual([
        { authorization: { type: "Bearer", credentials_file: "/etc/prometheus/secrets/digitalocean-token" }, port },
      ]);
    }
    expect(node?.scrape_interval).toBe("15s");
    // The one secret file; the value itself is only ever a placeholder.
    expect(artifacts.find((artifact) => artifact.path === "prometheus/secrets/digitalocean-token")).toEqual({
      path: "prometheus/secrets/digitalocean-token",
      content: "<<vigil-secret:app.hosts.discoveryToken>>",
      secret: true,
    });
    expect(artifacts.map((artifact) => artifact.content).join("\n")).not.toContain(TOKEN);
    expect(prometheus).not.toContain(TOKEN);
  });

  it("keeps hosts by tag, on the private address, named after the droplet, under the job the rules select", () => {
    const node = render({ discoveryToken: TOKEN }).job("node-app-hosts");
    expect(node?.relabel_configs).toEqual([
      { source_labels: ["__meta_digitalocean_tags"], regex: ".*,(shop-web|env:prod),.*", action: "keep" },
      { source_labels: ["__meta_digitalocean_private_ipv4"], regex: ".+", action: "keep" },
      { source_labels: ["__meta_digitalocean_private_ipv4"], target_label: "__address__", replacement: "$1:9100" },
      { source_labels: ["__meta_digitalocean_droplet_name"], target_label: "instance" },
      { target_label: "job", replacement: "node" },
    ]);
  });

  it("matches tags literally and refuses to discover without one", () => {
    expect(appHostRelabelling(["shop.web"], 9100, {})[0]).toMatchObject({ regex: ".*,(shop\\.web),.*" });
    expect(() => appHostRelabelling([], 9100, {})).toThrow(/access\.appDropletTags/);
  });
});
