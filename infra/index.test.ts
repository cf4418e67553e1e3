import * as docker from "@pulumi/docker";
import * as digitalocean from "@pulumi/digitalocean";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { synth } from "../synth/index";
import { dropletPlacement } from "../core/placement";
import { SECRET_FILES } from "../synth/services";
import { PRODUCTION } from "../core/timing";
import type { TestStackConfig, VigilMocks } from "../test/support/pulumi-mocks";
import {
  MOCK_DROPLET_ID,
  MOCK_DROPLET_IP,
  MOCK_DROPLET_PRIVATE_IP,
  MOCK_RESERVED_IP,
  MOCK_VPC_RANGE,
  arrivedSecret,
  installMocks,
  setTestStackConfig,
  unwrapSecret,
} from "../test/support/pulumi-mocks";
import { fromStackConfig, parseConfig } from "../core/config";
import { EXPORTER_BUNDLE_PATH } from "./container-plan";
import { DATA_MOUNT } from "./data-volume";
import { DOCKER_ENGINE, DROPLET_IMAGE, isPinnedImage } from "./images";
import { redactionOptions } from "../synth/logs/fluent-bit";
import { appHostCloudInit, appHostInstallScript, appHostParts } from "./app-host-cloud-init";
import { fluentBitPart } from "./app-host-fluent-bit";
import {
  appHostFirewallViolations,
  containerPortViolations,
  firewallViolations,
  imageViolations,
  isAppHostFirewall,
  privilegeViolations,
  receiverSecretViolations,
} from "./policy/rules";

const DROPLET = "digitalocean:index/droplet:Droplet";
const FIREWALL = "digitalocean:index/firewall:Firewall";
const CONTAINER = "docker:index/container:Container";

let mocks: VigilMocks;
let stack: TestStackConfig;
let outputs: Record<string, unknown>;
/** The program's exports as it made them (Outputs), to see which are secret. */
let program: Record<string, unknown>;
/** The container resources as the program built them, to read their inputs as Outputs. */
const containers = new Map<string, { resource: docker.Container; props: docker.ContainerArgs }>();
/** Resource options as the program set them, by type token and name. */
const options = new Map<string, pulumi.ResourceOptions>();

interface UploadInput {
  file: string;
  content?: unknown;
  source?: string;
  sourceHash?: string;
}
interface PortInput {
  internal: number;
  external?: number;
  ip?: string;
}

function one(type: string): Record<string, unknown> {
  const found = mocks.ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]?.inputs ?? {};
}

function containerInputs(containerName: string): Record<string, unknown> {
  const found = mocks.ofType(CONTAINER).find((resource) => resource.inputs.name === containerName);
  if (!found) throw new Error(`no container named ${containerName} was created`);
  return found.inputs;
}

/** The firewall named so: vigil's own ("vigil") or the application hosts' ("vigil-app-hosts"). */
function firewallNamed(firewallName: string): Record<string, unknown> {
  const found = mocks.ofType(FIREWALL).find((resource) => resource.inputs.name === firewallName);
  if (!found) throw new Error(`no firewall named ${firewallName} was created`);
  return found.inputs;
}

function uploadsOf(containerName: string): UploadInput[] {
  return unwrapSecret(containerInputs(containerName).uploads) as UploadInput[];
}

function built(containerName: string): { resource: docker.Container; props: docker.ContainerArgs } {
  const found = containers.get(containerName);
  if (!found) throw new Error(`no container named ${containerName} was built`);
  return found;
}

function valueOf<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(input).apply((value) => resolve(value as T)));
}

beforeAll(async () => {
  mocks = await installMocks();
  stack = setTestStackConfig();
  // Run the program the way the runtime does, inside the root stack resource, so its
  // exports become stack outputs exactly as `pulumi up` would record them.
  const result = await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      options.set(`${args.type}/${args.name}`, args.opts);
      if (args.resource instanceof docker.Container) {
        containers.set(String(args.props.name), { resource: args.resource, props: args.props as docker.ContainerArgs });
      }
      return undefined;
    });
    program = { ...(await import("./index.js")) };
    return program;
  });
  outputs = result ?? {};
  // Resources whose inputs wait on other resources register later: let every one arrive.
  await pulumi.runtime.disconnect();
}, 120_000);

