import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Artifact } from "../synth/artifact";
import { artifactRoot } from "../synth/artifact";
import { DROPLET_STATUS_DATA_DIR } from "../synth/exporter-status";
import type { Placement } from "../core/placement";
import { address, DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, DROPLET_DOCKER_NETWORK } from "../core/placement";
import { fillSecrets, placeholdersIn } from "../synth/secrets";
import type { ServiceSpec } from "../synth/services";
import type { VigilConfig } from "../core/config";
import { secretsOf } from "../core/config";
import type { StatefulContainer } from "./data-volume";
import { dataPath } from "./data-volume";
import { caddyfile } from "./https-entry";
import { CONTAINER_IMAGES, HOST_IMAGES } from "./images";
import { memoryLimitsMib } from "./sizing";
import { type ArtifactRoot, type ServiceName, SERVICES } from "../core/catalog";

// ---------------------------------------------------------------- the plan (pure)

/** The container each synth tree is uploaded into; typed so a new tree cannot be forgotten. */
const TREE_OWNERS: Record<ArtifactRoot, ServiceName> = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  blackbox: "blackboxExporter",
  grafana: "grafana",
  exporter: "vigilExporter",
};

/** Containers that are not synth services: they read nothing synth renders. */
export type HostContainer = keyof typeof HOST_IMAGES;
export type ContainerKind = ServiceName | HostContainer;

/**
 * SECURITY: the services published on the droplet's loopback, reached by operators through
 * `ssh -L`; the vigil exporter's internal listener carries its admin API. Everything else
 * is reachable only on the docker network. Order is the SSH tunnel command's.
 */
export const TUNNELLED_SERVICES = ["grafana", "prometheus", "alertmanager", "vigilExporter"] as const satisfies readonly ServiceName[];
export const LOOPBACK = "127.0.0.1";

/**
 * Where a published port is bound: the droplet's loopback (tunnel only), its private VPC
 * address (the exporter's ingest port, for the application), or its public address (the
 * HTTPS entry). Never every interface.
 */
export type PortBinding = "loopback" | "private" | "public";

function isOneOf<T extends ServiceName>(services: readonly T[], service: ContainerKind): service is T {
  return (services as readonly ContainerKind[]).includes(service);
}

/** Data directories on the volume, bind-mounted read-write: container → path inside. */
const DATA_MOUNTS: Partial<Record<ContainerKind, { dir: StatefulContainer; target: string }>> = {
  prometheus: { dir: "prometheus", target: "/prometheus" },
  alertmanager: { dir: "alertmanager", target: "/alertmanager" },
  grafana: { dir: "grafana", target: "/var/lib/grafana" },
  // The status page's state (incidents, history), which the exporter keeps there.
  vigilExporter: { dir: "vigil-exporter", target: DROPLET_STATUS_DATA_DIR },
  caddy: { dir: "caddy", target: "/data" },
};

/** Host paths each container reads, mounted read-only. */
const HOST_MOUNTS: Partial<Record<ContainerKind, Array<{ source: string; target: string }>>> = {
  // node-exporter reads the host's filesystems through /host (--path.rootfs).
  nodeExporter: [{ source: "/", target: "/host" }],
  // Alertmanager's business-hours time interval names a time zone; the image carries no
  // tz database, so it reads the droplet's.
  alertmanager: [{ source: "/usr/share/zoneinfo", target: "/usr/share/zoneinfo" }],
  // cAdvisor's documented mounts: cgroups, the docker daemon's state and its socket.
  cadvisor: [
    { source: "/", target: "/rootfs" },
    { source: "/var/run", target: "/var/run" },
    { source: "/sys", target: "/sys" },
    { source: "/var/lib/docker", target: "/var/lib/docker" },
    { source: "/dev/disk", target: "/dev/disk" },
  ],
};

/** Where the vigil exporter's bundle lands in its container. */
export const EXPORTER_BUNDLE_PATH = "/opt/vigil/main.js";
/** Where Caddy reads its config. */
export const CADDYFILE_PATH = "/etc/caddy/Caddyfile";
const CADVISOR_PORT = 8080;

/** A string bound for Pulumi state. `secret` ones had a placeholder filled and must be encrypted. */
export interface PlannedValue {
  value: string;
  secret: boolean;
}

