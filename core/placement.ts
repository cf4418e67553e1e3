import type { ArtifactRoot, DataMount, ServiceName } from "./catalog";
import { byConfigTree, HOST_CONTAINERS, LOG_INGEST_PORT, SERVICE_CATALOG, SERVICES, VIGIL_INGEST_PORT } from "./catalog";

// Where each service runs and listens. On the droplet, services are containers on one
// docker network and reach each other by container name; locally, every service is a
// process on 127.0.0.1 with a free port. Synth only reads this; it never looks around.

export interface Endpoint {
  host: string;
  port: number;
}

/** Every port a placement assigns: one per service, plus the vigil exporter's ingest listener and vmauth's proxy. */
export const PORT_NAMES = [...SERVICES, "vigilIngest", "logIngest"] as const;
export type PortName = (typeof PORT_NAMES)[number];

/**
 * The services that keep state: each has a data directory (on the droplet, on the data
 * volume). Named here so renderers can use `dataDirs.prometheus` without a check; it must
 * list exactly the catalog's entries with `data`, which loading this module verifies.
 */
export const STATEFUL_SERVICES = ["prometheus", "alertmanager", "grafana", "vigilExporter", "victoriaLogs", "fluentBit"] as const satisfies readonly ServiceName[];
export type StatefulService = (typeof STATEFUL_SERVICES)[number];

const withData = SERVICES.filter((service) => SERVICE_CATALOG[service].data);
if (withData.join() !== STATEFUL_SERVICES.join()) {
  throw new Error(`STATEFUL_SERVICES (${STATEFUL_SERVICES.join(", ")}) must list the catalog's services with data (${withData.join(", ")})`);
}

/**
 * Where a log shipper finds logs: Docker's json-file logs of every container (the droplet; an
 * application host running containers), or plain files, each the log of one named service.
 */
export type LogSources = { kind: "docker"; path: string } | { kind: "files"; files: Record<string, string> };

/** Where Docker's json-file log driver writes each container's log. */
export const DOCKER_JSON_LOGS = "/var/lib/docker/containers/*/*-json.log";

/** The local stack's processes besides vigil's services, by the name their log file has. */
export const LOCAL_STAND_INS = ["demo-app", "postgresql", "redis"] as const;

export interface Placement {
  /** How other services reach each service. */
  endpoints: Record<ServiceName, Endpoint>;
  /**
   * The vigil exporter's second listener: POST /events and the Sentry relay, which the
   * application reaches (on the droplet, published on the private VPC address only). The
   * first listener (endpoints.vigilExporter: metrics, status webhook, admin API) stays internal.
   */
  ingest: Endpoint;
  /**
   * vmauth's proxy listener, in front of VictoriaLogs' insert endpoints: where the application
   * hosts' shippers send logs with the ingest token (on the droplet, published on the private
   * VPC address only). vmauth's other listener (endpoints.vmauth: /metrics, /health) stays internal.
   */
  logIngest: Endpoint;
  /**
   * Optional services (the catalog's `local.kind: "optional"`) this place cannot run: the local
   * stack's machine lacks their binary. They get no service spec, so no scrape job and no
   * process, and what needs them (`startAfter`) is left out with them. Empty on the droplet.
   */
  unavailable: readonly ServiceName[];
  /** The stack's own logs, for its shipper: every container's on the droplet, each process's file locally. */
  logSources: LogSources;
  /** The address services bind to: every interface of a container, or loopback. */
  bindHost: string;
  /** Directory each artifact tree is mounted at: `prometheus/x.yml` → `${mounts.prometheus}/x.yml`. */
  mounts: Record<ArtifactRoot, string>;
  /** Persistent data directory of each stateful service. */
  dataDirs: Record<StatefulService, string>;
  /** URLs an operator opens (through the SSH tunnel on the droplet), used in links. */
  externalUrls: Record<"prometheus" | "alertmanager" | "grafana", string>;
  /** cAdvisor, scraped for per-container metrics; only the droplet runs it. */
  cadvisor?: Endpoint;
  /**
   * How a secret reaches a service that can read it from a file: `file` on the droplet, where
   * `docker inspect` and the provider's state would show an environment value; `environment`
   * for the local stack's processes, which run the same binaries with the values set.
   */
  secretDelivery: "file" | "environment";
  /**
   * node-exporter in the host's namespaces (the droplet's real interfaces and processes): it
   * listens on `listenHost` alone and reads the host's filesystems under `rootfs`. Absent: a
   * plain process that sees the machine it runs on.
   */
  hostExporter?: { listenHost: string; rootfs: string };
  /**
   * Networks whose X-Forwarded-For the relay believes when vigil's HTTPS entry (Caddy) runs:
   * on the droplet, the docker network it reaches the exporter over.
   */
  httpsEntryNetworks: string[];
}

