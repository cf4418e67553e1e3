// The application's hosts as a real Prometheus finds them. DigitalOcean's API cannot be
// reached from here, so the scrape jobs synth renders for app.hosts run with their
// digitalocean_sd_configs swapped for a file_sd list of droplets that carry exactly the
// labels DigitalOcean's discovery sets (__meta_digitalocean_*; its tags surrounded by
// commas, its address the public one); the relabelling, the part that decides what is
// watched, is the rendered one, untouched. Prometheus's own target list then says which
// droplets are kept, under which job and instance, at which address.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { JOBS } from "../../core/catalog";
import { parseConfig } from "../../core/config";
import { dropletPlacement } from "../../core/placement";
import { PRODUCTION } from "../../core/timing";
import { freePort, httpOk, ProcessGroup, waitUntil } from "../../scripts/local/processes";
import { synth } from "../../synth";
import { tempDirsRemovedAfterAll } from "../support/binaries";
import { minimalRawConfig } from "../support/fixtures";

const tempDir = tempDirsRemovedAfterAll();

/** Two tags, one with a dot: a droplet tagged `shopXapi` must not pass for `shop.api`. */
const TAGS = ["shop-web", "shop.api"];
const METRICS_PORT = 8000;

const config = parseConfig(
  minimalRawConfig({
    access: { adminCidrs: ["203.0.113.10/32"], sshKeyFingerprints: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"], appDropletTags: TAGS },
    app: {
      name: "shop",
      publicUrl: "https://shop.example.com/",
      metricsTargets: ["10.110.0.5:8000"],
      hosts: { discoveryToken: "do-read-only-token", metricsPort: METRICS_PORT },
    },
  }),
);

interface Droplet {
  name: string;
  /** As DigitalOcean lists them; empty = none. */
  tags: string[];
  privateIpv4: string;
  publicIpv4: string;
}

const DROPLETS: Droplet[] = [
  { name: "shop-web-1", tags: ["shop-web", "production"], privateIpv4: "10.110.0.21", publicIpv4: "203.0.113.21" },
  { name: "shop-api-1", tags: ["shop.api"], privateIpv4: "10.110.0.22", publicIpv4: "203.0.113.22" },
  // Not the application's: another tag, a tag the dot would match if it were not literal, a
  // tag that starts like one of them, no tag at all.
  { name: "shop-db", tags: ["database"], privateIpv4: "10.110.0.23", publicIpv4: "203.0.113.23" },
  { name: "look-alike", tags: ["shopXapi"], privateIpv4: "10.110.0.24", publicIpv4: "203.0.113.24" },
  { name: "shop-web-old-1", tags: ["shop-web-old"], privateIpv4: "10.110.0.25", publicIpv4: "203.0.113.25" },
  { name: "untagged", tags: [], privateIpv4: "10.110.0.26", publicIpv4: "203.0.113.26" },
  // Tagged, but outside any VPC: nothing private to scrape.
  { name: "shop-web-novpc", tags: ["shop-web"], privateIpv4: "", publicIpv4: "203.0.113.27" },
];
const KEPT = ["shop-api-1", "shop-web-1"];

/**
 * One droplet as DigitalOcean's discovery hands it to relabelling
 * (discovery/digitalocean/digitalocean.go): every meta label, the address on the public
 * IPv4 and the SD config's port, the tags (when there are any) as `,a,b,`.
 */
function discoveredGroup(droplet: Droplet, index: number, port: number): { targets: string[]; labels: Record<string, string> } {
  const labels: Record<string, string> = {
    __meta_digitalocean_droplet_id: String(400_000_000 + index),
    __meta_digitalocean_droplet_name: droplet.name,
    __meta_digitalocean_image: "ubuntu-24-04-x64",
    __meta_digitalocean_image_name: "24.04 (LTS) x64",
    __meta_digitalocean_private_ipv4: droplet.privateIpv4,
    __meta_digitalocean_public_ipv4: droplet.publicIpv4,
    __meta_digitalocean_public_ipv6: "",
    __meta_digitalocean_region: "fra1",
    __meta_digitalocean_size: "s-1vcpu-2gb",
    __meta_digitalocean_status: "active",
    __meta_digitalocean_vpc: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
    __meta_digitalocean_features: ",monitoring,droplet_agent,private_networking,",
  };
  if (droplet.tags.length > 0) labels.__meta_digitalocean_tags = `,${droplet.tags.join(",")},`;
  return { targets: [`${droplet.publicIpv4}:${port}`], labels };
}

type ScrapeConfig = Record<string, unknown> & { job_name: string; digitalocean_sd_configs?: Array<{ port: number }> };

/** The rendered scrape jobs that discover droplets, exactly as the droplet's prometheus.yml has them. */
function renderedDiscoveryJobs(): ScrapeConfig[] {
  const file = synth(config, dropletPlacement(), PRODUCTION).find((artifact) => artifact.path === "prometheus/prometheus.yml");
  const document = parseYaml(file?.content ?? "") as { scrape_configs: ScrapeConfig[] };
  return document.scrape_configs.filter((job) => job.digitalocean_sd_configs !== undefined);
}

interface ApiTarget {
  scrapePool: string;
  scrapeUrl: string;
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
}

describe("discovery of the application's hosts, relabelled by a real Prometheus", () => {
  const group = new ProcessGroup(tempDir("vigil-discovery-logs-"));
  const jobs = renderedDiscoveryJobs();
  let prometheusUrl = "";
  let active: ApiTarget[] = [];
  let dropped: ApiTarget[] = [];

  beforeAll(async () => {
    const dir = tempDir("vigil-discovery-");
    const scrapeConfigs = jobs.map((job) => {
      const { digitalocean_sd_configs: discovery, ...rest } = job;
      const port = discovery?.[0]?.port ?? 80;
      const list = join(dir, `${job.job_name}.json`);
      writeFileSync(list, JSON.stringify(DROPLETS.map((droplet, index) => discoveredGroup(droplet, index, port))));
      return { ...rest, file_sd_configs: [{ files: [list] }] };
    });
    const file = join(dir, "prometheus.yml");
    writeFileSync(file, stringify({ global: { scrape_interval: "15s" }, scrape_configs: scrapeConfigs }));
    const port = await freePort();
    group.start({
      name: "prometheus",
      command: "prometheus",
      args: [`--config.file=${file}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
      cwd: dir,
    });
    prometheusUrl = `http://127.0.0.1:${port}`;
    await waitUntil("Prometheus ready", () => httpOk(`${prometheusUrl}/-/ready`), 30_000);
    const expected = jobs.length * DROPLETS.length;
    await waitUntil(
      `Prometheus listing all ${expected} discovered droplets`,
      async () => {
        const response = await fetch(`${prometheusUrl}/api/v1/targets?state=any`, { signal: AbortSignal.timeout(2_000) });
        const body = (await response.json()) as { data: { activeTargets: ApiTarget[]; droppedTargets: ApiTarget[] } };
        active = body.data.activeTargets;
        dropped = body.data.droppedTargets;
        return active.length + dropped.length === expected;
      },
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await group.stopAll();
  });

  it("renders two discovery jobs: node_exporter on each host, and the application's metrics", () => {
    expect(jobs.map((job) => job.job_name).sort()).toEqual([config.app.name, "node-app-hosts"].sort());
  });

  it("keeps the droplets with one of the tags, named after the droplet, on their private address, as job node", () => {
    const node = active.filter((target) => target.scrapePool === "node-app-hosts");
    expect(node.map((target) => target.labels).sort((a, b) => String(a.instance).localeCompare(String(b.instance)))).toEqual([
      { instance: "shop-api-1", job: JOBS.node },
      { instance: "shop-web-1", job: JOBS.node },
    ]);
    expect(node.map((target) => target.scrapeUrl).sort()).toEqual(["http://10.110.0.21:9100/metrics", "http://10.110.0.22:9100/metrics"]);
  });

  it("scrapes the application on each kept host's private address and metrics port, with its job and component", () => {
    const app = active.filter((target) => target.scrapePool === config.app.name);
    expect(app.map((target) => target.labels).sort((a, b) => String(a.instance).localeCompare(String(b.instance)))).toEqual([
      { component: "shop", instance: "shop-api-1", job: "shop" },
      { component: "shop", instance: "shop-web-1", job: "shop" },
    ]);
    expect(app.map((target) => target.scrapeUrl).sort()).toEqual([
      `http://10.110.0.21:${METRICS_PORT}${config.app.metricsPath}`,
      `http://10.110.0.22:${METRICS_PORT}${config.app.metricsPath}`,
    ]);
  });

  it("drops every other droplet: other tags, a look-alike tag, no tag, no private address", () => {
    for (const pool of ["node-app-hosts", config.app.name]) {
      const names = dropped
        .filter((target) => target.discoveredLabels.job === pool)
        .map((target) => target.discoveredLabels.__meta_digitalocean_droplet_name)
        .sort();
      expect(names, pool).toEqual(DROPLETS.map((droplet) => droplet.name).filter((name) => !KEPT.includes(name)).sort());
    }
  });
});