export interface PlannedUpload extends PlannedValue {
  /** Absolute path in the container. */
  file: string;
  /**
   * A local file uploaded by path and hash instead of content (`value` is then empty), so
   * large files (the exporter bundle) are not copied into the Pulumi state.
   */
  source?: { path: string; hash: string };
}

export interface PlannedPort {
  internal: number;
  external: number;
  bind: PortBinding;
}

export interface ContainerPlan {
  kind: ContainerKind;
  /** Pinned image reference (infra/images.ts). */
  image: string;
  /** Arguments after the image's entrypoint; empty keeps the image's own command. */
  command: PlannedValue[];
  /** `NAME=value` entries. */
  envs: PlannedValue[];
  uploads: PlannedUpload[];
  ports: PlannedPort[];
  /** Directories on the data volume, bind-mounted read-write. */
  dataMounts: Array<{ source: string; target: string }>;
  /** Host paths mounted read-only. */
  hostMounts: Array<{ source: string; target: string }>;
  /** Docker's HEALTHCHECK test (CMD form); absent when the image has no tool to probe with. */
  healthcheck?: string[];
  memoryMib: number;
  /** "host": node-exporter sees the droplet's own interfaces and processes. */
  networkMode?: "host";
  pidMode?: "host";
  /** Extra /etc/hosts entries: how Prometheus finds node-exporter outside the docker network. */
  hosts: Array<{ host: string; ip: string }>;
  /** Runs as this user instead of the image's default. */
  user?: string;
}

export interface ContainerPlanInput {
  /** Must be the placement synth rendered the artifacts and specs with. */
  placement: Placement;
  /** How each running service starts (synth/services.ts); services without a spec are not run. */
  specs: Partial<Record<ServiceName, ServiceSpec>>;
  artifacts: readonly Artifact[];
  /** Secret values by config path, the names placeholders carry. */
  secretValues: ReadonlyMap<string, string>;
  /** The vigil exporter as one CommonJS file on this machine, and its sha256. */
  exporterBundle: { path: string; hash: string };
  /** The droplet's size slug: memory limits follow it. */
  dropletSize: string;
  /** The public HTTPS entry, when configured. */
  httpsEntry?: { domain: string; tunnelPath: string; acmeEmail?: string };
}

/** Every secret of the config that has a value, by path; what fills the placeholders. */
export function secretValuesOf(config: VigilConfig): Map<string, string> {
  const values = new Map<string, string>();
  for (const [secretPath, secret] of secretsOf(config)) {
    const value = secret.reveal();
    if (value !== undefined) values.set(secretPath, value);
  }
  return values;
}

/** `wget` against the container's own listener: every image here with a shell has busybox's. */
function httpCheck(hostPort: string, path: string): string[] {
  return ["CMD", "wget", "-q", "-O", "/dev/null", `http://${hostPort}${path}`];
}

/**
 * What runs on the droplet, by container name: image, command, environment, files, ports,
 * mounts, limits. Pure, so the security-relevant choices (what is published where, what is
 * secret) are tested without mocks. Anything that held a placeholder comes back
 * `secret: true`; a placeholder with no value throws, naming the secret.
 */
