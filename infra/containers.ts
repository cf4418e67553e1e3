import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Artifact, ArtifactRoot } from "../synth/artifact";
import { artifactRoot } from "../synth/artifact";
import type { Placement, ServiceName } from "../synth/placement";
import { DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, SERVICES } from "../synth/placement";
import { fillSecrets, placeholdersIn } from "../synth/secrets";
import type { ServiceSpec } from "../synth/services";
import type { VigilConfig } from "./config";
import { secretsOf } from "./config";
import { CONTAINER_IMAGES } from "./images";

// ---------------------------------------------------------------- the plan (pure)

/** The container each synth tree is uploaded into; typed so a new tree cannot be forgotten. */
const TREE_OWNERS: Record<ArtifactRoot, ServiceName> = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  blackbox: "blackboxExporter",
  grafana: "grafana",
  exporter: "vigilExporter",
};

/**
 * SECURITY: the only services with a published port, each bound to the droplet's loopback.
 * Operators reach them through `ssh -L`; everything else is reachable only on the docker
 * network. Order is the SSH tunnel command's.
 */
export const TUNNELLED_SERVICES = ["grafana", "prometheus", "alertmanager"] as const satisfies readonly ServiceName[];
const LOOPBACK = "127.0.0.1";

/**
 * Services whose data outlives their container. Named volumes rather than host directories:
 * Docker seeds a new volume from the image's directory, owner included, so these images'
 * non-root users can write to it with no chown step of ours.
 */
const STATEFUL_SERVICES = ["prometheus", "alertmanager", "grafana"] as const satisfies readonly ServiceName[];

function isOneOf<T extends ServiceName>(services: readonly T[], service: ServiceName): service is T {
  return (services as readonly ServiceName[]).includes(service);
}

/** Host paths each service reads, mounted read-only. */
const HOST_MOUNTS: Partial<Record<ServiceName, Array<{ source: string; target: string }>>> = {
  // node-exporter reads the host's filesystems and /proc through /host (--path.rootfs).
  nodeExporter: [{ source: "/", target: "/host" }],
  // Alertmanager's business-hours time interval names a time zone; the image carries no
  // tz database, so it reads the droplet's.
  alertmanager: [{ source: "/usr/share/zoneinfo", target: "/usr/share/zoneinfo" }],
};

/** Where the vigil exporter's bundle lands in its container. */
export const EXPORTER_BUNDLE_PATH = "/opt/vigil/main.js";

/** A string bound for Pulumi state. `secret` ones had a placeholder filled and must be encrypted. */
export interface PlannedValue {
  value: string;
  secret: boolean;
}

export interface PlannedUpload extends PlannedValue {
  /** Absolute path in the container. */
  file: string;
}

export interface PlannedPort {
  internal: number;
  external: number;
  ip: string;
}

