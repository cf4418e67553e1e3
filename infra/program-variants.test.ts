// The program under stack configs other than the example: a preview (provider-computed
// values unknown), a stack without a Grafana password, and a bad stack. Each runs the
// program in a fresh module registry, with its own mocks and config.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import type { VigilMocks } from "../test/support/pulumi-mocks";
import { MOCK_DROPLET_ID, MOCK_DROPLET_IP, MOCK_GENERATED_PASSWORD, PROD_STACK_FILE, arrivedSecret, installMocks, setTestStackConfig, unwrapSecret } from "../test/support/pulumi-mocks";
import { appHostCloudInit } from "./app-host-cloud-init";
import { firewallViolations } from "./policy/rules";

const scratch = mkdtempSync(path.join(tmpdir(), "vigil-stacks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The example stack with `change` applied to its config, written to a scratch file. */
function stackFile(name: string, change: (config: Record<string, any>) => void): string {
  const document = parseYaml(readFileSync(PROD_STACK_FILE, "utf8")) as { config: Record<string, any> };
  change(document.config);
  const file = path.join(scratch, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringify(document));
  return file;
}

/** Loads the program outside a stack: a config error is thrown while the module loads. */
async function loadProgram(file: string): Promise<unknown> {
  vi.resetModules();
  await installMocks();
  setTestStackConfig(file);
  return import("./index.js");
}

async function runProgram(file: string, preview: boolean): Promise<{ mocks: VigilMocks; outputs: Record<string, unknown> }> {
  vi.resetModules();
  const mocks = await installMocks(preview);
  setTestStackConfig(file);
  const outputs = await pulumi.runtime.runInPulumiStack(async () => ({ ...(await import("./index.js")) }));
  await pulumi.runtime.disconnect();
  return { mocks, outputs: outputs ?? {} };
}

describe("the program in a preview, before the droplet exists", () => {
  it("registers every resource without crashing, leaving addresses unknown", async () => {
    const { mocks, outputs } = await runProgram(PROD_STACK_FILE, true);
    expect(mocks.ofType("digitalocean:index/droplet:Droplet")).toHaveLength(1);
    // vigil's and the application hosts' (the example watches them, app.hosts.firewall).
    expect(mocks.ofType("digitalocean:index/firewall:Firewall")).toHaveLength(2);
    expect(mocks.ofType("command:local:Command")).toHaveLength(1);
    // Every container is planned although the docker host (the reserved IP) is unknown.
    // 9, and the logs' four: VictoriaLogs, vmauth (the example sets logs.ingestToken), vmalert, Fluent Bit.
    expect(mocks.ofType("docker:index/container:Container")).toHaveLength(13);
    // Addresses are unknown in a preview; the outputs that derive from them are too.
    expect(outputs.dropletIp).toBeUndefined();
    expect(outputs.sshTunnelCommand).toBeUndefined();
  }, 120_000);
});

describe("a stack without a Grafana password", () => {
  it("generates one, uploads it as a secret file and exports it as a secret", async () => {
    const file = stackFile("generated", (config) => {
      delete config["vigil:grafana"];
    });
    const { mocks, outputs } = await runProgram(file, false);
    expect(mocks.ofType("random:index/randomPassword:RandomPassword").map((r) => r.inputs)).toEqual([
      expect.objectContaining({ length: 32, special: false }),
    ]);
    const grafana = mocks.ofType("docker:index/container:Container").find((c) => c.inputs.name === "grafana");
    expect(arrivedSecret(grafana?.inputs.uploads)).toBe(true);
    const uploads = unwrapSecret(grafana?.inputs.uploads) as Array<{ file: string; content: string }>;
    expect(uploads.find((u) => u.file === "/etc/grafana/secrets/admin-password")?.content).toBe(MOCK_GENERATED_PASSWORD);
    expect(outputs.grafanaAdminPassword).toBe(MOCK_GENERATED_PASSWORD);
  }, 120_000);
});

describe("a stack with the HTTPS entry and managed databases", () => {
  it("adds Caddy on the public address, its DNS record, 80/443 on the firewall and the database firewalls", async () => {
    const file = stackFile("entry", (config) => {
      config["vigil:httpsEntry"] = { zone: "example.com", name: "relay", acmeEmail: "ops@example.com" };
      config["vigil:managedDatabases"] = { postgresCluster: "shop-db", redisCluster: "shop-cache" };
    });
    const { mocks } = await runProgram(file, false);
    expect(mocks.ofType("digitalocean:index/dnsRecord:DnsRecord").map((r) => r.inputs)).toEqual([
      expect.objectContaining({ domain: "example.com", name: "relay", type: "A", value: MOCK_DROPLET_IP }),
      expect.objectContaining({ domain: "shop.example.com", name: "status", type: "CNAME" }),
    ]);
    const caddy = mocks.ofType("docker:index/container:Container").find((c) => c.inputs.name === "caddy");
    expect(unwrapSecret(caddy?.inputs.ports)).toEqual([
      expect.objectContaining({ internal: 80, external: 80, ip: MOCK_DROPLET_IP }),
      expect.objectContaining({ internal: 443, external: 443, ip: MOCK_DROPLET_IP }),
    ]);
    const caddyfile = (unwrapSecret(caddy?.inputs.uploads) as Array<{ file: string; content: string }>)[0]?.content ?? "";
    expect(caddyfile).toContain("relay.example.com {");
    expect(caddyfile).toContain("email ops@example.com");
    const firewall = mocks.ofType("digitalocean:index/firewall:Firewall").find((f) => f.inputs.name === "vigil")?.inputs.inboundRules as Array<{ portRange: string }>;
    expect(firewall.map((rule) => rule.portRange)).toEqual(["22", "9465", "8427", "80", "443"]);
    const stackResources = mocks.created.map((r) => ({ type: r.type, props: r.inputs }));
    const httpsEntry = stackResources.some((r) => r.type === "docker:index/container:Container" && r.props.name === "caddy");
    expect(firewallViolations({ inboundRules: firewall as never }, { httpsEntry })).toEqual([]);
    expect(firewallViolations({ inboundRules: firewall as never }, { httpsEntry: false })).toHaveLength(2);
    const databaseFirewalls = mocks.ofType("digitalocean:index/databaseFirewall:DatabaseFirewall").map((r) => r.inputs);
    expect(databaseFirewalls).toEqual([
      { clusterId: "cluster-shop-db", rules: [{ type: "droplet", value: MOCK_DROPLET_ID }, { type: "tag", value: "shop-web" }] },
      { clusterId: "cluster-shop-cache", rules: [{ type: "droplet", value: MOCK_DROPLET_ID }, { type: "tag", value: "shop-web" }] },
    ]);
  }, 120_000);
});

describe("a stack that does not watch the application's hosts", () => {
  it("scrapes the listed targets, adds no firewall to the application's droplets and exports no user data for them", async () => {
    const file = stackFile("no-app-hosts", (config) => {
      delete config["vigil:app"].hosts;
    });
    const { mocks, outputs } = await runProgram(file, false);
    expect(mocks.ofType("digitalocean:index/firewall:Firewall").map((f) => f.inputs.name)).toEqual(["vigil"]);
    expect(outputs.appHostUserData).toBeUndefined();
    const prometheus = mocks.ofType("docker:index/container:Container").find((c) => c.inputs.name === "prometheus");
    const uploads = unwrapSecret(prometheus?.inputs.uploads) as Array<{ file: string; content: string }>;
    expect(uploads.map((u) => u.file)).not.toContain("/etc/prometheus/secrets/digitalocean-token");
    expect(uploads.find((u) => u.file === "/etc/prometheus/prometheus.yml")?.content).toContain("- 10.110.0.5:8000");
  }, 120_000);

  it("watches them without adding the firewall when app.hosts.firewall is off", async () => {
    const file = stackFile("no-app-firewall", (config) => {
      config["vigil:app"].hosts.firewall = false;
    });
    const { mocks, outputs } = await runProgram(file, false);
    expect(mocks.ofType("digitalocean:index/firewall:Firewall").map((f) => f.inputs.name)).toEqual(["vigil"]);
    expect(String(outputs.appHostUserData)).toMatch(/^#cloud-config\n/);
  }, 120_000);
});

describe("a stack that takes no logs from the application's hosts (no logs.ingestToken)", () => {
  it("gives the hosts node_exporter alone, in user data that holds no secret", async () => {
    const file = stackFile("no-log-ingest", (config) => {
      delete config["vigil:logs"].ingestToken;
    });
    const { outputs } = await runProgram(file, false);
    expect(outputs.appHostUserData).toBe(appHostCloudInit());
    expect(String(outputs.appHostUserData)).not.toContain("fluent-bit");
  }, 120_000);
});

describe("a bad stack config", () => {
  it("is rejected with the path of each bad value before any resource is created", async () => {
    const file = stackFile("bad", (config) => {
      config["vigil:access"].adminCidrs = ["203.0.113.300/32"];
      config["vigil:droplet"].volumeSizeGib = 1;
    });
    const failure = loadProgram(file);
    await expect(failure).rejects.toThrow("invalid vigil config (stack prod)");
    await expect(failure).rejects.toThrow("access.adminCidrs.0: expected a CIDR");
    await expect(failure).rejects.toThrow("droplet.volumeSizeGib: a data volume below 5 GiB fills within days");
  }, 120_000);

  it("is rejected when a deployment needs what the local stack does not: the host key, naming it", async () => {
    const file = stackFile("no-host-key", (config) => {
      delete config["vigil:access"].hostKey;
    });
    await expect(loadProgram(file)).rejects.toThrow(/access\.hostKey: required to deploy/);
  }, 120_000);
});