export function planContainers(input: ContainerPlanInput): Record<string, ContainerPlan> {
  const { placement, specs, secretValues } = input;
  const fill = (text: string): PlannedValue =>
    placeholdersIn(text).length === 0
      ? { value: text, secret: false }
      : { value: fillSecrets(text, secretValues), secret: true };

  const uploads = new Map<ContainerKind, PlannedUpload[]>();
  const addUpload = (kind: ContainerKind, upload: PlannedUpload): void => {
    uploads.set(kind, [...(uploads.get(kind) ?? []), upload]);
  };
  for (const artifact of input.artifacts) {
    const root = artifactRoot(artifact);
    const owner = TREE_OWNERS[root];
    if (!specs[owner]) throw new Error(`artifact ${artifact.path} belongs to ${owner}, which has no service spec`);
    const filled = fill(artifact.content);
    addUpload(owner, {
      file: placement.mounts[root] + artifact.path.slice(root.length),
      value: filled.value,
      secret: filled.secret || artifact.secret === true,
    });
  }
  for (const service of SERVICES) {
    for (const [file, content] of Object.entries(specs[service]?.files ?? {})) addUpload(service, { file, ...fill(content) });
  }
  if (specs.vigilExporter) {
    addUpload("vigilExporter", { file: EXPORTER_BUNDLE_PATH, value: "", secret: false, source: input.exporterBundle });
  }

  const healthchecks: Partial<Record<ContainerKind, string[]>> = {
    prometheus: httpCheck(`127.0.0.1:${placement.endpoints.prometheus.port}`, "/-/healthy"),
    alertmanager: httpCheck(`127.0.0.1:${placement.endpoints.alertmanager.port}`, "/-/healthy"),
    grafana: httpCheck(`127.0.0.1:${placement.endpoints.grafana.port}`, "/api/health"),
    nodeExporter: httpCheck(`${DROPLET_DOCKER_NETWORK.gateway}:${placement.endpoints.nodeExporter.port}`, "/metrics"),
    blackboxExporter: httpCheck(`127.0.0.1:${placement.endpoints.blackboxExporter.port}`, "/metrics"),
    postgresExporter: httpCheck(`127.0.0.1:${placement.endpoints.postgresExporter.port}`, "/metrics"),
    // redis_exporter's image is FROM scratch: no shell, no wget. Prometheus's TargetDown covers it.
    vigilExporter: httpCheck(`127.0.0.1:${placement.endpoints.vigilExporter.port}`, "/ready"),
    cadvisor: httpCheck(`127.0.0.1:${CADVISOR_PORT}`, "/healthz"),
    caddy: httpCheck("127.0.0.1:2019", "/config/"),
  };

  const base = (kind: ContainerKind, image: string): ContainerPlan => {
    const data = DATA_MOUNTS[kind];
    return {
      kind,
      image,
      command: [],
      envs: [],
      uploads: uploads.get(kind) ?? [],
      ports: [],
      dataMounts: data ? [{ source: dataPath(data.dir), target: data.target }] : [],
      hostMounts: HOST_MOUNTS[kind] ?? [],
      ...(healthchecks[kind] ? { healthcheck: healthchecks[kind] } : {}),
      memoryMib: 0,
      hosts: [],
    };
  };

  const plans: Record<string, ContainerPlan> = {};
  for (const service of SERVICES) {
    const spec = specs[service];
    if (!spec) continue;
    // The prom/* and exporter images have the binary as entrypoint, so the command is just
    // its flags; the node image's entrypoint runs whatever command it is given.
    const command = service === "vigilExporter" ? ["node", EXPORTER_BUNDLE_PATH, ...spec.args] : spec.args;
    const ports: PlannedPort[] = isOneOf(TUNNELLED_SERVICES, service)
      ? [{ internal: placement.endpoints[service].port, external: DEFAULT_PORTS[service], bind: "loopback" }]
      : [];
    // SECURITY: the ingest listener (events, Sentry relay) on the private VPC address alone.
    if (service === "vigilExporter") ports.push({ internal: placement.ingest.port, external: DEFAULT_PORTS.vigilIngest, bind: "private" });
    plans[DROPLET_CONTAINER_NAMES[service]] = {
      ...base(service, CONTAINER_IMAGES[service]),
      command: command.map(fill),
      envs: Object.entries(spec.env).map(([key, value]) => fill(`${key}=${value}`)),
      ports,
      ...(service === "nodeExporter" ? { networkMode: "host" as const, pidMode: "host" as const } : {}),
      // node-exporter lives in the host's network namespace, listening on the docker
      // network's gateway; Prometheus keeps scraping it by name.
      ...(service === "prometheus"
        ? { hosts: [{ host: placement.endpoints.nodeExporter.host, ip: DROPLET_DOCKER_NETWORK.gateway }] }
        : {}),
      // The node image runs as root by default; the exporter needs no privilege at all.
      ...(service === "vigilExporter" ? { user: "node" } : {}),
    };
  }

  plans.cadvisor = {
    ...base("cadvisor", HOST_IMAGES.cadvisor),
    command: ["--docker_only=true", "--housekeeping_interval=30s", "--store_container_labels=false", `--port=${CADVISOR_PORT}`].map(fill),
  };
  if (placement.cadvisor && placement.cadvisor.port !== CADVISOR_PORT) {
    throw new Error(`placement scrapes cAdvisor on ${address(placement.cadvisor)}, but it listens on ${CADVISOR_PORT}`);
  }

  if (input.httpsEntry) {
    plans.caddy = {
      ...base("caddy", HOST_IMAGES.caddy),
      uploads: [
        {
          file: CADDYFILE_PATH,
          ...fill(caddyfile({ ...input.httpsEntry, upstream: address(placement.ingest) })),
        },
      ],
      ports: [
        { internal: 80, external: 80, bind: "public" },
        { internal: 443, external: 443, bind: "public" },
      ],
    };
  }

  const limits = memoryLimitsMib(input.dropletSize, Object.keys(plans));
  for (const [name, plan] of Object.entries(plans)) plan.memoryMib = limits[name] ?? 128;
  return plans;
}