export interface ContainerPlan {
  service: ServiceName;
  /** Pinned image reference (infra/images.ts). */
  image: string;
  /** Arguments after the image's entrypoint; empty keeps the image's own command. */
  command: PlannedValue[];
  /** `NAME=value` entries. */
  envs: PlannedValue[];
  uploads: PlannedUpload[];
  ports: PlannedPort[];
  /** Named docker volumes: volume name → mount path. */
  volumes: Array<{ volume: string; containerPath: string }>;
  /** Host paths mounted read-only: host path → mount path. */
  hostMounts: Array<{ source: string; target: string }>;
  /** "host" to see the host's processes (node-exporter). */
  pidMode?: "host";
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
  /** The vigil exporter as one CommonJS file (exporterBundleText()). */
  exporterBundle: string;
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

/**
 * What runs on the droplet, by container name: image, command, environment, files and
 * ports. Pure, so the security-relevant choices (what is published where, what is secret)
 * are tested without mocks. Anything that held a placeholder comes back `secret: true`;
 * a placeholder with no value throws, naming the secret.
 */
export function planContainers(input: ContainerPlanInput): Record<string, ContainerPlan> {
  const { placement, specs, secretValues } = input;
  const fill = (text: string): PlannedValue =>
    placeholdersIn(text).length === 0
      ? { value: text, secret: false }
      : { value: fillSecrets(text, secretValues), secret: true };

  const uploads = new Map<ServiceName, PlannedUpload[]>();
  const addUpload = (service: ServiceName, upload: PlannedUpload): void => {
    uploads.set(service, [...(uploads.get(service) ?? []), upload]);
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
  if (specs.vigilExporter) {
    addUpload("vigilExporter", { file: EXPORTER_BUNDLE_PATH, value: input.exporterBundle, secret: false });
  }

  const plans: Record<string, ContainerPlan> = {};
  for (const service of SERVICES) {
    const spec = specs[service];
    if (!spec) continue;
    // The prom/* and exporter images have the binary as entrypoint, so the command is just
    // its flags; the node image's entrypoint runs whatever command it is given.
    const command = service === "vigilExporter" ? ["node", EXPORTER_BUNDLE_PATH, ...spec.args] : spec.args;
    plans[DROPLET_CONTAINER_NAMES[service]] = {
      service,
      image: CONTAINER_IMAGES[service],
      command: command.map(fill),
      envs: Object.entries(spec.env).map(([key, value]) => fill(`${key}=${value}`)),
      uploads: uploads.get(service) ?? [],
      ports: isOneOf(TUNNELLED_SERVICES, service)
        ? [{ internal: placement.endpoints[service].port, external: DEFAULT_PORTS[service], ip: LOOPBACK }]
        : [],
      volumes: isOneOf(STATEFUL_SERVICES, service)
        ? [{ volume: `${DROPLET_CONTAINER_NAMES[service]}-data`, containerPath: placement.dataDirs[service] }]
        : [],
      // node-exporter reads the host's /proc, /sys and filesystems, not its container's.
      hostMounts: HOST_MOUNTS[service] ?? [],
      ...(service === "nodeExporter" ? { pidMode: "host" as const } : {}),
      // The node image runs as root by default; the exporter needs no privilege at all.
      ...(service === "vigilExporter" ? { user: "node" } : {}),
    };
  }
  return plans;
}

/** The command an operator runs to reach Grafana, Prometheus and Alertmanager on localhost. */
export function sshTunnelCommand(ip: string): string {
  const forwards = TUNNELLED_SERVICES.map((service) => {
    const port = DEFAULT_PORTS[service];
    return `-L ${port}:${LOOPBACK}:${port}`;
  });
  return ["ssh", "-N", ...forwards, `root@${ip}`].join(" ");
}

// ---------------------------------------------------------------- the component

/** Arguments of {@link VigilContainers}. */
export interface VigilContainersArgs {
  /** The droplet's public address; Docker is driven over SSH to it. */
  hostIp: pulumi.Input<string>;
  /** The parsed stack config; its secrets fill the placeholders in artifacts and specs. */
  config: VigilConfig;
  /** The placement synth rendered the artifacts and specs with (the droplet's). */
  placement: Placement;
  /** synth(config, placement, …): every file the services read. */
  artifacts: readonly Artifact[];
  /** serviceSpecs(config, placement, …): flags and environment of each service. */
  specs: Partial<Record<ServiceName, ServiceSpec>>;
  /** The vigil exporter bundle (exporterBundleText() of scripts/build-exporter.ts). */
  exporterBundle: string;
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

    const plans = planContainers({
      placement: args.placement,
      specs: args.specs,
      artifacts: args.artifacts,
      secretValues: secretValuesOf(args.config),
      exporterBundle: args.exporterBundle,
    });

    // Host-key handling is the docker CLI's default (the droplet's key must be known to
    // ssh); turning checking off would let anyone on the path drive Docker as root. A later
    // change pins the droplet's host key instead.
    const host = pulumi.interpolate`ssh://root@${args.hostIp}`;
    const provider = new docker.Provider(name, { host }, { parent: this });
    const children = { parent: this, provider };

    const network = new docker.Network(name, { name: "vigil" }, children);

    const images = new Map<string, docker.RemoteImage>();
    const containers: Record<string, docker.Container> = {};
    for (const [containerName, plan] of Object.entries(plans)) {
      let image = images.get(plan.image);
      if (!image) {
        // keepLocally: an old image is removed by hand, never by a pin change racing the
        // container that still runs it.
        image = new docker.RemoteImage(`${name}-${containerName}`, { name: plan.image, keepLocally: true }, children);
        images.set(plan.image, image);
      }
      const volumes = plan.volumes.map(({ volume, containerPath }) => ({
        volumeName: new docker.Volume(`${name}-${volume}`, { name: volume }, children).name,
        containerPath,
      }));
      containers[containerName] = new docker.Container(
        `${name}-${containerName}`,
        {
          name: containerName,
          image: image.imageId,
          // No flags (grafana, configured by env alone): keep the image's own command.
          command: plan.command.length > 0 ? plan.command.map(stateValue) : undefined,
          envs: plan.envs.map(stateValue),
          uploads: plan.uploads.map((upload) => ({ file: upload.file, content: stateValue(upload) })),
          ports: plan.ports,
          volumes,
          mounts: plan.hostMounts.map(({ source, target }) => ({
            type: "bind",
            source,
            target,
            readOnly: true,
            // rslave: filesystems the host mounts later (a data volume) show up too.
            bindOptions: { propagation: "rslave" },
          })),
          pidMode: plan.pidMode,
          user: plan.user,
          networksAdvanced: [{ name: network.name }],
          restart: "unless-stopped",
          // Docker's default json-file log grows without bound and would fill the disk.
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

/** A planned value as a resource input: secret ones are encrypted in the Pulumi state. */
function stateValue(planned: PlannedValue): pulumi.Input<string> {
  return planned.secret ? pulumi.secret(planned.value) : planned.value;
}
