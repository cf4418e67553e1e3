import type { HostContainer, ServiceEntry, ServiceName } from "../core/catalog";
import { byConfigTree, HOST_CONTAINERS, SERVICE_CATALOG, SERVICES } from "../core/catalog";
import type { Placement } from "../core/placement";
import { address, DEFAULT_PORTS, DROPLET_CONTAINER_NAMES, DROPLET_DOCKER_NETWORK, privateListener } from "../core/placement";
import type { Artifact } from "../synth/artifact";
import { artifactRoot } from "../synth/artifact";
import { fillSecrets, placeholdersIn } from "../synth/secrets";
import type { ServiceSpec } from "../synth/services";
import { dataPath } from "./data-volume";
import { caddyfile } from "./https-entry";
import { memoryLimitsMib } from "./sizing";

// What runs on the droplet, as pure data: every container's image, command, environment,
// files, ports, mounts and limits, read off the service catalog and synth's output. Pure,
// so the security-relevant choices (what is published where, what is secret) are tested
// without mocks; infra/containers.ts turns the plan into docker resources.

export type ContainerKind = ServiceName | HostContainer;

/**
 * Where a published port is bound: the droplet's loopback (tunnel only), its private VPC
 * address (the exporter's ingest port, for the application), or its public address (the
 * HTTPS entry). Never every interface.
 */
export type PortBinding = "loopback" | "private" | "public";

/** Host paths each container reads, mounted read-only. */
const HOST_MOUNTS: Partial<Record<ContainerKind, Array<{ source: string; target: string }>>> = {
  // node-exporter reads the host's filesystems through /host (--path.rootfs).
  nodeExporter: [{ source: "/", target: "/host" }],
  // Alertmanager's business-hours time interval names a time zone; the image carries no
  // tz database, so it reads the droplet's.
  alertmanager: [{ source: "/usr/share/zoneinfo", target: "/usr/share/zoneinfo" }],
  // Fluent Bit tails every container's json-file log (placement.logSources), read-only.
  fluentBit: [{ source: "/var/lib/docker/containers", target: "/var/lib/docker/containers" }],
  // cAdvisor's documented mounts for a Docker host (its README, "Quick Start"): the root
  // file system, the docker daemon's socket and state, cgroups under /sys, and disk ids.
  cadvisor: [
    { source: "/", target: "/rootfs" },
    { source: "/var/run", target: "/var/run" },
    { source: "/sys", target: "/sys" },
    { source: "/var/lib/docker", target: "/var/lib/docker" },
    { source: "/dev/disk", target: "/dev/disk" },
  ],
};

/** Where the vigil exporter's bundle lands in its container. */
export const EXPORTER_BUNDLE_PATH = requiredBundlePath(SERVICE_CATALOG.vigilExporter);
/** Where Caddy reads its config. */
export const CADDYFILE_PATH = "/etc/caddy/Caddyfile";

function requiredBundlePath(entry: ServiceEntry): string {
  if (!entry.droplet?.nodeBundle) throw new Error(`${entry.container} has no bundle path in the catalog`);
  return entry.droplet.nodeBundle;
}

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
  /** Pinned image reference (the service catalog's). */
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
  /** Host devices passed in (`--device`). */
  devices: Array<{ hostPath: string; containerPath: string }>;
  /**
   * SECURITY: every capability and device of the host (`--privileged`). cAdvisor alone, as its
   * documentation asks on Docker hosts; the policy pack refuses it anywhere else.
   */
  privileged?: true;
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
  /**
   * Secret values by config path, the names placeholders carry. A placeholder whose path is
   * in `deferred` stays as it is (its value exists only at deploy time); any other missing
   * one throws, naming the secret.
   */
  secretValues: ReadonlyMap<string, string>;
  deferred?: ReadonlySet<string>;
  /** The vigil exporter as one CommonJS file on this machine, and its sha256. */
  exporterBundle: { path: string; hash: string };
  /** The droplet's size slug: memory limits follow it. */
  dropletSize: string;
  /** The public HTTPS entry, when configured. */
  httpsEntry?: { domain: string; tunnelPath: string; acmeEmail?: string };
}

/** `wget` against the container's own listener: every image here with a shell has busybox's. */
function httpCheck(hostPort: string, path: string): string[] {
  return ["CMD", "wget", "-q", "-O", "/dev/null", `http://${hostPort}${path}`];
}


/**
 * What runs on the droplet, by container name. Anything that held a placeholder comes back
 * `secret: true`; a placeholder with no value throws, naming the secret.
 */