/** The command an operator runs to reach Grafana, Prometheus, Alertmanager and the exporter's admin API. */
export function sshTunnelCommand(ip: string): string {
  const forwards = TUNNELLED_SERVICES.map((service) => {
    const port = DEFAULT_PORTS[service];
    return `-L ${port}:${LOOPBACK}:${port}`;
  });
  return ["ssh", "-N", ...forwards, `root@${ip}`].join(" ");
}

/** What to open once the tunnel runs. */
export function tunnelledUrls(placement: Placement): Record<string, string> {
  return {
    grafana: placement.externalUrls.grafana,
    prometheus: placement.externalUrls.prometheus,
    alertmanager: placement.externalUrls.alertmanager,
    exporterAdmin: `http://localhost:${DEFAULT_PORTS.vigilExporter}`,
  };
}

// ---------------------------------------------------------------- the component

/** Arguments of {@link VigilContainers}. */
export interface VigilContainersArgs {
  /** `ssh://root@<ip>`: Docker is driven over SSH (VigilHost.dockerHost, which waits for readiness). */
  dockerHost: pulumi.Input<string>;
  /** ssh options that pin the droplet's host key. */
  sshOptions: pulumi.Input<string[]>;
  /**
   * The droplet's id. The docker host (the reserved IP) outlives a droplet replacement, so
   * the id is written into every docker resource: a new droplet means new images, network
   * and containers on it, instead of Pulumi believing the old droplet's are still there.
   */
  hostId: pulumi.Input<string>;
  /** The droplet's private VPC address: the ingest port is published there. */
  privateIp: pulumi.Input<string>;
  /** The droplet's public address: the HTTPS entry's ports are published there. */
  publicIp: pulumi.Input<string>;
  /** The parsed stack config; its secrets fill the placeholders in artifacts and specs. */
  config: VigilConfig;
  /**
   * Secrets that exist only as Outputs (the generated Grafana password), by the config path
   * their placeholder names.
   */
  generatedSecrets?: Record<string, pulumi.Output<string>>;
  /** The placement synth rendered the artifacts and specs with (the droplet's). */
  placement: Placement;
  /** synth(config, placement, …): every file the services read. */
  artifacts: readonly Artifact[];
  /** serviceSpecs(config, placement, …): flags and environment of each service. */
  specs: Partial<Record<ServiceName, ServiceSpec>>;
  /** The vigil exporter bundle on this machine (writeExporterBundle()). */
  exporterBundle: { path: string; hash: string };
  /** The public HTTPS entry, when configured. */
  httpsEntry?: { domain: string; tunnelPath: string; acmeEmail?: string };
}

/** Stands in for a generated secret during planning; replaced inside a secret Output. */
function deferredToken(secretPath: string): string {
  return `\u0000vigil-deferred:${secretPath}\u0000`;
}

/**
 * Every vigil service as a container on the droplet, on one docker network where they
 * reach each other by container name. Configs are uploaded into the containers, so a
 * changed artifact replaces its container with one that has the new file.
 */
export class VigilContainers extends pulumi.ComponentResource {
  /** The containers by container name, for resources that must wait for them. */
  public readonly containers: Readonly<Record<string, docker.Container>>;

