import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { synth } from "../synth/index";
import { dropletPlacement } from "../synth/placement";
import { PRODUCTION } from "../synth/timing";
import type { TestStackConfig, VigilMocks } from "../test/pulumi-mocks";
import {
  MOCK_DROPLET_ID,
  MOCK_DROPLET_IP,
  arrivedSecret,
  installMocks,
  setTestStackConfig,
  unwrapSecret,
} from "../test/pulumi-mocks";
import { fromStackConfig, parseConfig } from "./config";

const DROPLET = "digitalocean:index/droplet:Droplet";
const FIREWALL = "digitalocean:index/firewall:Firewall";
const CONTAINER = "docker:index/container:Container";

let mocks: VigilMocks;
let stack: TestStackConfig;
let outputs: Record<string, unknown>;
/** The container resources as the program built them, to read their inputs as Outputs. */
const containers = new Map<string, { resource: docker.Container; props: docker.ContainerArgs }>();

interface UploadInput {
  file: string;
  content?: unknown;
}
interface PortInput {
  internal: number;
  external?: number;
  ip?: string;
}

function containerInputs(containerName: string): Record<string, unknown> {
  const found = mocks.ofType(CONTAINER).find((resource) => resource.inputs.name === containerName);
  if (!found) throw new Error(`no container named ${containerName} was created`);
  return found.inputs;
}

function built(containerName: string): { resource: docker.Container; props: docker.ContainerArgs } {
  const found = containers.get(containerName);
  if (!found) throw new Error(`no container named ${containerName} was built`);
  return found;
}

beforeAll(async () => {
  mocks = await installMocks();
  stack = setTestStackConfig();
  // Run the program the way the runtime does, inside the root stack resource, so its
  // exports become stack outputs exactly as `pulumi up` would record them.
  const result = await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      if (args.resource instanceof docker.Container) {
        containers.set(String(args.props.name), { resource: args.resource, props: args.props as docker.ContainerArgs });
      }
      return undefined;
    });
    const program = await import("./index.js");
    return { dropletIp: program.dropletIp, sshTunnelCommand: program.sshTunnelCommand };
  });
  outputs = result ?? {};
  // Resources whose inputs wait on other resources register later: let every one arrive.
  await pulumi.runtime.disconnect();
}, 60_000);

describe("the Pulumi program", () => {
  it("exports the droplet's IP and an SSH tunnel command that uses it", () => {
    expect(outputs.dropletIp).toBe(MOCK_DROPLET_IP);
    expect(outputs.sshTunnelCommand).toContain(`root@${MOCK_DROPLET_IP}`);
    expect(outputs.sshTunnelCommand).toMatch(/^ssh -N /);
  });

  it("creates one droplet from the Docker image, with monitoring and the vigil tag", () => {
    const droplets = mocks.ofType(DROPLET);
    expect(droplets).toHaveLength(1);
    expect(droplets[0]?.inputs).toMatchObject({
      image: "docker-20-04",
      region: "fra1",
      size: "s-2vcpu-4gb",
      vpcUuid: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      backups: false,
      monitoring: true,
      tags: ["vigil"],
      sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
    });
  });

  it("opens only SSH, only from the admin CIDRs, on the droplet's firewall", () => {
    const firewalls = mocks.ofType(FIREWALL);
    expect(firewalls).toHaveLength(1);
    expect(firewalls[0]?.inputs.dropletIds).toEqual([Number(MOCK_DROPLET_ID)]);
    expect(firewalls[0]?.inputs.inboundRules).toEqual([
      { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32", "198.51.100.0/28"] },
    ]);
    const outbound = firewalls[0]?.inputs.outboundRules as Array<{ protocol: string }>;
    expect(outbound.map((rule) => rule.protocol).sort()).toEqual(["icmp", "tcp", "udp"]);
  });

  it("drives Docker over SSH to the droplet, with every container on the vigil network", () => {
    const provider = mocks.ofType("pulumi:providers:docker");
    expect(provider.map((p) => p.inputs.host)).toEqual([`ssh://root@${MOCK_DROPLET_IP}`]);
    expect(mocks.ofType("docker:index/network:Network").map((n) => n.inputs.name)).toEqual(["vigil"]);
    const created = mocks.ofType(CONTAINER);
    expect(created.length).toBeGreaterThanOrEqual(8);
    for (const container of created) {
      expect(container.inputs.networksAdvanced, String(container.inputs.name)).toEqual([{ name: "vigil" }]);
      expect(container.inputs.restart).toBe("unless-stopped");
    }
  });

  it("binds every published port to 127.0.0.1, and publishes only the three UIs", () => {
    const publishing: string[] = [];
    for (const container of mocks.ofType(CONTAINER)) {
      const ports = (unwrapSecret(container.inputs.ports) ?? []) as PortInput[];
      if (ports.length > 0) publishing.push(String(container.inputs.name));
      for (const port of ports) expect(port.ip, String(container.inputs.name)).toBe("127.0.0.1");
    }
    expect(publishing.sort()).toEqual(["alertmanager", "grafana", "prometheus"]);
  });

  it("uploads synth's prometheus.yml into the Prometheus container unchanged", () => {
    const config = parseConfig(fromStackConfig(stack.config), "test stack");
    const rendered = synth(config, dropletPlacement(), PRODUCTION).find((a) => a.path === "prometheus/prometheus.yml");
    const uploads = unwrapSecret(containerInputs("prometheus").uploads) as UploadInput[];
    expect(uploads.find((u) => u.file === "/etc/prometheus/prometheus.yml")?.content).toBe(rendered?.content);
  });

  it("hands secret-bearing env values and files to the engine as secrets, and nothing else", async () => {
    // Inputs as the engine receives them: marked secret, so they are encrypted in the state.
    expect(arrivedSecret(containerInputs("grafana").envs)).toBe(true);
    expect(arrivedSecret(containerInputs("alertmanager").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("prometheus").uploads)).toBe(false);
    expect(arrivedSecret(containerInputs("prometheus").envs)).toBe(false);

    // As the program built them: exactly the filled values are secret Outputs.
    const grafanaEnvs = built("grafana").props.envs as pulumi.Input<string>[];
    const password = `GF_SECURITY_ADMIN_PASSWORD=${stack.secretValues.get("grafana.adminPassword")}`;
    for (const env of grafanaEnvs) {
      const value = await new Promise<string>((resolve) => pulumi.output(env).apply(resolve));
      expect(await pulumi.isSecret(pulumi.output(env)), value.split("=")[0]).toBe(value === password);
    }
    const alertmanagerUploads = built("alertmanager").props.uploads as docker.types.input.ContainerUpload[];
    for (const upload of alertmanagerUploads) {
      const file = String(upload.file);
      expect(pulumi.Output.isInstance(upload.content) && (await pulumi.isSecret(upload.content)), file).toBe(
        file.startsWith("/etc/alertmanager/secrets/"),
      );
    }
    expect(await pulumi.isSecret(built("grafana").resource.envs)).toBe(true);
    expect(await pulumi.isSecret(built("prometheus").resource.uploads)).toBe(false);
  });

  it("never sends a secret value to the engine outside a secret", () => {
    const plainText = JSON.stringify(
      mocks.created.map((resource) =>
        Object.fromEntries(Object.entries(resource.inputs).filter(([, value]) => !arrivedSecret(value))),
      ),
    );
    for (const [secretPath, value] of stack.secretValues) {
      expect(plainText.includes(value), secretPath).toBe(false);
    }
  });
});