export function planContainers(input: ContainerPlanInput): Record<string, ContainerPlan> {
  const { placement, specs } = input;
  const fill = secretFiller(input.secretValues, input.deferred ?? new Set());
  const uploads = plannedUploads(input, fill);
  const hostNamespaceGateway = placement.hostExporter?.listenHost ?? DROPLET_DOCKER_NETWORK.gateway;

  const base = (kind: ContainerKind, image: string, healthcheck: string[] | undefined, data: { dir: string; target: string } | undefined): ContainerPlan => ({
    kind,
    image,
    command: [],
    envs: [],
    uploads: uploads.get(kind) ?? [],
    ports: [],
    dataMounts: data ? [{ source: dataPath(data), target: data.target }] : [],
    hostMounts: HOST_MOUNTS[kind] ?? [],
    devices: [],
    ...(healthcheck ? { healthcheck } : {}),
    memoryMib: 0,
    hosts: [],
  });

  const inHostNamespaces = SERVICES.filter((service) => specs[service] && SERVICE_CATALOG[service].droplet?.hostNamespaces);
  const plans: Record<string, ContainerPlan> = {};
  for (const service of SERVICES) {
    const spec = specs[service];
    if (!spec) continue;
    const entry = SERVICE_CATALOG[service];
    const droplet = entry.droplet ?? {};
    const port = placement.endpoints[service].port;
    // A container in the host's namespaces listens on the docker network's gateway alone.
    const probeHost = droplet.hostNamespaces ? hostNamespaceGateway : "127.0.0.1";
    // The prom/* and exporter images have the binary as entrypoint, so the command is just
    // its flags; the node image's entrypoint runs whatever command it is given.
    const command = droplet.nodeBundle ? ["node", droplet.nodeBundle, ...spec.args] : spec.args;
    const ports: PlannedPort[] = entry.tunnelled ? [{ internal: port, external: DEFAULT_PORTS[service], bind: "loopback" }] : [];
    // SECURITY: the listeners for the application (the exporter's events and Sentry relay,
    // vmauth's log ingest) on the private VPC address alone.
    const listener = privateListener(placement, service);
    if (droplet.privatePort) {
      if (!listener) throw new Error(`${service} has a private port in the catalog but no private listener in the placement`);
      ports.push({ internal: listener.port, external: droplet.privatePort, bind: "private" });
    }
    plans[DROPLET_CONTAINER_NAMES[service]] = {
      ...base(service, entry.image, entry.healthPath ? httpCheck(`${probeHost}:${port}`, entry.healthPath) : undefined, entry.data),
      command: command.map(fill),
      envs: Object.entries(spec.env).map(([key, value]) => fill(`${key}=${value}`)),
      ports,
      ...(droplet.hostNamespaces ? { networkMode: "host" as const, pidMode: "host" as const } : {}),
      // The services in the host's namespaces listen on the docker network's gateway; the
      // scraper keeps reaching them by name.
      ...(entry.scrapes
        ? { hosts: inHostNamespaces.map((other) => ({ host: placement.endpoints[other].host, ip: hostNamespaceGateway })) }
        : {}),
      ...(droplet.user ? { user: droplet.user } : {}),
    };
  }

  const cadvisor = HOST_CONTAINERS.cadvisor;
  plans[cadvisor.container] = {
    ...base("cadvisor", cadvisor.image, httpCheck(`127.0.0.1:${cadvisor.port}`, cadvisor.healthPath), undefined),
    command: ["--docker_only=true", "--housekeeping_interval=30s", "--store_container_labels=false", `--port=${cadvisor.port}`].map(fill),
    // As its README runs it on a Docker host: privileged (without it some containers'
    // cgroup statistics go missing), with the kernel's log (/dev/kmsg), which it reads for
    // the OOM kills it reports.
    privileged: true,
    devices: [{ hostPath: "/dev/kmsg", containerPath: "/dev/kmsg" }],
  };
  if (placement.cadvisor && placement.cadvisor.port !== cadvisor.port) {
    throw new Error(`placement scrapes cAdvisor on ${address(placement.cadvisor)}, but it listens on ${cadvisor.port}`);
  }

  if (input.httpsEntry) {
    const caddy = HOST_CONTAINERS.caddy;
    plans[caddy.container] = {
      ...base("caddy", caddy.image, httpCheck(`127.0.0.1:${caddy.healthPort}`, caddy.healthPath), caddy.data),
      uploads: [{ file: CADDYFILE_PATH, ...fill(caddyfile({ ...input.httpsEntry, upstream: address(placement.ingest) })) }],
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

/** Fills known secrets; deferred ones keep their placeholder, which marks the value secret. */
function secretFiller(values: ReadonlyMap<string, string>, deferred: ReadonlySet<string>): (text: string) => PlannedValue {
  const known = new Map(values);
  for (const path of deferred) if (!known.has(path)) known.set(path, `<<vigil-secret:${path}>>`);
  return (text) => (placeholdersIn(text).length === 0 ? { value: text, secret: false } : { value: fillSecrets(text, known), secret: true });
}

/** Each container's files: synth's trees, the services' own files, the exporter bundle. */
function plannedUploads(input: ContainerPlanInput, fill: (text: string) => PlannedValue): Map<ContainerKind, PlannedUpload[]> {
  const { placement, specs } = input;
  const owners = byConfigTree((_tree, service) => service);
  const uploads = new Map<ContainerKind, PlannedUpload[]>();
  const addUpload = (kind: ContainerKind, upload: PlannedUpload): void => {
    uploads.set(kind, [...(uploads.get(kind) ?? []), upload]);
  };
  for (const artifact of input.artifacts) {
    const root = artifactRoot(artifact);
    const owner = owners[root];
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
  for (const service of SERVICES) {
    const bundle = SERVICE_CATALOG[service].droplet?.nodeBundle;
    if (bundle && specs[service]) addUpload(service, { file: bundle, value: "", secret: false, source: input.exporterBundle });
  }
  return uploads;
}