  constructor(name: string, args: VigilContainersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("vigil:containers:VigilContainers", name, {}, opts);

    const generated = args.generatedSecrets ?? {};
    const secretValues = secretValuesOf(args.config);
    for (const secretPath of Object.keys(generated)) {
      if (!secretValues.has(secretPath)) secretValues.set(secretPath, deferredToken(secretPath));
    }
    const plans = planContainers({
      placement: args.placement,
      specs: args.specs,
      artifacts: args.artifacts,
      secretValues,
      exporterBundle: args.exporterBundle,
      dropletSize: args.config.droplet.size,
      ...(args.httpsEntry ? { httpsEntry: args.httpsEntry } : {}),
    });

    /** A planned value as a resource input: secret ones are encrypted in the Pulumi state. */
    const stateValue = (planned: PlannedValue): pulumi.Input<string> => {
      if (!planned.secret) return planned.value;
      const pending = Object.entries(generated).filter(([secretPath]) => planned.value.includes(deferredToken(secretPath)));
      if (pending.length === 0) return pulumi.secret(planned.value);
      return pulumi.secret(
        pulumi.all(pending.map(([, value]) => value)).apply((values) =>
          pending.reduce((text, [secretPath], index) => text.split(deferredToken(secretPath)).join(values[index] ?? ""), planned.value),
        ),
      );
    };
    const bindAddress = (binding: PortBinding): pulumi.Input<string> =>
      binding === "loopback" ? LOOPBACK : binding === "private" ? args.privateIp : args.publicIp;

    // SECURITY: host-key checking stays on, with the droplet's key pinned (VigilHost).
    const provider = new docker.Provider(name, { host: args.dockerHost, sshOpts: args.sshOptions }, { parent: this });
    const children = { parent: this, provider };

    const hostLabel = [{ label: "vigil.droplet", value: args.hostId }];
    const network = new docker.Network(
      name,
      {
        name: DROPLET_DOCKER_NETWORK.name,
        labels: hostLabel,
        ipamConfigs: [{ subnet: DROPLET_DOCKER_NETWORK.subnet, gateway: DROPLET_DOCKER_NETWORK.gateway }],
      },
      children,
    );

    const images = new Map<string, docker.RemoteImage>();
    const containers: Record<string, docker.Container> = {};
    for (const [containerName, plan] of Object.entries(plans)) {
      let image = images.get(plan.image);
      if (!image) {
        // keepLocally: an old image is removed by hand, never by a pin change racing the
        // container that still runs it.
        image = new docker.RemoteImage(`${name}-${containerName}`, { name: plan.image, keepLocally: true, triggers: { droplet: args.hostId } }, children);
        images.set(plan.image, image);
      }
      containers[containerName] = new docker.Container(
        `${name}-${containerName}`,
        {
          name: containerName,
          image: image.imageId,
          labels: hostLabel,
          // No flags (grafana, caddy): keep the image's own command.
          command: plan.command.length > 0 ? plan.command.map(stateValue) : undefined,
          envs: plan.envs.map(stateValue),
          uploads: plan.uploads.map((upload) =>
            upload.source
              ? { file: upload.file, source: upload.source.path, sourceHash: upload.source.hash }
              : { file: upload.file, content: stateValue(upload) },
          ),
          ports: plan.ports.map((port) => ({ internal: port.internal, external: port.external, ip: bindAddress(port.bind) })),
          mounts: [
            ...plan.dataMounts.map(({ source, target }) => ({ type: "bind", source, target, readOnly: false })),
            ...plan.hostMounts.map(({ source, target }) => ({
              type: "bind",
              source,
              target,
              readOnly: true,
              // rslave: filesystems the host mounts later (the data volume) show up too.
              bindOptions: { propagation: "rslave" },
            })),
          ],
          hosts: plan.hosts,
          healthcheck: plan.healthcheck
            ? { tests: plan.healthcheck, interval: "30s", timeout: "5s", retries: 3, startPeriod: "60s" }
            : undefined,
          memory: plan.memoryMib,
          // Same as memory: no swap beyond the limit, so a leak is killed instead of thrashing the droplet.
          memorySwap: plan.memoryMib,
          networkMode: plan.networkMode,
          pidMode: plan.pidMode,
          user: plan.user,
          networksAdvanced: plan.networkMode === "host" ? undefined : [{ name: network.name }],
          restart: "unless-stopped",
          // Docker's default json-file log grows without bound and would fill the disk; every
          // option set, so the provider sees no drift against the daemon's defaults.
          logDriver: "json-file",
          logOpts: { "max-size": "10m", "max-file": "3" },
        },
        children,
      );
    }

    this.containers = containers;
    this.registerOutputs({
      containerIds: Object.fromEntries(Object.entries(containers).map(([containerName, c]) => [containerName, c.id])),
    });
  }
}