describe("the Pulumi program's outputs", () => {
  it("exports both addresses and an SSH tunnel command through the reserved IP, the exporter's admin API included", () => {
    expect(outputs.dropletIp).toBe(MOCK_DROPLET_IP);
    expect(outputs.reservedIp).toBe(MOCK_RESERVED_IP);
    expect(outputs.sshTunnelCommand).toBe(
      `ssh -N -L 3000:127.0.0.1:3000 -L 9090:127.0.0.1:9090 -L 9093:127.0.0.1:9093 -L 9428:127.0.0.1:9428 -L 9464:127.0.0.1:9464 root@${MOCK_RESERVED_IP}`,
    );
    expect(outputs.tunnelledUrls).toEqual({
      grafana: "http://localhost:3000",
      prometheus: "http://localhost:9090",
      alertmanager: "http://localhost:9093",
      exporterAdmin: "http://localhost:9464",
      logs: "http://localhost:9428/select/vmui/",
    });
  });

  it("exports the status page's URL (the example's custom domain) and a monthly cost with droplet, volume and Spaces", () => {
    expect(outputs.statusPage).toBe("https://status.shop.example.com/index.html");
    expect(outputs.monthlyCostUsd).toMatchObject({ dropletUsd: 24, volumeUsd: 3, spacesUsd: 5, backupsUsd: 0, totalUsd: 32 });
    // The example stack sets a password, so none is generated or exported.
    expect(outputs.grafanaAdminPassword).toBeUndefined();
    expect(mocks.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
  });
});

describe("the host", () => {
  it("creates one droplet from the plain Ubuntu LTS image, with monitoring, the VPC and its user data as a secret", () => {
    const droplet = one(DROPLET);
    expect(droplet.image).toBe("ubuntu-24-04-x64");
    expect(droplet).toMatchObject({
      image: DROPLET_IMAGE,
      region: "fra1",
      size: "s-2vcpu-4gb",
      vpcUuid: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      backups: false,
      monitoring: true,
      tags: ["vigil"],
      sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
    });
    expect(droplet.volumeIds).toBeUndefined();
    expect(arrivedSecret(droplet.userData)).toBe(true);
    const userData = String(unwrapSecret(droplet.userData));
    expect(userData).toMatch(/^#cloud-config\n/);
    expect(userData).toContain("ssh_pwauth: false");
    expect(userData).toContain("unattended-upgrades");
    expect(userData).toContain(stack.secretValues.get("access.hostKey.privateKey"));
    expect(userData).toContain(`/var/lib/vigil/ready`);
    // Docker Engine comes from the user data, pinned, since the image has none.
    expect(userData).toContain(`docker-ce=${DOCKER_ENGINE.version}`);
    expect(userData).toContain(DOCKER_ENGINE.keyFingerprint);
  });

  it("keeps the data on a protected volume, attached from the attachment's side", () => {
    const volume = one("digitalocean:index/volume:Volume");
    expect(volume).toMatchObject({ name: "vigil-data", region: "fra1", size: 30, initialFilesystemType: "ext4" });
    expect(options.get("digitalocean:index/volume:Volume/vigil-data")?.protect).toBe(true);
    expect((options.get("digitalocean:index/volumeAttachment:VolumeAttachment/vigil") as pulumi.CustomResourceOptions | undefined)?.deleteBeforeReplace).toBe(true);
    expect(one("digitalocean:index/volumeAttachment:VolumeAttachment")).toEqual(
      expect.objectContaining({ dropletId: Number(MOCK_DROPLET_ID), volumeId: "vol-1" }),
    );
    expect(one("digitalocean:index/reservedIpAssignment:ReservedIpAssignment")).toEqual(
      expect.objectContaining({ ipAddress: MOCK_RESERVED_IP, dropletId: Number(MOCK_DROPLET_ID) }),
    );
  });

  it("opens SSH to the admin CIDRs and the ingest port to the app's tags and the VPC, nothing else, with outbound rules listed", () => {
    const firewall = firewallNamed("vigil");
    expect(firewall.dropletIds).toEqual([Number(MOCK_DROPLET_ID)]);
    expect(firewall.inboundRules).toEqual([
      { protocol: "tcp", portRange: "22", sourceAddresses: ["203.0.113.10/32", "198.51.100.0/28"] },
      { protocol: "tcp", portRange: "9465", sourceAddresses: [MOCK_VPC_RANGE], sourceTags: ["shop-web"] },
      // vmauth's log ingest port, for the application hosts' shippers: the same sources.
      { protocol: "tcp", portRange: "8427", sourceAddresses: [MOCK_VPC_RANGE], sourceTags: ["shop-web"] },
    ]);
    const outbound = firewall.outboundRules as Array<{ protocol: string }>;
    expect(outbound.map((rule) => rule.protocol).sort()).toEqual(["icmp", "tcp", "udp"]);
    expect(mocks.invoked.find((call) => call.token === "digitalocean:index/getVpc:getVpc")?.inputs).toEqual({
      id: "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
    });
  });

  it("waits for SSH with the pinned host key and cloud-init before Docker is driven, with a timeout that says what failed", () => {
    const gate = one("command:local:Command");
    const script = String(gate.create);
    expect(script).toContain(`root@${MOCK_RESERVED_IP}`);
    expect(script).toContain("StrictHostKeyChecking=yes");
    expect(script).toContain(`KnownHostsCommand=/bin/echo ${MOCK_RESERVED_IP} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPLACEHOLDERxReplaceWithYourOwnHostKey0001`);
    expect(script).toContain("/var/lib/cloud/instance/boot-finished");
    expect(script).toMatch(/not ready after 900s/);
    expect(script).not.toContain("StrictHostKeyChecking=no");

    const provider = one("pulumi:providers:docker");
    expect(provider.host).toBe(`ssh://root@${MOCK_RESERVED_IP}`);
    const sshOpts = JSON.parse(String(provider.sshOpts)) as string[];
    expect(sshOpts).toContain("StrictHostKeyChecking=yes");
    expect(sshOpts.join(" ")).toContain(`KnownHostsCommand=/bin/echo ${MOCK_RESERVED_IP} ssh-ed25519`);
  });
});

describe("the containers", () => {
  it("runs every container on the vigil network (node-exporter in the host's), restarting unless stopped, logs rotated, memory limited, checked", () => {
    expect(mocks.ofType("docker:index/network:Network").map((n) => n.inputs.name)).toEqual(["vigil"]);
    const created = mocks.ofType(CONTAINER);
    expect(created.map((c) => c.inputs.name).sort()).toEqual(
      [
        "alertmanager",
        "blackbox-exporter",
        "cadvisor",
        "fluent-bit",
        "grafana",
        "node-exporter",
        "postgres-exporter",
        "prometheus",
        "redis-exporter",
        "victoria-logs",
        "vigil-exporter",
        "vmalert",
        "vmauth",
      ],
    );
    // Images without a shell (scratch, distroless) get no wget healthcheck; TargetDown covers them.
    const withoutShell = ["redis-exporter", "victoria-logs", "vmauth", "vmalert", "fluent-bit"];
    for (const container of created) {
      const name = String(container.inputs.name);
      if (name === "node-exporter") {
        expect(container.inputs.networkMode).toBe("host");
        expect(container.inputs.networksAdvanced).toBeUndefined();
      } else {
        expect(container.inputs.networksAdvanced, name).toEqual([{ name: "vigil" }]);
      }
      expect(container.inputs.restart, name).toBe("unless-stopped");
      expect(container.inputs.logDriver, name).toBe("json-file");
      // The driver copies the service and container labels into each line, for Fluent Bit.
      expect(container.inputs.logOpts, name).toEqual({ "max-size": "10m", "max-file": "3", labels: "vigil.service,vigil.container" });
      expect(container.inputs.memory, name).toBeGreaterThan(0);
      // A replaced droplet gets new containers: its id is in a label, which forces replacement.
      expect(container.inputs.labels, name).toEqual([
        { label: "vigil.droplet", value: MOCK_DROPLET_ID },
        { label: "vigil.service", value: expect.any(String) },
        { label: "vigil.container", value: name },
      ]);
      if (!withoutShell.includes(name)) expect((container.inputs.healthcheck as { tests: string[] }).tests[0], name).toBe("CMD");
    }
  });

  it("runs cAdvisor privileged with /dev/kmsg, as its documentation gives for Docker hosts, and no other container so", () => {
    expect(containerInputs("cadvisor")).toMatchObject({
      privileged: true,
      devices: [{ hostPath: "/dev/kmsg", containerPath: "/dev/kmsg", permissions: "rwm" }],
    });
    for (const container of mocks.ofType(CONTAINER).filter((c) => c.inputs.name !== "cadvisor")) {
      expect(container.inputs.privileged, String(container.inputs.name)).toBeUndefined();
      expect(container.inputs.devices, String(container.inputs.name)).toBeUndefined();
    }
  });

  it("pulls only pinned images", () => {
    const images = mocks.ofType("docker:index/remoteImage:RemoteImage").map((image) => String(image.inputs.name));
    expect(images.length).toBeGreaterThanOrEqual(8);
    for (const image of images) {
      expect(isPinnedImage(image), image).toBe(true);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it("binds the UIs and the admin API to 127.0.0.1 and the ingest port to the private VPC address, nothing to every interface", () => {
    const bindings: string[] = [];
    for (const container of mocks.ofType(CONTAINER)) {
      const ports = (unwrapSecret(container.inputs.ports) ?? []) as PortInput[];
      for (const port of ports) {
        bindings.push(`${String(container.inputs.name)} ${port.ip}:${port.external}->${port.internal}`);
        expect(port.ip).not.toBe("0.0.0.0");
        expect(port.ip).toBeDefined();
      }
    }
    expect(bindings.sort()).toEqual([
      "alertmanager 127.0.0.1:9093->9093",
      "grafana 127.0.0.1:3000->3000",
      "prometheus 127.0.0.1:9090->9090",
      "victoria-logs 127.0.0.1:9428->9428",
      `vmauth ${MOCK_DROPLET_PRIVATE_IP}:8427->8427`,
      `vigil-exporter ${MOCK_DROPLET_PRIVATE_IP}:9465->9465`,
      "vigil-exporter 127.0.0.1:9464->9464",
    ].sort());
  });

  it("uploads every synth artifact into the container whose tree it belongs to", () => {
    const config = parseConfig(fromStackConfig(stack.config), "test stack");
    const placement = dropletPlacement();
    const owners: Record<string, string> = {
      prometheus: "prometheus",
      alertmanager: "alertmanager",
      blackbox: "blackbox-exporter",
      grafana: "grafana",
      exporter: "vigil-exporter",
      vmauth: "vmauth",
      vmalert: "vmalert",
      "fluent-bit": "fluent-bit",
    };
    const artifacts = synth(config, placement, PRODUCTION);
    expect(artifacts.length).toBeGreaterThan(10);
    for (const artifact of artifacts) {
      const [root, ...rest] = artifact.path.split("/");
      const file = `${placement.mounts[root as keyof typeof placement.mounts]}/${rest.join("/")}`;
      const upload = uploadsOf(owners[root as string] as string).find((u) => u.file === file);
      expect(upload, artifact.path).toBeDefined();
      if (!artifact.secret) expect(upload?.content, artifact.path).toBe(artifact.content);
    }
  });

  it("uploads the exporter bundle by path and hash, so its code is not stored in the state", () => {
    const bundle = uploadsOf("vigil-exporter").find((u) => u.file === EXPORTER_BUNDLE_PATH);
    expect(bundle?.content).toBeUndefined();
    expect(bundle?.source).toMatch(/dist\/pulumi\/vigil-exporter\.js$/);
    expect(bundle?.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("mounts the volume's directories for the services' data", () => {
    const mounts = (name: string) => (containerInputs(name).mounts as Array<{ source: string; target: string; readOnly: boolean }>).filter((m) => !m.readOnly);
    expect(mounts("prometheus")).toEqual([expect.objectContaining({ source: `${DATA_MOUNT}/prometheus`, target: "/prometheus", type: "bind" })]);
    expect(mounts("grafana")).toEqual([expect.objectContaining({ source: `${DATA_MOUNT}/grafana`, target: "/var/lib/grafana" })]);
    expect(mounts("alertmanager")).toEqual([expect.objectContaining({ source: `${DATA_MOUNT}/alertmanager`, target: "/alertmanager" })]);
  });

  it("hands secret-bearing files and env values to the engine as secrets, and nothing else", async () => {
    expect(arrivedSecret(containerInputs("grafana").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("grafana").envs)).toBe(false);
    expect(arrivedSecret(containerInputs("alertmanager").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("postgres-exporter").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("postgres-exporter").envs)).toBe(false);
    expect(arrivedSecret(containerInputs("redis-exporter").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("redis-exporter").envs)).toBe(false);
    // The example stack discovers the application's hosts with a token Prometheus reads from a file.
    expect(arrivedSecret(containerInputs("prometheus").uploads)).toBe(true);
    expect(arrivedSecret(containerInputs("prometheus").envs)).toBe(false);

    // As the program built them: exactly the files holding a secret are secret Outputs.
    const secretFiles = new Set<string>();
    for (const [name, { props }] of containers) {
      for (const upload of (props.uploads ?? []) as docker.types.input.ContainerUpload[]) {
        if (pulumi.Output.isInstance(upload.content) && (await pulumi.isSecret(upload.content))) secretFiles.add(`${name}:${String(upload.file)}`);
      }
    }
    const placement = dropletPlacement();
    const config = parseConfig(fromStackConfig(stack.config), "test stack");
    const owners: Record<string, string> = { prometheus: "prometheus", alertmanager: "alertmanager", exporter: "vigil-exporter", vmauth: "vmauth" };
    const secretArtifacts = synth(config, placement, PRODUCTION)
      .filter((artifact) => artifact.secret)
      .map((artifact) => {
        const [root, ...rest] = artifact.path.split("/");
        return `${owners[root as string]}:${placement.mounts[root as keyof typeof placement.mounts]}/${rest.join("/")}`;
      });
    expect(secretArtifacts.length).toBeGreaterThanOrEqual(3);
    expect([...secretFiles].sort()).toEqual(
      [
        ...secretArtifacts,
        `grafana:${SECRET_FILES.grafanaAdminPassword}`,
        `postgres-exporter:${SECRET_FILES.postgresPassword}`,
        `redis-exporter:${SECRET_FILES.redisPasswords}`,
      ].sort(),
    );
    const password = built("grafana").props.uploads as docker.types.input.ContainerUpload[];
    const file = password.find((u) => u.file === SECRET_FILES.grafanaAdminPassword);
    expect(await valueOf(file?.content as pulumi.Input<string>)).toBe(stack.secretValues.get("grafana.adminPassword"));
  });

  it("never sends a secret value to the engine outside a secret", () => {
    const plainText = JSON.stringify(
      mocks.created.map((resource) =>
        Object.fromEntries(Object.entries(resource.inputs).filter(([, value]) => !arrivedSecret(value))),
      ),
    );
    expect(stack.secretValues.size).toBeGreaterThan(5);
    for (const [secretPath, value] of stack.secretValues) {
      expect(plainText.includes(value), secretPath).toBe(false);
    }
  });
});

describe("the guard rails on the program's resources", () => {
  it("finds no violation of the policy pack's rules in what the example stack creates", () => {
    const violations: string[] = [];
    for (const container of mocks.ofType(CONTAINER)) {
      const props = { name: String(container.inputs.name), ports: unwrapSecret(container.inputs.ports) as PortInput[] };
      violations.push(...containerPortViolations(props));
      violations.push(
        ...privilegeViolations({
          ...props,
          privileged: container.inputs.privileged as boolean | undefined,
          devices: container.inputs.devices as Array<{ hostPath: string }> | undefined,
        }),
      );
      violations.push(...receiverSecretViolations({ name: props.name, uploads: uploadsOf(props.name) as Array<{ file: string; content?: string }> }));
    }
    for (const image of mocks.ofType("docker:index/remoteImage:RemoteImage")) violations.push(...imageViolations({ name: String(image.inputs.name) }));
    const firewall = firewallNamed("vigil") as { inboundRules: [] };
    violations.push(...firewallViolations(firewall, { adminCidrs: ["203.0.113.10/32", "198.51.100.0/28"], httpsEntry: false }));
    const appHosts = firewallNamed("vigil-app-hosts");
    expect(isAppHostFirewall(appHosts)).toBe(true);
    expect(isAppHostFirewall(firewall)).toBe(false);
    violations.push(...appHostFirewallViolations(appHosts as never));
    expect(violations).toEqual([]);
  });
});

describe("the application's hosts (app.hosts)", () => {
  it("lets vigil's droplet alone, by id, reach node_exporter and the metrics port on the tagged droplets, adding no outbound rule", () => {
    const firewall = firewallNamed("vigil-app-hosts");
    expect(firewall.tags).toEqual(["shop-web"]);
    expect(firewall.dropletIds).toBeUndefined();
    expect(firewall.inboundRules).toEqual([
      { protocol: "tcp", portRange: "9100", sourceDropletIds: [Number(MOCK_DROPLET_ID)] },
      { protocol: "tcp", portRange: "8000", sourceDropletIds: [Number(MOCK_DROPLET_ID)] },
    ]);
    expect(firewall.outboundRules).toBeUndefined();
    expect(mocks.ofType(FIREWALL)).toHaveLength(2);
  });

  it("exports the hosts' user data, secret: node_exporter on the private address and the log shipper with the ingest token, no other secret", async () => {
    const userData = outputs.appHostUserData;
    expect(typeof userData).toBe("string");
    const token = stack.secretValues.get("logs.ingestToken") ?? "";
    expect(token).not.toBe("");
    const parts = [
      ...appHostParts(),
      fluentBitPart({
        vigilPrivateAddress: MOCK_DROPLET_PRIVATE_IP,
        logIngestPort: dropletPlacement().logIngest.port,
        appName: "shop",
        redaction: redactionOptions(parseConfig(fromStackConfig(stack.config), "test")),
        ingestToken: token,
      }),
    ];
    expect(userData).toBe(appHostCloudInit(parts));
    // And the same as a script for the hosts already running.
    expect(outputs.appHostInstallScript).toBe(appHostInstallScript(parts));
    // Secret in the state, as the token it carries.
    expect(await pulumi.isSecret(program.appHostUserData as pulumi.Output<string>)).toBe(true);
    expect(await pulumi.isSecret(program.appHostInstallScript as pulumi.Output<string>)).toBe(true);
    expect(String(userData)).toContain("--web.listen-address=${VIGIL_PRIVATE_IPV4}:9100");
    expect(String(userData)).toContain(`VIGIL_LOG_INGEST_TOKEN=${token}`);
    const values = [...stack.secretValues.entries()];
    expect(values.map(([path]) => path)).toContain("app.hosts.discoveryToken");
    for (const [secretPath, value] of values.filter(([path]) => path !== "logs.ingestToken")) {
      expect(String(userData).includes(value), secretPath).toBe(false);
      expect(String(outputs.appHostInstallScript).includes(value), secretPath).toBe(false);
    }
  });

  it("hands Prometheus the read-only DigitalOcean token as a secret file, the one place it goes", () => {
    const token = stack.secretValues.get("app.hosts.discoveryToken") ?? "";
    expect(uploadsOf("prometheus")).toContainEqual(expect.objectContaining({ file: "/etc/prometheus/secrets/digitalocean-token", content: token }));
    const holders = mocks.created.filter((resource) => JSON.stringify(resource.inputs).includes(token)).map((resource) => resource.inputs.name);
    expect(holders).toEqual(["prometheus"]);
  });
});

describe("around the droplet", () => {
  it("watches the app and the status page from outside, with down, latency and SSL alerts in the API's values", () => {
    const checks = mocks.ofType("digitalocean:index/uptimeCheck:UptimeCheck").map((c) => c.inputs);
    expect(checks.map((c) => c.target).sort()).toEqual(["https://shop.example.com/healthz", "https://status.shop.example.com/index.html"]);
    for (const check of checks) expect(check.regions).toEqual(["us_east", "eu_west", "se_asia"]);
    const alerts = mocks.ofType("digitalocean:index/uptimeAlert:UptimeAlert").map((a) => a.inputs);
    expect(alerts.map((a) => a.type).sort()).toEqual(["down", "down", "latency", "latency", "ssl_expiry", "ssl_expiry"]);
    for (const alert of alerts) {
      expect(alert.notifications).toEqual([{ emails: ["oncall@example.com"] }]);
      if (alert.type !== "down") expect(["greater_than", "less_than"]).toContain(alert.comparison);
    }
    const monitors = mocks.ofType("digitalocean:index/monitorAlert:MonitorAlert").map((a) => a.inputs);
    expect(monitors.map((m) => m.type).sort()).toEqual([
      "v1/insights/droplet/cpu",
      "v1/insights/droplet/disk_utilization_percent",
      "v1/insights/droplet/memory_utilization_percent",
    ]);
    for (const monitor of monitors) expect(monitor.entities).toEqual([MOCK_DROPLET_ID]);
  });

  it("publishes the status site from a bucket behind the CDN, uploading static assets only", () => {
    const config = parseConfig(fromStackConfig(stack.config), "test stack");
    const bucket = one("digitalocean:index/spacesBucket:SpacesBucket");
    expect(bucket).toMatchObject({ name: config.statusPage?.spaces.bucket, acl: "private" });
    const cors = one("digitalocean:index/spacesBucketCorsConfiguration:SpacesBucketCorsConfiguration");
    expect((cors.corsRules as Array<{ allowedMethods: string[] }>)[0]?.allowedMethods).toEqual(["GET", "HEAD"]);
    const cdn = one("digitalocean:index/cdn:Cdn");
    expect(cdn).toMatchObject({ ttl: 60, customDomain: "status.shop.example.com", certificateName: "status-shop-example-com" });
    expect(cdn.origin).toBe("shop-status.fra1.digitaloceanspaces.com");
    expect(one("digitalocean:index/certificate:Certificate")).toMatchObject({
      name: "status-shop-example-com",
      type: "lets_encrypt",
      domains: ["status.shop.example.com"],
    });
    // The custom domain's CNAME in its DigitalOcean zone, pointing where DigitalOcean's own would.
    const records = mocks.ofType("digitalocean:index/dnsRecord:DnsRecord").map((record) => record.inputs);
    expect(records).toContainEqual(
      expect.objectContaining({ domain: "shop.example.com", name: "status", type: "CNAME", value: "shop-status.fra1.digitaloceanspaces.com." }),
    );
    const objects = mocks.ofType("digitalocean:index/spacesBucketObject:SpacesBucketObject").map((o) => String(o.inputs.key));
    expect(objects).toContain("404.html");
    for (const live of ["index.html", "history.html", "api/v2/summary.json"]) expect(objects).not.toContain(live);
    const spacesProvider = mocks.ofType("pulumi:providers:digitalocean").find((p) => p.name === "vigil-spaces");
    expect(arrivedSecret(spacesProvider?.inputs.spacesSecretKey)).toBe(true);
  });

  it("makes the custom domain's CNAME before the CDN, so DigitalOcean finds it there instead of making a clashing one", () => {
    const cname = mocks.created.findIndex((r) => r.type === "digitalocean:index/dnsRecord:DnsRecord" && r.inputs.type === "CNAME");
    const cdn = mocks.created.findIndex((r) => r.type === "digitalocean:index/cdn:Cdn");
    expect(cname).toBeGreaterThan(-1);
    expect(cname).toBeLessThan(cdn);
    const dependsOn = [options.get("digitalocean:index/cdn:Cdn/vigil-status")?.dependsOn ?? []].flat() as pulumi.Resource[];
    expect(dependsOn.some((resource) => resource instanceof digitalocean.DnsRecord)).toBe(true);
  });

  it("groups the droplet, volume, reserved IP and bucket in one project", () => {
    const project = one("digitalocean:index/project:Project");
    expect(project.resources).toEqual(
      expect.arrayContaining([`do:droplet:${MOCK_DROPLET_ID}`, "do:volume:vigil-data", `do:reservedip:${MOCK_RESERVED_IP}`]),
    );
    expect((project.resources as string[]).some((urn) => urn.startsWith("do:space:"))).toBe(true);
  });

  it("creates no DNS record but the status page's, no Caddy and no database firewall the example stack does not ask for", () => {
    expect(mocks.ofType("digitalocean:index/dnsRecord:DnsRecord").map((record) => record.inputs.type)).toEqual(["CNAME"]);
    expect(mocks.ofType(CONTAINER).map((c) => c.inputs.name)).not.toContain("caddy");
    expect(mocks.ofType("digitalocean:index/databaseFirewall:DatabaseFirewall")).toEqual([]);
  });
});

// Keeps the imports honest: the typed resources these tests read inputs of.
void digitalocean;