/**
 * The droplet's docker network, with a fixed subnet: node-exporter runs in the host's
 * network namespace (real interfaces and sockets) and listens on this network's gateway
 * address alone, which Prometheus reaches under the name `node-exporter`.
 */
export const DROPLET_DOCKER_NETWORK = { name: "vigil", subnet: "172.28.0.0/16", gateway: "172.28.0.1" } as const;

export function address(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}

/** Container names double as hostnames on the droplet's docker network. */
export const DROPLET_CONTAINER_NAMES: Record<ServiceName, string> = mapServices((service) => SERVICE_CATALOG[service].container);

/** Each service's usual port; the SSH tunnel forwards the operator-facing ones unchanged. */
export const DEFAULT_PORTS: Record<PortName, number> = {
  ...mapServices((service) => SERVICE_CATALOG[service].port),
  vigilIngest: VIGIL_INGEST_PORT,
  logIngest: LOG_INGEST_PORT,
};

/** The second listener of each service with one (the catalog's droplet.privatePort), as the placement assigns it. */
export function privateListener(placement: Placement, service: ServiceName): Endpoint | undefined {
  if (service === "vigilExporter") return placement.ingest;
  if (service === "vmauth") return placement.logIngest;
  return undefined;
}

function mapServices<T>(make: (service: ServiceName) => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICES.map((service) => [service, make(service)])) as Record<ServiceName, T>;
}

/** Each stateful service's data directory, by its catalog entry: `at(data)` gives it. */
function dataDirs(at: (data: DataMount) => string): Record<StatefulService, string> {
  const dirs = STATEFUL_SERVICES.map((service) => [service, at(SERVICE_CATALOG[service].data as DataMount)] as const);
  return Object.fromEntries(dirs) as Record<StatefulService, string>;
}

/** Where the exporter keeps the status state on the droplet: the infra mounts a volume here. */
export const DROPLET_STATUS_DATA_DIR = dataDirs((data) => data.target).vigilExporter;

export function dropletPlacement(): Placement {
  return {
    endpoints: mapServices((service) => ({ host: DROPLET_CONTAINER_NAMES[service], port: DEFAULT_PORTS[service] })),
    ingest: { host: DROPLET_CONTAINER_NAMES.vigilExporter, port: DEFAULT_PORTS.vigilIngest },
    logIngest: { host: DROPLET_CONTAINER_NAMES.vmauth, port: DEFAULT_PORTS.logIngest },
    unavailable: [],
    logSources: { kind: "docker", path: DOCKER_JSON_LOGS },
    bindHost: "0.0.0.0",
    mounts: byConfigTree((tree) => tree.mount),
    dataDirs: dataDirs((data) => data.target),
    externalUrls: {
      prometheus: `http://localhost:${DEFAULT_PORTS.prometheus}`,
      alertmanager: `http://localhost:${DEFAULT_PORTS.alertmanager}`,
      grafana: `http://localhost:${DEFAULT_PORTS.grafana}`,
    },
    cadvisor: { host: HOST_CONTAINERS.cadvisor.container, port: HOST_CONTAINERS.cadvisor.port },
    secretDelivery: "file",
    // The host's root is mounted at /host in node-exporter's container.
    hostExporter: { listenHost: DROPLET_DOCKER_NETWORK.gateway, rootfs: "/host" },
    httpsEntryNetworks: [DROPLET_DOCKER_NETWORK.subnet],
  };
}

/** Consecutive ports from `first`, in the order of PORT_NAMES (tests that need fixed ports). */
export function consecutivePorts(first: number): Record<PortName, number> {
  return Object.fromEntries(PORT_NAMES.map((name, index) => [name, first + index])) as Record<PortName, number>;
}

/**
 * Everything on 127.0.0.1 with the given ports, artifacts and data under `root`; `unavailable`
 * names the optional services whose binary this machine lacks.
 */
export function localPlacement(root: string, ports: Record<PortName, number>, unavailable: readonly ServiceName[] = []): Placement {
  const url = (service: ServiceName) => `http://127.0.0.1:${ports[service]}`;
  return {
    endpoints: mapServices((service) => ({ host: "127.0.0.1", port: ports[service] })),
    ingest: { host: "127.0.0.1", port: ports.vigilIngest },
    logIngest: { host: "127.0.0.1", port: ports.logIngest },
    unavailable,
    // The local stack's ProcessGroup writes each process's output to logs/<name>.log.
    logSources: { kind: "files", files: Object.fromEntries([...SERVICES, ...LOCAL_STAND_INS].map((name) => [name, `${root}/logs/${name}.log`])) },
    bindHost: "127.0.0.1",
    mounts: byConfigTree((tree) => `${root}/${tree.root}`),
    dataDirs: dataDirs((data) => `${root}/data/${data.dir}`),
    externalUrls: { prometheus: url("prometheus"), alertmanager: url("alertmanager"), grafana: url("grafana") },
    secretDelivery: "environment",
    httpsEntryNetworks: [],
  };
}
